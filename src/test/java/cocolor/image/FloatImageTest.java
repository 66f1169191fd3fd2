package cocolor.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FloatImageTest {

    @Test
    void constructorValidatesDataLength() {
        assertThrows(IllegalArgumentException.class, () -> new FloatImage(3, 2, 2, new float[11]));
        assertThrows(IllegalArgumentException.class, () -> new FloatImage(0, 2, 2));
        assertEquals(12, new FloatImage(3, 2, 2, new float[12]).data().length);
    }

    @Test
    void getAndSetUsePlanarLayout() {
        FloatImage img = new FloatImage(3, 2, 4);
        img.set(2, 1, 3, 0.5f);
        assertEquals(0.5f, img.get(2, 1, 3));
        assertEquals(0.5f, img.data()[(2 * 2 + 1) * 4 + 3]);
        assertThrows(IndexOutOfBoundsException.class, () -> img.get(0, 2, 0));
    }

    @Test
    void toGrayUsesBt601LumaAndKeepsEqualChannelsExact() {
        FloatImage rgb = new FloatImage(3, 1, 2, new float[] {1, 0.3f, 0, 0.3f, 0, 0.3f});
        FloatImage gray = rgb.toGray();
        assertEquals(1, gray.channels());
        assertEquals(0.299f, gray.get(0, 0, 0), 1e-7);
        assertEquals(0.3f, gray.get(0, 0, 1)); // exact, not 0.299*v + 0.587*v + 0.114*v
        assertSame(gray, gray.toGray());
    }

    @Test
    void toRgbReplicatesGray() {
        FloatImage gray = new FloatImage(1, 1, 2, new float[] {0.1f, 0.9f});
        FloatImage rgb = gray.toRgb();
        assertArrayEquals(new float[] {0.1f, 0.9f, 0.1f, 0.9f, 0.1f, 0.9f}, rgb.data());
        assertSame(rgb, rgb.toRgb());
    }

    @Test
    void cropCopiesTheRegionOfEveryChannel() {
        FloatImage img = new FloatImage(2, 3, 3);
        for (int i = 0; i < 18; i++) {
            img.data()[i] = i;
        }
        FloatImage crop = img.crop(1, 1, 2, 2);
        assertArrayEquals(new float[] {4, 5, 7, 8, 13, 14, 16, 17}, crop.data());
        assertThrows(IllegalArgumentException.class, () -> img.crop(2, 0, 2, 1));
    }

    @Test
    void sameSizeComparesHeightAndWidthOnly() {
        assertTrue(new FloatImage(1, 4, 5).sameSize(new FloatImage(3, 4, 5)));
        assertFalse(new FloatImage(1, 4, 5).sameSize(new FloatImage(1, 5, 4)));
    }
}
