package cocolor.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cocolor.TinyData;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ResampleTest {
    @Test
    void areaReductionAveragesTheBlockEachOutputPixelCovers() {
        FloatImage im = new FloatImage(1, 2, 4, new float[] {0, 1, 2, 3, 4, 5, 6, 7});
        FloatImage half = Resample.area(im, 1, 2);
        assertEquals((0 + 1 + 4 + 5) / 4f, half.get(0, 0, 0), 1e-6);
        assertEquals((2 + 3 + 6 + 7) / 4f, half.get(0, 0, 1), 1e-6);
    }

    @Test
    void areaReductionByAnyRatioKeepsTheMean() {
        FloatImage im = TinyData.colorOf(TinyData.smooth(97, 131, new Random(1)));
        FloatImage small = Resample.area(im, 13, 29); // ratios 7.46 and 4.52
        for (int c = 0; c < 3; c++) {
            assertEquals(mean(im, c), mean(small, c), 1e-5, "channel " + c);
        }
    }

    @Test
    void enlargingKeepsConstantsAndLinearRampsInside() {
        FloatImage ramp = new FloatImage(1, 5, 8);
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 8; x++) {
                ramp.set(0, y, x, 0.1f * x + 0.05f * y);
            }
        }
        for (FloatImage big : new FloatImage[] {Resample.bilinear(ramp, 20, 32), Resample.bicubic(ramp, 20, 32)}) {
            // Output pixel centre (i + 0.5)/4 - 0.5 in input pixels; away from the clamped edges.
            for (int y = 6; y < 14; y++) {
                for (int x = 6; x < 26; x++) {
                    double expected = 0.1 * ((x + 0.5) / 4 - 0.5) + 0.05 * ((y + 0.5) / 4 - 0.5);
                    assertEquals(expected, big.get(0, y, x), 1e-5, "at " + y + "," + x);
                }
            }
        }
    }

    private static double mean(FloatImage im, int c) {
        double s = 0;
        for (int i = 0; i < im.planeSize(); i++) {
            s += im.data()[c * im.planeSize() + i];
        }
        return s / im.planeSize();
    }
}
