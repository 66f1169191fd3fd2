package cocolor.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cocolor.TestData;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.zip.CRC32;
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
        assertFails(pngHeaderOnly("wide.png", 30_000, 10), "exceed");
    }

    @Test
    void absurdPixelCountIsRefusedBeforeDecoding() throws IOException {
        // 15000 x 15000 = 225 megapixels: each side is allowed, the product is not.
        assertFails(pngHeaderOnly("huge.png", 15_000, 15_000), "exceed");
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

    /** A PNG signature and a valid IHDR chunk claiming the given size, and no pixel data. */
    private Path pngHeaderOnly(String name, int width, int height) throws IOException {
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        DataOutputStream ihdr = new DataOutputStream(chunk);
        ihdr.write("IHDR".getBytes(StandardCharsets.US_ASCII));
        ihdr.writeInt(width);
        ihdr.writeInt(height);
        ihdr.write(new byte[] {8, 2, 0, 0, 0}); // 8-bit RGB, deflate, no filter, no interlace
        byte[] typeAndData = chunk.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(typeAndData);

        ByteArrayOutputStream file = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(file);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        out.writeInt(typeAndData.length - 4);
        out.write(typeAndData);
        out.writeInt((int) crc.getValue());
        return Files.write(dir.resolve(name), file.toByteArray());
    }
}
