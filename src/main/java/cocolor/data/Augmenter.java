package cocolor.data;

import cocolor.image.FloatImage;
import java.util.SplittableRandom;

/**
 * Draws one training crop from a {@link Sample}: random window (zoomed by a random factor and
 * resampled bilinearly to the crop size), optional mirror, and photometric jitter of the input.
 * Pure function of the sample and the random source, so batches are reproducible.
 */
public final class Augmenter {
    private final AugmentSpec spec;

    public Augmenter(AugmentSpec spec) {
        this.spec = spec;
    }

    public AugmentSpec spec() {
        return spec;
    }

    /**
     * Writes the crop into {@code rgbOut} (3·c·c values at {@code rgbOff}) and, for paired
     * samples, {@code inputOut} (c·c values at {@code inOff}); for RGB-only samples the input plane
     * is the jittered luma of the crop.
     */
    public void crop(Sample s, SplittableRandom rng, float[] inputOut, int inOff, float[] rgbOut, int rgbOff) {
        int c = spec.crop();
        FloatImage rgb = s.rgb();
        int minSide = Math.min(rgb.height(), rgb.width());
        double zoom = spec.zoom()[0] + rng.nextDouble() * (spec.zoom()[1] - spec.zoom()[0]);
        int side = (int) Math.min(minSide, Math.round(c * zoom));
        int y0 = rng.nextInt(rgb.height() - side + 1);
        int x0 = rng.nextInt(rgb.width() - side + 1);
        boolean flip = spec.hflip() && rng.nextBoolean();
        double contrast = uniform(rng, spec.inputContrast());
        double brightness = uniform(rng, spec.inputBrightness());

        for (int ch = 0; ch < 3; ch++) {
            resample(rgb, ch, y0, x0, side, flip, rgbOut, rgbOff + ch * c * c);
        }
        int plane = c * c;
        if (s.paired()) {
            resample(s.nir(), 0, y0, x0, side, flip, inputOut, inOff);
        } else {
            for (int i = 0; i < plane; i++) {
                inputOut[inOff + i] = (float) (0.299 * rgbOut[rgbOff + i]
                        + 0.587 * rgbOut[rgbOff + plane + i]
                        + 0.114 * rgbOut[rgbOff + 2 * plane + i]);
            }
        }
        jitter(inputOut, inOff, plane, contrast, brightness);
    }

    private static double uniform(SplittableRandom rng, double[] range) {
        return range[0] == range[1] ? range[0] : range[0] + rng.nextDouble() * (range[1] - range[0]);
    }

    /** Contrast around the crop's mean, then brightness, clamped to [0,1]. */
    private static void jitter(float[] a, int off, int n, double contrast, double brightness) {
        if (contrast == 1 && brightness == 0) {
            return;
        }
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += a[off + i];
        }
        mean /= n;
        for (int i = 0; i < n; i++) {
            double v = (a[off + i] - mean) * contrast + mean + brightness;
            a[off + i] = (float) Math.max(0, Math.min(1, v));
        }
    }

    /** Bilinear resampling of the square window (y0, x0, side) of one channel to c×c. */
    private void resample(FloatImage img, int ch, int y0, int x0, int side, boolean flip, float[] out, int off) {
        int c = spec.crop();
        float[] src = img.data();
        int w = img.width();
        int base = ch * img.height() * w;
        if (side == c) {
            for (int y = 0; y < c; y++) {
                int row = base + (y0 + y) * w + x0;
                for (int x = 0; x < c; x++) {
                    out[off + y * c + (flip ? c - 1 - x : x)] = src[row + x];
                }
            }
            return;
        }
        // The source columns and weights are the same on every row: computed once per plane.
        double scale = (double) side / c;
        int[] ix0 = new int[c];
        int[] ix1 = new int[c];
        float[] fx = new float[c];
        for (int x = 0; x < c; x++) {
            double sx = Math.max(0, Math.min(side - 1, (x + 0.5) * scale - 0.5));
            ix0[x] = (int) sx;
            ix1[x] = Math.min(ix0[x] + 1, side - 1);
            fx[x] = (float) (sx - ix0[x]);
        }
        for (int y = 0; y < c; y++) {
            double sy = Math.max(0, Math.min(side - 1, (y + 0.5) * scale - 0.5));
            int iy = (int) sy;
            int iy1 = Math.min(iy + 1, side - 1);
            float fy = (float) (sy - iy);
            int r0 = base + (y0 + iy) * w + x0;
            int r1 = base + (y0 + iy1) * w + x0;
            int row = off + y * c;
            for (int x = 0; x < c; x++) {
                int a = ix0[x];
                int b = ix1[x];
                float top = src[r0 + a] + (src[r0 + b] - src[r0 + a]) * fx[x];
                float bottom = src[r1 + a] + (src[r1 + b] - src[r1 + a]) * fx[x];
                out[row + (flip ? c - 1 - x : x)] = top + (bottom - top) * fy;
            }
        }
    }
}
