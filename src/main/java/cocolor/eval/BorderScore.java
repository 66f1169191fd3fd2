package cocolor.eval;

import cocolor.image.FloatImage;

/**
 * How much a colorization's colours next to an image edge owe to the edge itself. Colorize an image
 * and, separately, the image with a strip cut off along one edge: the cut makes a new edge where
 * the first colorization had interior. In a band along that new edge, the mean chroma difference
 * between the two (the first cropped the same way) is the network's response to an edge; content
 * cannot move it, since both saw the same pixels there, and the scene keeps its layout (a sky
 * stays on top), unlike a mirrored or flipped image. Chroma is the pixel's offset from its luma,
 * (R−Y, G−Y, B−Y), its difference summed over the three in absolute value.
 *
 * <p>The bundled gray colorizer once painted saturated rainbow stripes in the first 10 to 40
 * columns of some photos: a band score of 0.25 at the left edge where the interior differed by 0.03.
 */
public final class BorderScore {
    /** The four edges, in the order of {@link #crop}'s cuts. */
    public enum Edge {
        LEFT,
        RIGHT,
        TOP,
        BOTTOM
    }

    private BorderScore() {}

    /** {@code image} without a strip of {@code cut} pixels along {@code edge}. */
    public static FloatImage crop(FloatImage image, Edge edge, int cut) {
        int h = image.height();
        int w = image.width();
        return switch (edge) {
            case LEFT -> image.crop(0, cut, h, w - cut);
            case RIGHT -> image.crop(0, 0, h, w - cut);
            case TOP -> image.crop(cut, 0, h - cut, w);
            case BOTTOM -> image.crop(0, 0, h - cut, w);
        };
    }

    /**
     * The mean chroma difference between two RGB colorizations of the same pixels in the band of
     * {@code band} pixels along {@code edge}.
     */
    public static double band(FloatImage a, FloatImage b, Edge edge, int band) {
        if (a.channels() != 3 || b.channels() != 3 || !a.sameSize(b)) {
            throw new IllegalArgumentException("a border band compares two RGB colorizations of one image: " + a + ", " + b);
        }
        int h = a.height();
        int w = a.width();
        return switch (edge) {
            case LEFT -> meanDifference(a, b, 0, h, 0, band);
            case RIGHT -> meanDifference(a, b, 0, h, w - band, w);
            case TOP -> meanDifference(a, b, 0, band, 0, w);
            case BOTTOM -> meanDifference(a, b, h - band, h, 0, w);
        };
    }

    /** The same difference over the part of the image at least {@code band} pixels from every edge. */
    public static double interior(FloatImage a, FloatImage b, int band) {
        return meanDifference(a, b, band, a.height() - band, band, a.width() - band);
    }

    private static double meanDifference(FloatImage a, FloatImage b, int y0, int y1, int x0, int x1) {
        int n = a.planeSize();
        int w = a.width();
        float[] x = a.data();
        float[] y = b.data();
        double sum = 0;
        for (int row = y0; row < y1; row++) {
            for (int col = x0; col < x1; col++) {
                int i = row * w + col;
                double lumaA = FloatImage.LUMA_R * x[i] + FloatImage.LUMA_G * x[n + i] + FloatImage.LUMA_B * x[2 * n + i];
                double lumaB = FloatImage.LUMA_R * y[i] + FloatImage.LUMA_G * y[n + i] + FloatImage.LUMA_B * y[2 * n + i];
                for (int c = 0; c < 3; c++) {
                    sum += Math.abs((x[c * n + i] - lumaA) - (y[c * n + i] - lumaB));
                }
            }
        }
        return sum / ((double) (y1 - y0) * (x1 - x0));
    }
}
