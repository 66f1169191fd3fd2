package cocolor.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cocolor.TinyData;
import cocolor.TinyModel;
import cocolor.image.FloatImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PredictorTest {
    @Test
    void reflectPaddingMirrorsWithoutRepeatingTheEdge() {
        FloatImage im = new FloatImage(1, 1, 3, new float[] {1, 2, 3});
        float[] out = new float[3 * 7];
        Predictor.reflectWindow(im, 0, 0, 3, 7, out, 0);
        assertArrayEquals(new float[] {1, 2, 3, 2, 1, 2, 3}, java.util.Arrays.copyOfRange(out, 0, 7));
        assertArrayEquals(new float[] {1, 2, 3, 2, 1, 2, 3}, java.util.Arrays.copyOfRange(out, 14, 21));
    }

    @Test
    void aWindowStartingBeforeTheImageMirrorsIntoItFromTheFront() {
        FloatImage im = new FloatImage(1, 2, 3, new float[] {1, 2, 3, 4, 5, 6});
        float[] out = new float[4 * 6];
        Predictor.reflectWindow(im, -1, -2, 4, 6, out, 0);
        // rows -1, 0, 1, 2 are image rows 1, 0, 1, 0; columns -2..3 are 2, 1, 0, 1, 2, 1
        assertArrayEquals(new float[] {6, 5, 4, 5, 6, 5}, java.util.Arrays.copyOfRange(out, 0, 6));
        assertArrayEquals(new float[] {3, 2, 1, 2, 3, 2}, java.util.Arrays.copyOfRange(out, 6, 12));
        assertArrayEquals(new float[] {6, 5, 4, 5, 6, 5}, java.util.Arrays.copyOfRange(out, 12, 18));
    }

    @Test
    void anySizeComesBackAtItsOwnSize() {
        try (Colorizer c = Colorizer.load(TinyModel.get())) {
            for (int[] size : new int[][] {{1, 1}, {16, 16}, {37, 53}, {64, 17}}) {
                FloatImage nir = TinyData.smooth(size[0], size[1], new Random(size[0]));
                FloatImage rgb = c.colorize(nir);
                assertEquals(3, rgb.channels());
                assertEquals(size[0], rgb.height());
                assertEquals(size[1], rgb.width());
                for (float v : rgb.data()) {
                    assertTrue(v >= 0 && v <= 1, "output in [0,1]");
                }
            }
        }
    }
}
