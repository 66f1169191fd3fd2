package cocolor.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cocolor.BadInputs;
import cocolor.TestData;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input fails with an {@link ImageReadException} that names the file. */
class ImagesErrorTest {
    @TempDir Path dir;

    @Test
    void missingFile() {
        assertFails(dir.resolve("nope.png"), "no such file");
    }

    @Test
    void directory() throws IOException {
        assertFails(Files.createDirectory(dir.resolve("folder.png")), "directory");
    }

    @Test
    void zeroBytes() throws IOException {
        assertFails(Files.createFile(dir.resolve("empty.png")), "empty");
    }

    @Test
    void notAnImage() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.png"), "just some text\n");
        assertFails(file, "not an image");
    }

    @Test
    void truncatedPng() throws IOException {
        byte[] png = Files.readAllBytes(TestData.fixtureRgb("country_0010"));
        Path file = Files.write(dir.resolve("cut.png"), Arrays.copyOf(png, png.length / 2));
        assertFails(file, "truncated");
    }

    @Test
    void truncatedJpeg() throws IOException {
        BufferedImage rgb = Images.toBufferedImage(Images.readRgb(TestData.fixtureRgb("country_0010")));
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(rgb, "jpg", jpeg));
        byte[] bytes = jpeg.toByteArray();
        Path file = Files.write(dir.resolve("cut.jpg"), Arrays.copyOf(bytes, bytes.length / 2));
        assertFails(file, "truncated");
    }

    @Test
    void absurdSideIsRefusedBeforeDecoding() throws IOException {
        assertFails(pngHeaderOnly("wide.png", 30_000, 10), "30000x10 exceed the limit of 20000 px per side");
    }

    @Test
    void absurdPixelCountIsRefusedBeforeDecoding() throws IOException {
        // 15000 x 15000 = 225 megapixels: each side is allowed, the product is not.
        assertFails(pngHeaderOnly("huge.png", 15_000, 15_000), "15000x15000 (225 megapixels) exceed the limit of 200 megapixels");
    }

    @Test
    void unreadableFile() throws IOException {
        Path file = Files.copy(TestData.fixtureNir("country_0010"), dir.resolve("locked.png"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        Assumptions.assumeFalse(Files.isReadable(file), "running as root: permissions not enforced");
        assertFails(file, "permission denied");
    }

    private static void assertFails(Path file, String problem) {
        ImageReadException e = assertThrows(ImageReadException.class, () -> Images.readRgb(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertEquals(file, e.file());
    }

    private Path pngHeaderOnly(String name, int width, int height) throws IOException {
        return Files.write(dir.resolve(name), BadInputs.pngHeaderOnly(width, height));
    }
}
