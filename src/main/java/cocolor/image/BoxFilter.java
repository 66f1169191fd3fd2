package cocolor.image;

/**
 * Mean over a square window, like {@code scipy.ndimage.uniform_filter(size=k)} with its default
 * {@code mode='reflect'} (half-sample symmetric: {@code d c b a | a b c d | d c b a}). Separable,
 * with running sums, so the cost per pixel does not depend on the window size.
 */
public final class BoxFilter {
    private final int size;
    private final int radius;

    /** @param size odd window side */
    public BoxFilter(int size) {
        if (size < 1 || size % 2 == 0) {
            throw new IllegalArgumentException("window size must be odd and positive: " + size);
        }
        this.size = size;
        this.radius = size / 2;
    }

    /** The filtered {@code h x w} plane (row-major); {@code src} is not modified. */
    public double[] apply(double[] src, int h, int w) {
        double[] rows = new double[h * w];
        int[] xs = reflectedIndices(w);
        for (int y = 0; y < h; y++) {
            int base = y * w;
            double sum = 0;
            for (int k = 0; k < size; k++) {
                sum += src[base + xs[k]];
            }
            rows[base] = sum;
            for (int x = 1; x < w; x++) {
                sum += src[base + xs[x + size - 1]] - src[base + xs[x - 1]];
                rows[base + x] = sum;
            }
        }
        // Vertical pass over whole rows at a time, which keeps memory access sequential.
        double[] out = new double[h * w];
        int[] ys = reflectedIndices(h);
        double[] sum = new double[w];
        for (int k = 0; k < size; k++) {
            addRow(sum, rows, ys[k] * w, 1);
        }
        double norm = 1.0 / ((double) size * size);
        for (int y = 0; y < h; y++) {
            if (y > 0) {
                addRow(sum, rows, ys[y + size - 1] * w, 1);
                addRow(sum, rows, ys[y - 1] * w, -1);
            }
            for (int x = 0; x < w; x++) {
                out[y * w + x] = sum[x] * norm;
            }
        }
        return out;
    }

    private static void addRow(double[] sum, double[] rows, int offset, int sign) {
        for (int x = 0; x < sum.length; x++) {
            sum[x] += sign * rows[offset + x];
        }
    }

    /** Source index for each position of the padded line, {@code -radius .. n-1+radius}. */
    private int[] reflectedIndices(int n) {
        int[] idx = new int[n + 2 * radius];
        for (int i = 0; i < idx.length; i++) {
            // Repeated reflection has period 2n; this also covers lines shorter than the radius.
            int m = Math.floorMod(i - radius, 2 * n);
            idx[i] = m < n ? m : 2 * n - 1 - m;
        }
        return idx;
    }
}
