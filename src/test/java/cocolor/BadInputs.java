package cocolor;

import cocolor.image.FloatImage;
import cocolor.image.Images;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * A corpus of awkward and broken image inputs, generated on the fly. Each kind writes one input at
 * a given path (the extension is the kind's); {@link #works} says whether a reader must accept it
 * and {@link #problem} is a phrase the error message must contain otherwise.
 */
public enum BadInputs {
    TRUNCATED_PNG("png", false, "truncated"),
    TRUNCATED_JPEG("jpg", false, "truncated"),
    ZERO_BYTES("png", false, "empty file"),
    TEXT_AS_IMAGE("png", false, "not an image"),
    HUGE_HEADER("png", false, "exceed the limit"),
    DIRECTORY("png", false, "is a directory"),
    /** A link whose target runs through a regular file (ENOTDIR): unreadable even for root. */
    DANGLING_LINK("png", false, "no such file"),
    /** chmod 000: only meaningful when not running as root (see {@link #enforceable}). */
    UNREADABLE("png", false, "permission denied"),
    TIFF_16_BIT("tif", true, null),
    CMYK_JPEG("jpg", true, null),
    PALETTE_PNG_WITH_TRANSPARENCY("png", true, null),
    ONE_PIXEL("png", true, null);

    /** Height and width of the valid inputs (and of their partners in paired folders). */
    public static final int H = 40;
    public static final int W = 48;

    public final String extension;
    public final boolean works;
    public final String problem;

    BadInputs(String extension, boolean works, String problem) {
        this.extension = extension;
        this.works = works;
        this.problem = problem;
    }

    /** Height and width of the image this input decodes to (for inputs that work). */
    public int height() {
        return this == ONE_PIXEL ? 1 : H;
    }

    public int width() {
        return this == ONE_PIXEL ? 1 : W;
    }

    /** False if this machine cannot produce the failure (permissions do not apply to root). */
    public boolean enforceable(Path file) {
        return this != UNREADABLE || !Files.isReadable(file);
    }

    /** Writes the input as {@code dir/<stem>.<extension>} and returns its path. */
    public Path write(Path dir, String stem) {
        Path file = dir.resolve(stem + "." + extension);
        try {
            Files.createDirectories(dir);
            switch (this) {
                case TRUNCATED_PNG -> Files.write(file, half(encode(sample(), "png")));
                case TRUNCATED_JPEG -> Files.write(file, half(encode(sample(), "jpg")));
                case ZERO_BYTES -> Files.createFile(file);
                case TEXT_AS_IMAGE -> Files.writeString(file, "this is a note, not a picture\n");
                case HUGE_HEADER -> Files.write(file, pngHeaderOnly(100_000, 100_000));
                case DIRECTORY -> Files.createDirectories(file);
                case DANGLING_LINK -> {
                    Path regular = Files.writeString(dir.resolve(stem + ".txt"), "a regular file");
                    Files.createSymbolicLink(file, regular.resolve("inside.png"));
                }
                case UNREADABLE -> {
                    Images.writePng(smooth(), file);
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
                }
                case TIFF_16_BIT -> Files.write(file, encode(gray16(), "tif"));
                case CMYK_JPEG -> Files.write(file, adobeCmykJpeg(H, W));
                case PALETTE_PNG_WITH_TRANSPARENCY -> Files.write(file, encode(paletteWithTransparency(), "png"));
                case ONE_PIXEL -> Images.writePng(new FloatImage(1, 1, 1, new float[] {0.5f}), file);
                default -> throw new IllegalStateException(name());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The bytes of the input, for uploads; null for kinds that are not file contents. */
    public byte[] bytes(Path scratch) {
        if (this == DIRECTORY || this == DANGLING_LINK || this == UNREADABLE) {
            return null;
        }
        try {
            return Files.readAllBytes(write(scratch, "upload-" + name()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FloatImage smooth() {
        return TinyData.smooth(H, W, new Random(5));
    }

    private static BufferedImage sample() {
        return Images.toBufferedImage(TinyData.colorOf(smooth()));
    }

    private static byte[] half(byte[] bytes) {
        return Arrays.copyOf(bytes, bytes.length / 2);
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, format, out)) {
            throw new IOException("no " + format + " writer");
        }
        return out.toByteArray();
    }

    private static BufferedImage gray16() {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                img.getRaster().setSample(x, y, 0, (x * 1361 + y * 977) % 65_536);
            }
        }
        return img;
    }

    /** An 8-bit palette whose entry 0 is fully transparent (a PNG tRNS chunk). */
    private static BufferedImage paletteWithTransparency() {
        byte[] r = new byte[256];
        byte[] g = new byte[256];
        byte[] b = new byte[256];
        byte[] a = new byte[256];
        for (int i = 0; i < 256; i++) {
            r[i] = (byte) i;
            g[i] = (byte) (255 - i);
            b[i] = (byte) (i / 2);
            a[i] = (byte) (i == 0 ? 0 : 255);
        }
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(8, 256, r, g, b, a));
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                img.getRaster().setSample(x, y, 0, (x * 5 + y * 3) % 256);
            }
        }
        return img;
    }

    /**
     * A CMYK JPEG as Adobe applications write it: the JDK writer stores a 4-band raster as is, and
     * an Adobe APP14 segment (transform 0) marks the bands as CMYK, stored inverted.
     */
    public static byte[] adobeCmykJpeg(int height, int width, int... inks) throws IOException {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, 4, null);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int band = 0; band < 4; band++) {
                    int ink = inks.length == 4 ? inks[band] : (x * 40 + y * 20 + band * 60) % 256;
                    raster.setSample(x, y, band, 255 - ink);
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
        byte[] adobe = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};
        ByteArrayOutputStream withMarker = new ByteArrayOutputStream();
        withMarker.write(body, 0, 2); // SOI
        withMarker.write(adobe);
        withMarker.write(body, 2, body.length - 2);
        return withMarker.toByteArray();
    }

    /** A PNG signature and a valid IHDR chunk claiming the given size, and no pixel data. */
    public static byte[] pngHeaderOnly(int width, int height) throws IOException {
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
        return file.toByteArray();
    }
}
