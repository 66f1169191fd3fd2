package cocolor.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that readers see either the old content or the complete new one: the data goes
 * to a hidden temporary file in the same directory (same file system, so the rename is atomic),
 * which then replaces the target. A failed write leaves no partial or temporary file behind.
 */
public final class AtomicFiles {

    /** Produces the file content. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final String TEMP_SUFFIX = ".tmp";

    /**
     * Temporary files being written; deleted when the JVM shuts down (Ctrl-C, SIGTERM) before they
     * were renamed, so that an interrupted write leaves nothing behind, not even a hidden file (a
     * video's can be gigabytes).
     */
    private static final Set<Path> IN_PROGRESS = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> IN_PROGRESS.forEach(temp -> {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // the JVM is exiting: nothing more can be done
            }
        }), "temp-file-cleanup"));
    }

    private AtomicFiles() {}

    private static String tempPrefix(Path absoluteTarget) {
        return "." + absoluteTarget.getFileName() + ".";
    }

    /**
     * Deletes the temporary files that writes of {@code target} left behind when the process was
     * killed mid-write (nothing else can remove them). Call it only while no write of that target
     * is in progress; returns how many were deleted.
     */
    public static int deleteLeftovers(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        String prefix = tempPrefix(absolute);
        int deleted = 0;
        try (var files = Files.newDirectoryStream(dir, f -> {
            String name = f.getFileName().toString();
            return name.startsWith(prefix) && name.endsWith(TEMP_SUFFIX);
        })) {
            for (Path f : files) {
                if (Files.deleteIfExists(f)) {
                    deleted++;
                }
            }
        }
        return deleted;
    }

    /** Writes {@code target} atomically, creating its parent directories if needed. */
    public static void write(Path target, Writer content) throws IOException {
        writeFile(target, temp -> {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel));
                content.writeTo(out);
                out.flush();
            }
        });
    }

    /** Produces the file content by writing the file at a path (for writers that must seek, such as a video muxer). */
    @FunctionalInterface
    public interface FileWriter {
        /** Writes the content to {@code temp}, an empty file that already exists. */
        void writeTo(Path temp) throws IOException;
    }

    /**
     * Writes {@code target} atomically through a writer given the temporary file's path, creating
     * the parent directories if needed.
     */
    public static void writeFile(Path target, FileWriter content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        // Not Files.createTempFile: its owner-only permissions would carry over to the result.
        Path temp =
                dir.resolve(
                        tempPrefix(absolute)
                                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)
                                + TEMP_SUFFIX);
        boolean moved = false;
        IN_PROGRESS.add(temp);
        try {
            Files.createFile(temp);
            content.writeTo(temp);
            // On disk before the rename: a crash never leaves a renamed but empty file.
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(
                    temp,
                    absolute,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
            IN_PROGRESS.remove(temp);
        }
    }
}
