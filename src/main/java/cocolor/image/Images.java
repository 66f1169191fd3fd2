package cocolor.image;

import cocolor.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The one place where image files are read and written, and where {@link BufferedImage}s and
 * {@link FloatImage}s are converted into each other. Reads PNG, JPEG (also CMYK/YCCK), BMP and
 * TIFF, 8 or 16 bits, gray, RGB and palette, with or without alpha (alpha is dropped).
 */
public final class Images {
    private static final Set<String> EXTENSIONS =
            Set.of("png", "jpg", "jpeg", "bmp", "tif", "tiff");
    /** The formats read, as messages name them. */
    public static final String FORMATS = "PNG, JPEG, BMP, TIFF";

    private Images() {}

    /** Reads an image as one channel; color becomes BT.601 luma. */
    public static FloatImage readGray(Path file) {
        return read(file, 1);
    }

    /** Reads an image as three RGB channels; gray is replicated. */
    public static FloatImage readRgb(Path file) {
        return read(file, 3);
    }

    /**
     * Reads an image with {@code channels} (1 or 3) channels in [0, 1].
     *
     * @throws ImageReadException if the file is missing, unreadable, not a supported image,
     *     corrupt, or claims dimensions beyond 20000 px per side or 200 megapixels
     */
    public static FloatImage read(Path file, int channels) {
        checkChannels(channels);
        return fromBufferedImage(ImageFileDecoder.decode(file), channels);
    }

    /**
     * Decodes an image held in memory (an upload) as one channel, never touching the disk; {@code
     * label} names it in messages.
     *
     * @throws ImageTooLargeException if the header claims more than {@code maxPixels} pixels
     *     (checked before the pixels are decoded)
     * @throws ImageReadException if the bytes are not a supported, intact image
     */
    public static FloatImage readGray(byte[] data, Path label, long maxPixels) {
        return fromBufferedImage(ImageFileDecoder.decode(data, label, maxPixels), 1);
    }

    /** Converts decoded pixels to floats in [0, 1] with {@code channels} (1 or 3) channels. */
    public static FloatImage fromBufferedImage(BufferedImage image, int channels) {
        checkChannels(channels);
        FloatImage decoded = PixelDecoder.decode(image);
        return channels == 1 ? decoded.toGray() : decoded.toRgb();
    }

    /** An 8-bit gray or RGB image; values are clamped to [0, 1] and rounded to 1/255. */
    public static BufferedImage toBufferedImage(FloatImage image) {
        return PixelEncoder.encode(image);
    }

    /**
     * Writes an 8-bit PNG (gray or RGB) atomically: a reader never sees a partial file, and a
     * failed write leaves none behind. Parent directories are created.
     */
    public static void writePng(FloatImage image, Path file) {
        BufferedImage encoded = toBufferedImage(image);
        try {
            AtomicFiles.write(
                    file,
                    out -> {
                        if (!ImageIO.write(encoded, "png", out)) {
                            throw new IOException("no PNG writer available");
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Encodes an 8-bit PNG (gray or RGB) in memory, without ImageIO's temporary-file cache. */
    public static byte[] encodePng(FloatImage image) {
        BufferedImage encoded = toBufferedImage(image);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            if (!ImageIO.write(encoded, "png", out)) {
                throw new IOException("no PNG writer available");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode PNG: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    /** True if the file name has an image extension this class reads (case-insensitive). */
    public static boolean isImageFile(Path file) {
        return hasExtension(file, EXTENSIONS);
    }

    /** Whether the file's name ends in one of {@code extensions} (lower case, without the dot), in any case. */
    public static boolean hasExtension(Path file, Set<String> extensions) {
        Path name = file.getFileName();
        if (name == null) {
            return false;
        }
        String s = name.toString();
        int dot = s.lastIndexOf('.');
        return dot > 0 && extensions.contains(s.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * The image files in {@code dir} (and its subdirectories if {@code recursive}), sorted by path.
     * Hidden files such as in-progress temporary files are skipped. Entries named like images that
     * are not readable files (a folder {@code x.png/} when not recursing, a broken link) are listed
     * too, so that reading them reports the problem instead of ignoring them silently.
     */
    public static List<Path> listImages(Path dir, boolean recursive) {
        return listFiles(dir, recursive, Images::isImageFile);
    }

    /** As {@link #listImages}, for the files whose names {@code wanted} accepts. */
    public static List<Path> listFiles(Path dir, boolean recursive, java.util.function.Predicate<Path> wanted) {
        if (!Files.isDirectory(dir)) {
            throw new cocolor.base.UserError("not a directory: " + dir);
        }
        try (Stream<Path> files = recursive ? Files.walk(dir) : Files.list(dir)) {
            return files.filter(p -> !p.equals(dir) && !(recursive && Files.isDirectory(p)))
                    .filter(wanted)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void checkChannels(int channels) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
    }
}
