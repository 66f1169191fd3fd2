package cocolor.spark;

import cocolor.image.CompletePng;
import java.io.IOException;
import java.util.Optional;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Decides whether an input is done, so that a rerun skips it, by {@link CompletePng}'s rule (the
 * one {@code cocolor colorize --skip-existing} applies) on any Hadoop file system: checking a done
 * input costs two small reads of the output and the start of the input.
 */
final class OutputCheck {
    private OutputCheck() {}

    static boolean isDone(FileSystem inFs, Path input, FileSystem outFs, Path output) {
        return CompletePng.isOutputOf(() -> inFs.open(input), completePngSize(outFs, output));
    }

    /** The size in the header of a complete PNG file; empty if the file is missing, not a PNG, or cut short. */
    static Optional<CompletePng.Size> completePngSize(FileSystem fs, Path png) {
        try {
            FileStatus status = fs.getFileStatus(png);
            long length = status.getLen();
            if (!status.isFile() || length < CompletePng.MIN_BYTES) {
                return Optional.empty();
            }
            byte[] head = new byte[CompletePng.HEAD_BYTES];
            byte[] tail = new byte[CompletePng.TAIL_BYTES];
            try (FSDataInputStream in = fs.open(png)) {
                in.readFully(0, head);
                in.readFully(length - tail.length, tail);
            }
            return CompletePng.size(length, head, tail);
        } catch (IOException e) {
            return Optional.empty(); // missing or unreadable: not done
        }
    }
}
