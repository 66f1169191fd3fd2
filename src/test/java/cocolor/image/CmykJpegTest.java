package cocolor.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
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

    /**
     * A flat 16x16 CMYK JPEG: the JDK writer stores a 4-band raster as is, and an Adobe APP14
     * segment (transform 0) marks the bands as CMYK, stored inverted as Adobe applications do.
     */
    private static Path writeAdobeCmykJpeg(Path file, int... inks) throws IOException {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 16, 16, 4, null);
        for (int yy = 0; yy < 16; yy++) {
            for (int xx = 0; xx < 16; xx++) {
                for (int band = 0; band < 4; band++) {
                    raster.setSample(xx, yy, band, 255 - inks[band]);
                }
            }
        }
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(jpeg)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(raster, null, null), null);
        } finally {
            writer.dispose();
        }
        byte[] body = jpeg.toByteArray();
        byte[] adobe = {
            (byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0
        };
        ByteArrayOutputStream withMarker = new ByteArrayOutputStream();
        withMarker.write(body, 0, 2); // SOI
        withMarker.write(adobe);
        withMarker.write(body, 2, body.length - 2);
        return Files.write(file, withMarker.toByteArray());
    }
}
