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
     * Writes an h×w crop of {@code s} into {@code rgbOut} (3·h·w values at {@code rgbOff}) and, for
     * paired samples, {@code inputOut} (h·w values at {@code inOff}); for RGB-only samples the input
     * plane is the jittered luma of the crop. The window has the crop's aspect ratio and is a random
     * zoom times its size, less where the image is too small for that (it never leaves the image:
     * an image smaller than the crop is enlarged to it, one scale on both axes).
     */
    public void crop(Sample s, int h, int w, SplittableRandom rng, float[] inputOut, int inOff, float[] rgbOut, int rgbOff) {
        FloatImage rgb = s.rgb();
        double zoom = spec.zoom()[0] + rng.nextDouble() * (spec.zoom()[1] - spec.zoom()[0]);
        double scale = Math.min(zoom, Math.min((double) rgb.height() / h, (double) rgb.width() / w));
        Window win = new Window(h, w, (int) Math.min(rgb.height(), Math.round(h * scale)),
                (int) Math.min(rgb.width(), Math.round(w * scale)));
        int y0 = rng.nextInt(rgb.height() - win.sourceH + 1);
        int x0 = rng.nextInt(rgb.width() - win.sourceW + 1);
        boolean flip = spec.hflip() && rng.nextBoolean();
        double contrast = uniform(rng, spec.inputContrast());
        double brightness = uniform(rng, spec.inputBrightness());

        int plane = h * w;
        for (int ch = 0; ch < 3; ch++) {
            resample(rgb, ch, y0, x0, win, flip, rgbOut, rgbOff + ch * plane);
        }
        if (s.paired()) {
            resample(s.nir(), 0, y0, x0, win, flip, inputOut, inOff);
        } else {
            for (int i = 0; i < plane; i++) {
                inputOut[inOff + i] = (float) (0.299 * rgbOut[rgbOff + i]
                        + 0.587 * rgbOut[rgbOff + plane + i]
                        + 0.114 * rgbOut[rgbOff + 2 * plane + i]);
            }
        }
        jitter(inputOut, inOff, plane, contrast, brightness);
    }

    /** A crop of h×w pixels drawn from a sourceH×sourceW window of the image. */
    private record Window(int h, int w, int sourceH, int sourceW) {}

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

    /** Bilinear resampling of the window at (y0, x0) of one channel to the crop's size. */
    private static void resample(FloatImage img, int ch, int y0, int x0, Window win, boolean flip, float[] out, int off) {
        int h = win.h();
        int w = win.w();
        float[] src = img.data();
        int rowLength = img.width();
        int base = ch * img.height() * rowLength;
        if (win.sourceH() == h && win.sourceW() == w) {
            for (int y = 0; y < h; y++) {
                int row = base + (y0 + y) * rowLength + x0;
                for (int x = 0; x < w; x++) {
                    out[off + y * w + (flip ? w - 1 - x : x)] = src[row + x];
                }
            }
            return;
        }
        // The source columns and weights are the same on every row: computed once per plane.
        int[] ix0 = new int[w];
        int[] ix1 = new int[w];
        float[] fx = new float[w];
        for (int x = 0; x < w; x++) {
            double sx = sourcePosition(x, win.sourceW(), w);
            ix0[x] = (int) sx;
            ix1[x] = Math.min(ix0[x] + 1, win.sourceW() - 1);
            fx[x] = (float) (sx - ix0[x]);
        }
        for (int y = 0; y < h; y++) {
            double sy = sourcePosition(y, win.sourceH(), h);
            int iy = (int) sy;
            int iy1 = Math.min(iy + 1, win.sourceH() - 1);
            float fy = (float) (sy - iy);
            int r0 = base + (y0 + iy) * rowLength + x0;
            int r1 = base + (y0 + iy1) * rowLength + x0;
            int row = off + y * w;
            for (int x = 0; x < w; x++) {
                int a = ix0[x];
                int b = ix1[x];
                float top = src[r0 + a] + (src[r0 + b] - src[r0 + a]) * fx[x];
                float bottom = src[r1 + a] + (src[r1 + b] - src[r1 + a]) * fx[x];
                out[row + (flip ? w - 1 - x : x)] = top + (bottom - top) * fy;
            }
        }
    }

    /** Where output pixel {@code i} of {@code n} samples a source span of {@code source} pixels (centres aligned). */
    private static double sourcePosition(int i, int source, int n) {
        return Math.max(0, Math.min(source - 1, (i + 0.5) * ((double) source / n) - 0.5));
    }
}
