package cocolor.spark;

import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/** File access through Hadoop's FileSystem API, so that any URI Hadoop knows works (file, hdfs, s3a, ...). */
final class HadoopFiles {
    /** Larger inputs cannot be held in one array; the decoder refuses far smaller images anyway. */
    private static final long MAX_INPUT_BYTES = Integer.MAX_VALUE - 16;

    private HadoopFiles() {}

    /**
     * The file system of {@code path}. For local paths the raw one: Hadoop's default local file
     * system would leave a {@code .crc} checksum file beside every PNG.
     */
    static FileSystem fileSystem(Path path, Configuration conf) throws IOException {
        FileSystem fs = path.getFileSystem(conf);
        return fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
    }

    static byte[] readAll(FileSystem fs, Path file) throws IOException {
        long length = fs.getFileStatus(file).getLen();
        if (length > MAX_INPUT_BYTES) {
            throw new IOException(file.getName() + ": file too large (" + length + " bytes)");
        }
        byte[] data = new byte[(int) length];
        try (FSDataInputStream in = fs.open(file)) {
            in.readFully(0, data);
        }
        return data;
    }

    /**
     * Writes {@code target} so that readers see either no file or the complete one: the bytes go to
     * a hidden temporary file beside it (ignored by Hadoop's listings), which is then renamed. On
     * object stores (S3A) the rename is a copy, and an upload appears whole anyway.
     */
    static void writeAtomically(FileSystem fs, Path target, byte[] content) throws IOException {
        Path temp =
                new Path(
                        target.getParent(),
                        "." + target.getName() + "."
                                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)
                                + ".tmp");
        boolean renamed = false;
        try {
            try (FSDataOutputStream out = fs.create(temp, false)) {
                out.write(content);
            }
            // A stale output (truncated, wrong size) is being redone; Hadoop's rename never replaces.
            fs.delete(target, false);
            if (!fs.rename(temp, target)) {
                throw new IOException("cannot rename " + temp + " to " + target);
            }
            renamed = true;
        } finally {
            if (!renamed) {
                fs.delete(temp, false);
            }
        }
    }
}
