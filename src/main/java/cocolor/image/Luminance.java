package cocolor.image;

/**
 * Puts a given luminance into a colour image: what gray mode promises, since there the input
 * <i>is</i> the luminance (BT.601 luma, as {@link FloatImage#toGray}). Each pixel keeps its offset
 * from its own luminance (its chroma) on top of the new luminance, scaled down where that would
 * leave [0, 1], so out-of-gamut colours lose saturation, never luminance or hue; the CPU twin of
 * the network's {@code output: chroma} head.
 */
public final class Luminance {
    private Luminance() {}

    /** {@code rgb} (3 channels) with the luminance {@code luma} (1 channel, same size, in [0, 1]). */
    public static FloatImage replace(FloatImage rgb, FloatImage luma) {
        if (rgb.channels() != 3 || luma.channels() != 1 || rgb.height() != luma.height() || rgb.width() != luma.width()) {
            throw new IllegalArgumentException("needs an RGB image and a luminance of its size: " + rgb + ", " + luma);
        }
        int n = rgb.planeSize();
        float[] c = rgb.data();
        float[] l = luma.data();
        float[] out = new float[3 * n];
        for (int i = 0; i < n; i++) {
            float r = c[i];
            float g = c[n + i];
            float b = c[2 * n + i];
            float own = (float) (FloatImage.LUMA_R * r + FloatImage.LUMA_G * g + FloatImage.LUMA_B * b);
            float y = Math.min(1f, Math.max(0f, l[i]));
            float factor = Math.min(1f, Math.min(room(r - own, y), Math.min(room(g - own, y), room(b - own, y))));
            out[i] = clamp(y + factor * (r - own));
            out[n + i] = clamp(y + factor * (g - own));
            out[2 * n + i] = clamp(y + factor * (b - own)); // the clamp only removes float rounding
        }
        return new FloatImage(3, rgb.height(), rgb.width(), out);
    }

    /** The largest scale of a chroma offset {@code d} that keeps {@code y + scale·d} in [0, 1]. */
    private static float room(float d, float y) {
        return d > 0 ? (1f - y) / d : d < 0 ? y / -d : Float.POSITIVE_INFINITY;
    }

    private static float clamp(float v) {
        return Math.min(1f, Math.max(0f, v));
    }
}
