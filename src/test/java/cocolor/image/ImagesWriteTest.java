package cocolor.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagesWriteTest {
    @TempDir Path dir;

    @Test
    void rgbRoundTripIsExactFor8BitValues() throws IOException {
        FloatImage img = quantizedRandom(3, 9, 7);
        Path file = dir.resolve("out.png");
        Images.writePng(img, file);
        assertArrayEquals(img.data(), Images.readRgb(file).data());
        assertEquals(List.of(file), listDir());
    }

    @Test
    void grayIsWrittenAsOneChannelPng() throws IOException {
        FloatImage img = quantizedRandom(1, 4, 6);
        Path file = dir.resolve("gray.png");
        Images.writePng(img, file);
        assertEquals(1, ImageIO.read(file.toFile()).getRaster().getNumBands());
        assertArrayEquals(img.data(), Images.readGray(file).data());
    }

    @Test
    void valuesAreClampedAndRounded() {
        FloatImage img = new FloatImage(1, 1, 5, new float[] {-0.5f, 1.7f, Float.NaN, 0.5f, 0.502f});
        Path file = dir.resolve("clamped.png");
        Images.writePng(img, file);
        float[] back = Images.readGray(file).data();
        assertArrayEquals(new float[] {0, 1, 0, 128 / 255f, 128 / 255f}, back);
    }

    @Test
    void overwritesAtomicallyAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("sub").resolve("x.png");
        Images.writePng(quantizedRandom(3, 4, 4), file);
        FloatImage second = quantizedRandom(3, 4, 4);
        Images.writePng(second, file);
        assertArrayEquals(second.data(), Images.readRgb(file).data());
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void failedWriteLeavesNothingBehind() throws IOException {
        Path target = Files.createDirectory(dir.resolve("taken.png")); // cannot be replaced by a file
        Files.writeString(target.resolve("keep"), "x");
        assertThrows(UncheckedIOException.class, () -> Images.writePng(quantizedRandom(1, 2, 2), target));
        assertEquals(List.of(target), listDir());
    }

    @Test
    void isImageFileGoesByExtension() {
        for (String name : List.of("a.png", "b.JPG", "c.jpeg", "d.Bmp", "e.tif", "f.TIFF")) {
            assertTrue(Images.isImageFile(Path.of(name)), name);
        }
        for (String name : List.of("a.txt", "png", "a.png.bak", "a.gif")) {
            assertFalse(Images.isImageFile(Path.of(name)), name);
        }
    }

    @Test
    void listImagesIsSortedAndOptionallyRecursive() throws IOException {
        for (String name : List.of("b.jpg", "a.PNG", "notes.txt", ".partial.png", "sub/c.tif")) {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "x");
        }
        assertEquals(List.of(dir.resolve("a.PNG"), dir.resolve("b.jpg")), Images.listImages(dir, false));
        assertEquals(
                List.of(dir.resolve("a.PNG"), dir.resolve("b.jpg"), dir.resolve("sub/c.tif")),
                Images.listImages(dir, true));
    }

    private List<Path> listDir() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    private static FloatImage quantizedRandom(int c, int h, int w) {
        Random rnd = new Random(42L * c + h);
        FloatImage img = new FloatImage(c, h, w);
        for (int i = 0; i < img.data().length; i++) {
            img.data()[i] = rnd.nextInt(256) / 255f;
        }
        return img;
    }
}
