package cocolor.data;

/**
 * A batch in host memory, laid out NCHW with images of {@code height}×{@code width}: {@code input}
 * is the one-channel network input (NIR for paired data, gray for RGB-only photos), {@code rgb} the
 * colour target.
 */
public record Batch(int size, int height, int width, float[] input, float[] rgb) {}
