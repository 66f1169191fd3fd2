package cocolor.eval;

import cocolor.image.FloatImage;

/**
 * How visible the seams of a tiled colorization are: the largest difference of a row mean (over
 * columns and channels) between the tiled result and the same image colorized in one pass, and
 * likewise of a column mean. A tile's edge shows as a band of rows or columns that is brighter or
 * darker as a whole, so it lands in these profiles; the image's own content does not, since it is
 * the same in both. Each jump is also given against the image's own variation: the standard
 * deviation of the one-pass result's row (column) means.
 */
public record SeamScore(double rowJump, double columnJump, double rowVariation, double columnVariation) {
    /** Scores {@code tiled} against {@code whole}, the same input colorized without tiles. */
    public static SeamScore of(FloatImage tiled, FloatImage whole) {
        if (!tiled.sameSize(whole) || tiled.channels() != whole.channels()) {
            throw new IllegalArgumentException("seams are measured between two colorizations of one image: " + tiled + ", " + whole);
        }
        double[][] t = means(tiled);
        double[][] w = means(whole);
        return new SeamScore(maxDifference(t[0], w[0]), maxDifference(t[1], w[1]), deviation(w[0]), deviation(w[1]));
    }

    /** The larger of the two jumps, each divided by its axis's variation. */
    public double relative() {
        return Math.max(rowJump / rowVariation, columnJump / columnVariation);
    }

    /** {row means, column means} over all channels. */
    private static double[][] means(FloatImage im) {
        int h = im.height();
        int w = im.width();
        double[] rows = new double[h];
        double[] cols = new double[w];
        float[] d = im.data();
        for (int c = 0; c < im.channels(); c++) {
            for (int y = 0; y < h; y++) {
                int row = (c * h + y) * w;
                for (int x = 0; x < w; x++) {
                    rows[y] += d[row + x];
                    cols[x] += d[row + x];
                }
            }
        }
        double perRow = (double) im.channels() * w;
        double perCol = (double) im.channels() * h;
        for (int y = 0; y < h; y++) {
            rows[y] /= perRow;
        }
        for (int x = 0; x < w; x++) {
            cols[x] /= perCol;
        }
        return new double[][] {rows, cols};
    }

    private static double maxDifference(double[] a, double[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    private static double deviation(double[] v) {
        double mean = 0;
        for (double x : v) {
            mean += x;
        }
        mean /= v.length;
        double sq = 0;
        for (double x : v) {
            sq += (x - mean) * (x - mean);
        }
        return Math.sqrt(sq / v.length);
    }
}
