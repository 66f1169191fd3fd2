package cocolor.spark;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Decides whether an input is done, so that a rerun skips it: its output is a complete PNG (PNG
 * signature, an IHDR chunk, and the IEND chunk at the very end) whose header gives the width and
 * height of the input. Only headers are read, never pixels: checking a done input costs two small
 * reads of the output and the start of the input.
 */
final class OutputCheck {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] IHDR = {0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    private static final byte[] IEND = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xae, 0x42, 0x60, (byte) 0x82};
    /** Signature, IHDR chunk (length, type, 13 data bytes, CRC), IEND chunk. */
    private static final int MIN_PNG_BYTES = 8 + 25 + 12;

    record Size(int width, int height) {}

    private OutputCheck() {}

    static boolean isDone(FileSystem inFs, Path input, FileSystem outFs, Path output) {
        Optional<Size> done = completePngSize(outFs, output);
        return done.isPresent() && done.equals(imageSize(inFs, input));
    }

    /** The size in the header of a complete PNG file; empty if the file is missing, not a PNG, or cut short. */
    static Optional<Size> completePngSize(FileSystem fs, Path png) {
        try {
            FileStatus status = fs.getFileStatus(png);
            long length = status.getLen();
            if (!status.isFile() || length < MIN_PNG_BYTES) {
                return Optional.empty();
            }
            byte[] head = new byte[SIGNATURE.length + IHDR.length + 8];
            byte[] tail = new byte[IEND.length];
            try (FSDataInputStream in = fs.open(png)) {
                in.readFully(0, head);
                in.readFully(length - tail.length, tail);
            }
            if (!startsWith(head, 0, SIGNATURE) || !startsWith(head, SIGNATURE.length, IHDR) || !Arrays.equals(tail, IEND)) {
                return Optional.empty();
            }
            int at = SIGNATURE.length + IHDR.length;
            return Optional.of(new Size(readInt(head, at), readInt(head, at + 4)));
        } catch (IOException e) {
            return Optional.empty(); // missing or unreadable: not done
        }
    }

    /** An image's size from its header (any format ImageIO reads); empty if it cannot be read. */
    static Optional<Size> imageSize(FileSystem fs, Path image) {
        try (InputStream raw = fs.open(image);
                ImageInputStream in = new MemoryCacheImageInputStream(raw)) {
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

    private static boolean startsWith(byte[] data, int offset, byte[] prefix) {
        return Arrays.equals(data, offset, offset + prefix.length, prefix, 0, prefix.length);
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }
}
