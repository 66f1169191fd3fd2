package cocolor.image;

import static cocolor.image.TestImages.H;
import static cocolor.image.TestImages.W;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cocolor.TestData;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading every supported layout gives the stored values, at full precision. */
class ImagesReadTest {
    @TempDir Path dir;

    @Test
    void sixteenBitGrayPngKeepsAllLevels() throws IOException {
        Path file = write(TestImages.gray16(), "png", "g16.png");
        assertMatches16(Images.readGray(file), 0);
    }

    @Test
    void sixteenBitGrayTiffKeepsAllLevels() throws IOException {
        Path file = write(TestImages.gray16(), "tiff", "g16.tif");
        assertMatches16(Images.readGray(file), 0);
    }

    @Test
    void sixteenBitRgbPngKeepsAllLevels() throws IOException {
        FloatImage img = Images.readRgb(write(TestImages.rgb16(), "png", "rgb16.png"));
        for (int c = 0; c < 3; c++) {
            assertMatches16(img, c);
        }
    }

    @Test
    void grayAlphaPngDropsAlpha() throws IOException {
        FloatImage img = Images.readGray(write(TestImages.grayAlpha8(), "png", "ga.png"));
        assertMatches8(img, 0);
    }

    @Test
    void rgbaPngDropsAlpha() throws IOException {
        BufferedImage rgba = TestImages.rgb8(BufferedImage.TYPE_4BYTE_ABGR, 4);
        FloatImage img = Images.readRgb(write(rgba, "png", "rgba.png"));
        for (int c = 0; c < 3; c++) {
            assertMatches8(img, c);
        }
    }

    @Test
    void bmpReadsRgb() throws IOException {
        BufferedImage rgb = TestImages.rgb8(BufferedImage.TYPE_3BYTE_BGR, 3);
        FloatImage img = Images.readRgb(write(rgb, "bmp", "rgb.bmp"));
        for (int c = 0; c < 3; c++) {
            assertMatches8(img, c);
        }
    }

    @Test
    void jpegReadsRgbWithinCompressionError() throws IOException {
        BufferedImage rgb = TestImages.rgb8(BufferedImage.TYPE_3BYTE_BGR, 3);
        FloatImage img = Images.readRgb(write(uniform(rgb), "jpg", "rgb.jpg"));
        // A flat colour survives JPEG almost unchanged; the chroma subsampling costs a few levels.
        for (int c = 0; c < 3; c++) {
            assertEquals(TestImages.sample8(0, 0, c) / 255f, img.get(c, 1, 2), 4 / 255f);
        }
    }

    @Test
    void palettePngWithTransparencyReadsPaletteColours() throws IOException {
        for (int bits : new int[] {8, 4}) {
            FloatImage img = Images.readRgb(write(TestImages.palette(bits), "png", "p" + bits + ".png"));
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    int i = TestImages.paletteIndex(x, y, 1 << bits);
                    assertEquals(TestImages.paletteRed(i) / 255f, img.get(0, y, x), "bits " + bits);
                    assertEquals(TestImages.paletteGreen(i) / 255f, img.get(1, y, x));
                    assertEquals(TestImages.paletteBlue(i) / 255f, img.get(2, y, x));
                }
            }
        }
    }

    @Test
    void grayImageSavedAsRgbReadsBackAsTheSameGray() {
        Path nir = TestData.fixtureNir("country_0010");
        FloatImage gray = Images.readGray(nir);
        Path asRgb = dir.resolve("nir3.png");
        Images.writePng(gray.toRgb(), asRgb);
        assertEquals(3, Images.readRgb(asRgb).channels());
        assertTrue(java.util.Arrays.equals(gray.data(), Images.readGray(asRgb).data()));
    }

    @Test
    void colourToGrayIsLuma() {
        Path rgbFile = TestData.fixtureRgb("country_0010");
        FloatImage rgb = Images.readRgb(rgbFile);
        FloatImage gray = Images.readGray(rgbFile);
        float expected = 0.299f * rgb.get(0, 10, 20) + 0.587f * rgb.get(1, 10, 20)
                + 0.114f * rgb.get(2, 10, 20);
        assertEquals(expected, gray.get(0, 10, 20), 1e-6);
    }

    @Test
    void fixturesReadAtTheirSize() {
        FloatImage nir = Images.readGray(TestData.fixtureNir("country_0011"));
        assertEquals(256, nir.height());
        assertEquals(256, nir.width());
    }

    private Path write(BufferedImage img, String format, String name) throws IOException {
        Path file = dir.resolve(name);
        assertTrue(ImageIO.write(img, format, file.toFile()), "no " + format + " writer for " + img);
        return file;
    }

    /** An image of the given size filled with the colour of its first pixel. */
    private static BufferedImage uniform(BufferedImage img) {
        BufferedImage out = new BufferedImage(16, 16, img.getType());
        int argb = img.getRGB(0, 0);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                out.setRGB(x, y, argb);
            }
        }
        return out;
    }

    private static void assertMatches16(FloatImage img, int channel) {
        assertEquals(H, img.height());
        assertEquals(W, img.width());
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                assertEquals(TestImages.sample16(x, y, channel) / 65535f, img.get(channel, y, x),
                        1e-7f, "channel " + channel + " at " + x + "," + y);
            }
        }
    }

    private static void assertMatches8(FloatImage img, int channel) {
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                assertEquals(TestImages.sample8(x, y, channel) / 255f, img.get(channel, y, x),
                        "channel " + channel + " at " + x + "," + y);
            }
        }
    }
}
