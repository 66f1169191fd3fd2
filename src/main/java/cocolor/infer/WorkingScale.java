package cocolor.infer;

/**
 * The scale at which a model colorizes best: that of the images it was trained on, given as their
 * shorter side in pixels ({@link ModelInfo#imageSize}). An input much larger than that shows the
 * network texture without a scene (a 512-pixel patch of a 3000×2000 photo is a few leaves), so it
 * is colorized reduced to about that scale and the colour carried back to full resolution.
 */
public record WorkingScale(int imageSize) {
    /**
     * Inputs whose shorter side exceeds this multiple of {@link #imageSize} are reduced: already at
     * about 2× the training scale, colorizing a reduced copy scored higher than colorizing at full
     * resolution, on 100 EPFL scenes measured from outside (14.71 against 14.62 dB) and on the val
     * images of both paired folders here (docs/large-images.md).
     */
    public static final double REDUCE_ABOVE = 1.5;

    public WorkingScale {
        if (imageSize <= 0) {
            throw new IllegalArgumentException("image size must be positive: " + imageSize);
        }
    }

    /** Whether an input of {@code height × width} is colorized reduced. */
    public boolean reduces(int height, int width) {
        return Math.min(height, width) > REDUCE_ABOVE * imageSize;
    }

    /**
     * The {height, width} to colorize an input of {@code height × width} at: its shorter side
     * brought to {@link #imageSize}, the aspect ratio kept. Only for inputs it {@link #reduces}.
     */
    public int[] reducedSize(int height, int width) {
        double f = (double) imageSize / Math.min(height, width);
        return new int[] {Math.max(1, (int) Math.round(height * f)), Math.max(1, (int) Math.round(width * f))};
    }
}
