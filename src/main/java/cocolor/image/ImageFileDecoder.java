package cocolor.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes one image file with ImageIO, turning every way it can fail into an {@link
 * ImageReadException} with a one-line reason. The header is checked before the pixels are decoded,
 * so a file claiming absurd dimensions is refused instead of exhausting memory.
 */
final class ImageFileDecoder {
    static final int MAX_SIDE = 20_000;
    static final long MAX_PIXELS = 200_000_000L;

    private ImageFileDecoder() {}

    static BufferedImage decode(Path file) {
        checkFile(file);
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new ImageReadException(file, "cannot open file");
            }
            return decode(file, in, MAX_PIXELS);
        } catch (IOException e) {
            throw new ImageReadException(file, "cannot read file: " + reason(e), e);
        }
    }

    /**
     * Decodes an image held in memory, such as an upload; {@code label} names it in messages. The
     * stream caches in memory (ImageIO's default would spill to a temporary file).
     */
    static BufferedImage decode(byte[] data, Path label, long maxPixels) {
        if (data.length == 0) {
            throw new ImageReadException(label, "empty file (0 bytes)");
        }
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
            return decode(label, in, Math.min(maxPixels, MAX_PIXELS));
        } catch (IOException e) {
            throw new ImageReadException(label, "cannot read image: " + reason(e), e);
        }
    }

    private static BufferedImage decode(Path file, ImageInputStream in, long maxPixels) {
        try {
            ImageReader reader = readerFor(file, in);
            try {
                reader.setInput(in, true, true);
                checkDimensions(file, reader.getWidth(0), reader.getHeight(0), maxPixels);
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener(warningCollector(warnings));
                BufferedImage image = reader.read(0);
                failOnTruncation(file, warnings);
                return image;
            } finally {
                reader.dispose();
            }
        } catch (ImageReadException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Decoders report corrupt data with IIOException, EOFException or, for some malformed
            // streams, unchecked exceptions from deep inside; to the user all mean the same.
            throw new ImageReadException(
                    file, "corrupt or truncated image data (" + reason(e) + ")", e);
        }
    }

    private static void checkFile(Path file) {
        if (Files.isDirectory(file)) {
            throw new ImageReadException(file, "is a directory, not an image file");
        }
        if (!Files.exists(file)) {
            throw new ImageReadException(file, "no such file");
        }
        if (!Files.isReadable(file)) {
            throw new ImageReadException(file, "permission denied");
        }
        try {
            if (Files.size(file) == 0) {
                throw new ImageReadException(file, "empty file (0 bytes)");
            }
        } catch (IOException e) {
            throw new ImageReadException(file, "cannot read file: " + reason(e), e);
        }
    }

    private static ImageReader readerFor(Path file, ImageInputStream in) {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw new ImageReadException(
                    file, "not an image or unsupported format (supported: " + Images.FORMATS + ")");
        }
        return readers.next();
    }

    static void checkDimensions(Path file, int width, int height, long maxPixels) {
        if (width <= 0 || height <= 0) {
            throw new ImageReadException(file, "invalid dimensions " + width + "x" + height);
        }
        if (width > MAX_SIDE || height > MAX_SIDE) {
            throw new ImageTooLargeException(file, "image dimensions " + width + "x" + height + " exceed the limit of "
                    + MAX_SIDE + " px per side");
        }
        if ((long) width * height > maxPixels) {
            throw new ImageTooLargeException(file, "image dimensions " + width + "x" + height + " ("
                    + megapixels((long) width * height) + " megapixels) exceed the limit of " + megapixels(maxPixels) + " megapixels");
        }
    }

    private static String megapixels(long pixels) {
        return new java.math.BigDecimal(pixels).movePointLeft(6).stripTrailingZeros().toPlainString();
    }

    private static IIOReadWarningListener warningCollector(List<String> warnings) {
        return (source, warning) -> warnings.add(warning);
    }

    /**
     * JPEG decoders return a partly grey image for a truncated file and only warn; that must not
     * pass silently. Other warnings (odd metadata, extraneous bytes) are harmless and ignored.
     */
    private static void failOnTruncation(Path file, List<String> warnings) {
        for (String warning : warnings) {
            String w = warning.toLowerCase(Locale.ROOT);
            if (w.contains("premature end") || w.contains("truncat")) {
                throw new ImageReadException(file, "truncated image data (" + warning + ")");
            }
        }
    }

    private static String reason(Exception e) {
        String msg = e.getMessage();
        return msg == null || msg.isBlank() ? e.getClass().getSimpleName() : msg.strip();
    }
}
