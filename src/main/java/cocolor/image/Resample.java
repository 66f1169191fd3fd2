package cocolor.image;

/**
 * Resizes a {@link FloatImage} separably, in two passes (along rows, then along columns), each an
 * output position's weighted sum of a few input positions ({@link Taps}).
 *
 * <ul>
 *   <li>{@link #area}: every output pixel is the mean of the input area it covers (exact for
 *       any ratio, so no aliasing however large the reduction: a 6000×4000 photo brought to
 *       384×256 averages about 15×15 pixels into each);
 *   <li>{@link #bilinear}: linear interpolation between pixel centres, for enlarging;
 *   <li>{@link #bicubic}: Keys' cubic convolution (a = −0.5, as in most image editors), for
 *       enlarging, clamped to [0, 1].
 * </ul>
 *
 * Memory is the output and one intermediate of (input rows × output columns).
 */
public final class Resample {
    private Resample() {}

    /** {@code image} reduced to {@code h × w} by area averaging; neither side may grow. */
    public static FloatImage area(FloatImage image, int h, int w) {
        if (h > image.height() || w > image.width()) {
            throw new IllegalArgumentException("area reduction cannot enlarge " + image + " to " + h + "x" + w);
        }
        return resample(image, Taps.area(image.height(), h), Taps.area(image.width(), w));
    }

    /** {@code image} resized to {@code h × w} by bilinear interpolation (pixel centres aligned). */
    public static FloatImage bilinear(FloatImage image, int h, int w) {
        return resample(image, Taps.bilinear(image.height(), h), Taps.bilinear(image.width(), w));
    }

    /** {@code image} resized to {@code h × w} by bicubic interpolation (pixel centres aligned), clamped to [0, 1]. */
    public static FloatImage bicubic(FloatImage image, int h, int w) {
        FloatImage out = resample(image, Taps.bicubic(image.height(), h), Taps.bicubic(image.width(), w));
        float[] d = out.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.max(0f, Math.min(1f, d[i]));
        }
        return out;
    }

    private static FloatImage resample(FloatImage image, Taps rows, Taps cols) {
        int c = image.channels();
        int inH = image.height();
        int inW = image.width();
        int outH = rows.size();
        int outW = cols.size();
        float[] src = image.data();
        float[] across = new float[c * inH * outW];
        for (int plane = 0; plane < c * inH; plane++) {
            cols.apply(src, plane * inW, across, plane * outW);
        }
        float[] out = new float[c * outH * outW];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < outH; y++) {
                rows.combineRows(y, across, ch * inH * outW, outW, out, (ch * outH + y) * outW);
            }
        }
        return new FloatImage(c, outH, outW, out);
    }

    /**
     * For each of {@code size()} output positions along one axis: the first input position it
     * reads and the weights of it and the following ones (summing to 1).
     */
    static final class Taps {
        private final int[] first;
        private final float[][] weights;

        private Taps(int[] first, float[][] weights) {
            this.first = first;
            this.weights = weights;
        }

        /** Output cell i covers input [i·s, (i+1)·s), s = in/out ≥ 1; each input pixel weighs its overlap. */
        static Taps area(int in, int out) {
            double s = (double) in / out;
            return of(out, i -> {
                double lo = i * s;
                double hi = Math.min(in, (i + 1) * s);
                int j0 = (int) Math.floor(lo);
                float[] w = new float[Math.min(in, (int) Math.ceil(hi)) - j0];
                for (int k = 0; k < w.length; k++) {
                    w[k] = (float) ((Math.min(j0 + k + 1, hi) - Math.max(j0 + k, lo)) / (hi - lo));
                }
                return new Tap(j0, w);
            });
        }

        /** Linear interpolation at input position (i + 0.5)·in/out − 0.5, clamped to the edges. */
        static Taps bilinear(int in, int out) {
            double s = (double) in / out;
            return of(out, i -> {
                double p = Math.max(0, Math.min(in - 1, (i + 0.5) * s - 0.5));
                int j0 = Math.min((int) p, Math.max(0, in - 2));
                float f = (float) (p - j0);
                return new Tap(j0, in == 1 ? new float[] {1} : new float[] {1 - f, f});
            });
        }

        /** Keys' cubic at input position (i + 0.5)·in/out − 0.5; taps beyond an edge weigh on the edge pixel. */
        static Taps bicubic(int in, int out) {
            double s = (double) in / out;
            return of(out, i -> {
                double p = (i + 0.5) * s - 0.5;
                int j0 = (int) Math.floor(p);
                int lo = Math.max(0, Math.min(in - 1, j0 - 1));
                float[] w = new float[Math.max(0, Math.min(in - 1, j0 + 2)) - lo + 1];
                for (int k = -1; k <= 2; k++) {
                    int j = Math.max(0, Math.min(in - 1, j0 + k));
                    w[j - lo] += (float) keys(p - (j0 + k));
                }
                return new Tap(lo, w);
            });
        }

        /** One output position's first input position and weights. */
        private record Tap(int first, float[] weights) {}

        private static Taps of(int out, java.util.function.IntFunction<Tap> tap) {
            int[] first = new int[out];
            float[][] weights = new float[out][];
            for (int i = 0; i < out; i++) {
                Tap t = tap.apply(i);
                first[i] = t.first();
                weights[i] = t.weights();
            }
            return new Taps(first, weights);
        }

        /** Keys (1981) cubic convolution kernel with a = −0.5. */
        private static double keys(double x) {
            double t = Math.abs(x);
            if (t <= 1) {
                return (1.5 * t - 2.5) * t * t + 1;
            }
            return t < 2 ? ((-0.5 * t + 2.5) * t - 4) * t + 2 : 0;
        }

        int size() {
            return first.length;
        }

        int first(int i) {
            return first[i];
        }

        float[] weights(int i) {
            return weights[i];
        }

        /** Resamples one line: {@code src[srcOff ..]} (the input length) into {@code size()} values at {@code dstOff}. */
        void apply(float[] src, int srcOff, float[] dst, int dstOff) {
            for (int i = 0; i < first.length; i++) {
                float[] w = weights[i];
                int j = srcOff + first[i];
                float sum = 0;
                for (int k = 0; k < w.length; k++) {
                    sum += w[k] * src[j + k];
                }
                dst[dstOff + i] = sum;
            }
        }

        /**
         * Output line {@code i} of an axis whose lines are rows of {@code width} values starting
         * at {@code srcOff}: the weighted sum of the input rows it reads, written at {@code dstOff}.
         */
        void combineRows(int i, float[] src, int srcOff, int width, float[] dst, int dstOff) {
            float[] w = weights[i];
            int row = srcOff + first[i] * width;
            java.util.Arrays.fill(dst, dstOff, dstOff + width, 0f);
            for (int k = 0; k < w.length; k++, row += width) {
                float wk = w[k];
                for (int x = 0; x < width; x++) {
                    dst[dstOff + x] += wk * src[row + x];
                }
            }
        }
    }
}
