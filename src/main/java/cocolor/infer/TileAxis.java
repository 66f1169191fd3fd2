package cocolor.infer;

/**
 * How tiles cover one axis of the padded image: tile origins (multiples of the network stride),
 * the part of the axis each tile owns for pooling (disjoint, boundaries in the middle of the
 * overlaps), and blending weights that are 0 within a border band of each edge shared with a
 * neighbour (where a network sees a false image edge), ramp linearly in the middle of the overlap
 * and sum to 1 at every position. A 2-D tile weight is the product of its row and column weights, so the 2-D
 * weights sum to 1 too and no weight plane of the image size is needed.
 */
final class TileAxis {
    private final int length;
    private final int tile;
    private final int[] origins;
    private final int[] ownStart;
    private final float[][] weights;

    /**
     * @param length padded length (a multiple of {@code stride})
     * @param tile tile length (a multiple of {@code stride}); one tile of {@code length} if larger
     * @param overlap minimum overlap of neighbouring tiles (a multiple of {@code stride}, &lt; tile)
     * @param border band along shared edges whose outputs get no weight ({@code 2 * border < overlap})
     */
    TileAxis(int length, int tile, int overlap, int border, int stride) {
        this.length = length;
        this.tile = Math.min(tile, length);
        int step = this.tile - overlap;
        int n = this.tile == length ? 1 : 1 + ceilDiv(length - this.tile, step);
        origins = new int[n];
        for (int i = 0; i < n; i++) {
            origins[i] = Math.min(i * step, length - this.tile); // the last one ends at the edge
        }
        ownStart = new int[n + 1];
        for (int i = 1; i < n; i++) {
            int mid = (origins[i] + origins[i - 1] + this.tile) / 2;
            ownStart[i] = mid / stride * stride;
        }
        ownStart[n] = length;
        weights = normalizedRamps(overlap, border);
    }

    private float[][] normalizedRamps(int overlap, int border) {
        int n = origins.length;
        float[][] w = new float[n][tile];
        double[] sum = new double[length];
        double ramp = Math.max(1, overlap - 2 * border);
        for (int i = 0; i < n; i++) {
            // Each shared edge fades over `ramp` pixels centred in the two tiles' actual overlap,
            // which can be far wider than the minimum (the last tile ends at the axis's end): the
            // outputs used stay at least `border` from either tile's false edge, and as far from
            // it as the overlap allows. Image edges get full weight.
            double rise = i > 0 ? (origins[i] + origins[i - 1] + tile) / 2.0 - ramp / 2 : Double.NEGATIVE_INFINITY;
            double fall = i < n - 1 ? (origins[i + 1] + origins[i] + tile) / 2.0 + ramp / 2 : Double.POSITIVE_INFINITY;
            for (int p = 0; p < tile; p++) {
                double centre = origins[i] + p + 0.5;
                double in = Math.min(centre - rise, fall - centre) / ramp;
                w[i][p] = (float) Math.max(0.0, Math.min(1.0, in));
                sum[origins[i] + p] += w[i][p];
            }
        }
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < tile; p++) {
                w[i][p] = (float) (w[i][p] / sum[origins[i] + p]);
            }
        }
        return w;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    int count() {
        return origins.length;
    }

    int tile() {
        return tile;
    }

    int origin(int i) {
        return origins[i];
    }

    /** Start (inclusive) and end (exclusive) of the part of the axis tile {@code i} owns, in axis coordinates. */
    int ownStart(int i) {
        return ownStart[i];
    }

    int ownEnd(int i) {
        return ownStart[i + 1];
    }

    /** Blending weight of position {@code p} (0-based within the tile) of tile {@code i}. */
    float weight(int i, int p) {
        return weights[i][p];
    }
}
