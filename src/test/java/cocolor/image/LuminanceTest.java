package cocolor.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LuminanceTest {
    private static FloatImage pixel(float r, float g, float b) {
        return new FloatImage(3, 1, 1, new float[] {r, g, b});
    }

    private static FloatImage gray(float y) {
        return new FloatImage(1, 1, 1, new float[] {y});
    }

    @Test
    void aColourKeepsItsChromaOnTopOfTheNewLuminance() {
        FloatImage in = pixel(0.5f, 0.4f, 0.3f);
        float own = in.toGray().get(0, 0, 0);
        FloatImage out = Luminance.replace(in, gray(own + 0.1f));
        assertEquals(own + 0.1f, out.toGray().get(0, 0, 0), 1e-6);
        for (int c = 0; c < 3; c++) {
            assertEquals(in.get(c, 0, 0) + 0.1f, out.get(c, 0, 0), 1e-6, "channel " + c);
        }
    }

    @Test
    void aColourThatWouldLeaveTheGamutLosesSaturationNotLuminanceOrHue() {
        FloatImage in = pixel(0.9f, 0.2f, 0.1f); // a saturated red, put at a luminance near white
        FloatImage out = Luminance.replace(in, gray(0.95f));
        assertEquals(0.95f, out.toGray().get(0, 0, 0), 1e-6);
        assertEquals(1f, out.get(0, 0, 0), 1e-6, "red reaches the top of the gamut, not beyond");
        float own = in.toGray().get(0, 0, 0);
        double ratio = (out.get(1, 0, 0) - 0.95f) / (out.get(2, 0, 0) - 0.95f);
        assertEquals((0.2f - own) / (0.1f - own), ratio, 1e-4, "the chroma keeps its direction");
    }
}
