package cocolor.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TileAxisTest {
    @Test
    void weightsSumToOneEverywhereAndIgnoreTheBorderBandOfInnerEdges() {
        for (int length : new int[] {800, 1024, 1536, 2000, 4096}) {
            TileAxis axis = new TileAxis(length, 768, 256, 96, 16);
            double[] sum = new double[length];
            for (int i = 0; i < axis.count(); i++) {
                for (int p = 0; p < axis.tile(); p++) {
                    float w = axis.weight(i, p);
                    sum[axis.origin(i) + p] += w;
                    boolean innerStart = i > 0 && p < 96;
                    boolean innerEnd = i < axis.count() - 1 && p >= axis.tile() - 96;
                    if (innerStart || innerEnd) {
                        assertEquals(0f, w, "tile " + i + " position " + p + " of " + length + " lies in a border band");
                    }
                }
            }
            for (int x = 0; x < length; x++) {
                assertEquals(1.0, sum[x], 1e-5, "weights at " + x + " of " + length);
            }
        }
    }

    @Test
    void imageEdgesKeepFullWeight() {
        TileAxis axis = new TileAxis(2000, 768, 256, 96, 16);
        assertEquals(1f, axis.weight(0, 0));
        assertEquals(1f, axis.weight(axis.count() - 1, axis.tile() - 1));
        assertTrue(axis.count() > 2, "several tiles");
    }

    @Test
    void aWideOverlapFadesInItsMiddleFarFromBothFalseEdges() {
        // 800 pixels in 768-pixel tiles: the tiles overlap by 736, and the last starts at 32.
        TileAxis axis = new TileAxis(800, 768, 256, 96, 32);
        assertEquals(2, axis.count());
        assertEquals(32, axis.origin(1));
        for (int p = 0; p < 768; p++) {
            int x = 32 + p;
            float later = axis.weight(1, p);
            if (x < 400 - 32) {
                assertEquals(0f, later, "the later tile is not used 96 px below its top edge (" + x + ")");
            }
            if (x > 400 + 32) {
                assertEquals(1f, later, 1e-6, "the earlier tile is not used near its bottom edge (" + x + ")");
            }
        }
    }
}
