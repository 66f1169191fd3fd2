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
        Predictor.reflectPad(im, 3, 7, out, 0);
        assertArrayEquals(new float[] {1, 2, 3, 2, 1, 2, 3}, java.util.Arrays.copyOfRange(out, 0, 7));
        assertArrayEquals(new float[] {1, 2, 3, 2, 1, 2, 3}, java.util.Arrays.copyOfRange(out, 14, 21));
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
