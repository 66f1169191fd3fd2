package cocolor.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BoxFilterTest {
    @Test
    void boxFilterMatchesDirectReflectedWindowSum() {
        // Sizes below, equal to and above the window, to exercise repeated reflection too.
        Random rnd = new Random(7);
        for (int[] hw : new int[][] {{2, 3}, {7, 7}, {13, 9}}) {
            int h = hw[0], w = hw[1];
            double[] src = new double[h * w];
            for (int i = 0; i < src.length; i++) {
                src[i] = rnd.nextDouble();
            }
            double[] fast = new BoxFilter(7).apply(src, h, w);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double sum = 0;
                    for (int dy = -3; dy <= 3; dy++) {
                        for (int dx = -3; dx <= 3; dx++) {
                            sum += src[reflect(y + dy, h) * w + reflect(x + dx, w)];
                        }
                    }
                    assertEquals(sum / 49, fast[y * w + x], 1e-12, "at " + y + "," + x);
                }
            }
        }
    }

    /** scipy.ndimage 'reflect' by repeated mirroring, written the slow obvious way. */
    private static int reflect(int i, int n) {
        while (i < 0 || i >= n) {
            i = i < 0 ? -i - 1 : 2 * n - i - 1;
        }
        return i;
    }
}
