package cocolor.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cocolor.BadInputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Adobe CMYK JPEGs (as Photoshop writes them) are converted to RGB by the TwelveMonkeys reader. */
class CmykJpegTest {
    @TempDir Path dir;

    @ParameterizedTest
    @CsvSource({
        "255, 0, 0, 0, 0, 1, 1", // cyan ink
        "0, 255, 0, 0, 1, 0, 1", // magenta ink
        "0, 0, 0, 0, 1, 1, 1", // no ink: paper white
        "0, 0, 0, 255, 0, 0, 0", // black ink
    })
    void cmykInksBecomeTheirRgbColours(int c, int m, int y, int k, float r, float g, float b)
            throws IOException {
        Path file = writeAdobeCmykJpeg(dir.resolve("cmyk.jpg"), c, m, y, k);
        FloatImage rgb = Images.readRgb(file);
        assertEquals(r, rgb.get(0, 8, 8), 0.05f, "red");
        assertEquals(g, rgb.get(1, 8, 8), 0.05f, "green");
        assertEquals(b, rgb.get(2, 8, 8), 0.05f, "blue");
    }

    private static Path writeAdobeCmykJpeg(Path file, int... inks) throws IOException {
        return Files.write(file, BadInputs.adobeCmykJpeg(16, 16, inks));
    }
}
