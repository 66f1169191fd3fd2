package cocolor.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cocolor.image.FloatImage;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ErrorBreakdownTest {
    private static FloatImage randomRgb(long seed) {
        Random r = new Random(seed);
        float[] d = new float[3 * 16 * 16];
        for (int i = 0; i < d.length; i++) {
            d[i] = 0.2f + 0.6f * r.nextFloat();
        }
        return new FloatImage(3, 16, 16, d);
    }

    /** Adds {@code perPixel[i]} to every channel of pixel i: a pure brightness error. */
    private static FloatImage brighten(FloatImage img, float[] perPixel) {
        float[] d = img.data().clone();
        int n = img.planeSize();
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < n; i++) {
                d[c * n + i] += perPixel[i];
            }
        }
        return new FloatImage(3, img.height(), img.width(), d);
    }

    @Test
    void aBrightnessErrorDisappearsWithTheTrueLuminance() {
        FloatImage gt = randomRgb(1);
        float[] offsets = new float[gt.planeSize()];
        Random r = new Random(2);
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = (r.nextFloat() - 0.5f) * 0.3f;
        }
        ErrorBreakdown b = ErrorBreakdown.of(brighten(gt, offsets), gt);
        assertTrue(b.psnr() < 30, "the prediction is off: " + b.psnr());
        assertTrue(b.trueLuminancePsnr() > 60, "luminance was the only error: " + b.trueLuminancePsnr());
        assertTrue(b.trueMeanColourPsnr() < 35, "a per-pixel error is not a global cast: " + b.trueMeanColourPsnr());
    }

    @Test
    void aGlobalCastDisappearsWithTheTrueMeanColour() {
        FloatImage gt = randomRgb(3);
        float[] d = gt.data().clone();
        int n = gt.planeSize();
        for (int i = 0; i < n; i++) {
            d[i] += 0.1f;         // redder
            d[2 * n + i] -= 0.1f; // less blue
        }
        ErrorBreakdown b = ErrorBreakdown.of(new FloatImage(3, 16, 16, d), gt);
        assertTrue(b.trueMeanColourPsnr() > 60, "the cast was the only error: " + b.trueMeanColourPsnr());
        assertTrue(b.trueLuminancePsnr() < 40, "a tint is a chroma error: " + b.trueLuminancePsnr());
        assertEquals(Metrics.psnr(new FloatImage(3, 16, 16, d), gt), b.psnr(), 1e-12);
    }

    @Test
    void theBiasIsTheSignedMeanLuminanceDifference() {
        FloatImage gt = randomRgb(4);
        float[] darker = new float[gt.planeSize()];
        Arrays.fill(darker, -0.05f);
        assertEquals(-0.05, ErrorBreakdown.of(brighten(gt, darker), gt).brightnessBias(), 1e-5);
        float[] mixed = new float[gt.planeSize()];
        for (int i = 0; i < mixed.length; i++) {
            mixed[i] = i % 2 == 0 ? 0.1f : -0.1f; // brighter and darker in equal parts: no bias
        }
        assertEquals(0, ErrorBreakdown.of(brighten(gt, mixed), gt).brightnessBias(), 1e-5);
        assertEquals(0, ErrorBreakdown.of(gt, gt).brightnessBias(), 0.0);
    }

    @Test
    void meanAveragesInDecibels() {
        ErrorBreakdown m = ErrorBreakdown.mean(List.of(new ErrorBreakdown(10, 20, 30, -0.1), new ErrorBreakdown(20, 40, 50, 0.3)));
        assertEquals(15, m.psnr());
        assertEquals(30, m.trueLuminancePsnr());
        assertEquals(40, m.trueMeanColourPsnr());
        assertEquals(0.1, m.brightnessBias(), 1e-12);
    }
}
