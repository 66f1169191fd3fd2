package cocolor.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * The one rule for "this input is done", shared by {@code colorize --skip-existing} and the Spark
 * job's resume: its output is a complete PNG (PNG signature, an IHDR chunk, and the IEND chunk at
 * the very end) whose header gives the width and height of the input. Only headers are read, never
 * pixels; a PNG cut short, or of another size (a 1×1 placeholder), is not done. The file access is
 * the caller's (a local path here, Hadoop's file systems in the Spark job): this class reads the
 * bytes it is given.
 */
public final class CompletePng {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] IHDR = {0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    private static final byte[] IEND = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xae, 0x42, 0x60, (byte) 0x82};
    /** The first bytes of a PNG that hold its size: signature, IHDR length and type, width, height. */
    public static final int HEAD_BYTES = SIGNATURE.length + IHDR.length + 8;
    /** The last bytes of a complete PNG: its IEND chunk. */
    public static final int TAIL_BYTES = IEND.length;
    /** Signature, IHDR chunk (length, type, 13 data bytes, CRC), IEND chunk. */
    public static final int MIN_BYTES = 8 + 25 + 12;

    /** An image's width and height. */
    public record Size(int width, int height) {}

    private CompletePng() {}

    /**
     * The size in the header of a complete PNG of {@code length} bytes, given its first {@link
     * #HEAD_BYTES} and last {@link #TAIL_BYTES}; empty if it is not a PNG or is cut short.
     */
    public static Optional<Size> size(long length, byte[] head, byte[] tail) {
        if (length < MIN_BYTES || head.length < HEAD_BYTES || !startsWith(head, 0, SIGNATURE)
                || !startsWith(head, SIGNATURE.length, IHDR) || !Arrays.equals(tail, IEND)) {
            return Optional.empty();
        }
        int at = SIGNATURE.length + IHDR.length;
        return Optional.of(new Size(readInt(head, at), readInt(head, at + 4)));
    }

    /** The size of a complete PNG file; empty if it is missing, unreadable, not a PNG or cut short. */
    public static Optional<Size> size(Path png) {
        try (FileChannel channel = FileChannel.open(png, StandardOpenOption.READ)) {
            long length = channel.size();
            if (length < MIN_BYTES) {
                return Optional.empty();
            }
            ByteBuffer head = ByteBuffer.allocate(HEAD_BYTES);
            ByteBuffer tail = ByteBuffer.allocate(TAIL_BYTES);
            readFully(channel, head, 0);
            readFully(channel, tail, length - TAIL_BYTES);
            return size(length, head.array(), tail.array());
        } catch (IOException e) {
            return Optional.empty(); // missing or unreadable: not done
        }
    }

    /** Opens a file for reading, wherever it lives. */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    /** Whether {@code output} is a complete PNG of {@code input}'s size: the input is done. */
    public static boolean isOutputOf(Path input, Path output) {
        return isOutputOf(() -> Files.newInputStream(input), size(output));
    }

    /** Whether an output of size {@code outputSize} (empty: not a complete PNG) is of the input's size. */
    public static boolean isOutputOf(Opener input, Optional<Size> outputSize) {
        if (outputSize.isEmpty()) {
            return false;
        }
        try (InputStream in = input.open()) {
            return outputSize.equals(headerSize(in));
        } catch (IOException e) {
            return false; // processing the input reports why it cannot be read
        }
    }

    /** An image's size from its header (any format ImageIO reads); empty if it cannot be read. */
    public static Optional<Size> headerSize(InputStream image) {
        try (ImageInputStream in = new MemoryCacheImageInputStream(image)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return Optional.of(new Size(reader.getWidth(0), reader.getHeight(0)));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable input: processing it reports why
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("file shrank while read");
            }
        }
    }

    private static boolean startsWith(byte[] data, int offset, byte[] prefix) {
        return Arrays.equals(data, offset, offset + prefix.length, prefix, 0, prefix.length);
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }
}
