package cocolor.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cocolor.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Decoding uploads from memory and encoding PNGs to memory, as the server does. */
class ImagesInMemoryTest {
    private static final Path LABEL = Path.of("upload");

    @Test
    void decodesLikeTheFileReader() throws IOException {
        Path file = TestData.fixtureNir("country_0010");
        FloatImage fromBytes = Images.readGray(Files.readAllBytes(file), LABEL, 1_000_000);
        FloatImage fromFile = Images.readGray(file);
        assertEquals(fromFile.height(), fromBytes.height());
        assertEquals(fromFile.width(), fromBytes.width());
        assertEquals(fromFile.get(0, 17, 23), fromBytes.get(0, 17, 23));
    }

    @Test
    void refusesMorePixelsThanTheCallersLimit() throws IOException {
        byte[] png = Files.readAllBytes(TestData.fixtureNir("country_0010")); // 256 x 256
        ImageTooLargeException e =
                assertThrows(ImageTooLargeException.class, () -> Images.readGray(png, LABEL, 256 * 255));
        assertTrue(e.getMessage().contains("256x256"), e.getMessage());
    }

    @Test
    void garbageAndEmptyAreReadErrorsNamingTheLabel() {
        byte[] text = "not an image".getBytes(StandardCharsets.UTF_8);
        ImageReadException e = assertThrows(ImageReadException.class, () -> Images.readGray(text, LABEL, 100));
        assertTrue(e.getMessage().startsWith("upload: not an image"), e.getMessage());
        assertThrows(ImageReadException.class, () -> Images.readGray(new byte[0], LABEL, 100));
    }

    @Test
    void encodedPngRoundTrips() {
        FloatImage rgb = new FloatImage(3, 5, 7);
        rgb.set(1, 2, 3, 1f);
        byte[] png = Images.encodePng(rgb);
        FloatImage back = Images.fromBufferedImage(
                ImageFileDecoder.decode(png, LABEL, 100), 3);
        assertEquals(1f, back.get(1, 2, 3));
        assertArrayEquals(new int[] {5, 7}, new int[] {back.height(), back.width()});
    }
}
