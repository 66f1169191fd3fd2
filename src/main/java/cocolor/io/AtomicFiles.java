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
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
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
        return deleteLeftovers(java.util.List.of(target));
    }

    /**
     * Deletes the temporaries that killed writes of any of {@code targets} left behind, with one
     * listing per folder (a folder of many outputs costs one pass, not one per output). Call it
     * only while no write of those targets is in progress; returns how many were deleted.
     */
    public static int deleteLeftovers(Collection<Path> targets) throws IOException {
        Map<Path, Set<String>> prefixesByDir = new HashMap<>();
        for (Path target : targets) {
            Path absolute = target.toAbsolutePath();
            prefixesByDir.computeIfAbsent(absolute.getParent(), d -> new HashSet<>()).add(tempPrefix(absolute));
        }
        int deleted = 0;
        for (Map.Entry<Path, Set<String>> e : prefixesByDir.entrySet()) {
            if (!Files.isDirectory(e.getKey())) {
                continue;
            }
            try (var files = Files.newDirectoryStream(e.getKey(), f -> isTemporaryOf(f.getFileName().toString(), e.getValue()))) {
                for (Path f : files) {
                    if (Files.deleteIfExists(f)) {
                        deleted++;
                    }
                }
            }
        }
        return deleted;
    }

    /** Whether {@code name} is a temporary of this class's naming for a target whose prefix is in {@code prefixes}. */
    private static boolean isTemporaryOf(String name, Set<String> prefixes) {
        if (!name.startsWith(".") || !name.endsWith(TEMP_SUFFIX)) {
            return false;
        }
        String stem = name.substring(0, name.length() - TEMP_SUFFIX.length());
        int lastDot = stem.lastIndexOf('.');
        return lastDot > 0 && prefixes.contains(stem.substring(0, lastDot + 1));
    }

    /**
     * Creates {@code dir} if needed and checks that files can be written in it, by creating and
     * deleting a temporary of this class's naming: a read-only folder (permissions, a read-only
     * mount) fails here, before any work, rather than at the first write.
     */
    public static void checkWritableFolder(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        Files.createDirectories(absolute);
        Path target = absolute.resolve("write-check");
        deleteLeftovers(target); // a probe of a run killed here
        Path probe = temporaryFor(target);
        try {
            Files.createFile(probe);
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    private static Path temporaryFor(Path absoluteTarget) {
        return absoluteTarget.resolveSibling(tempPrefix(absoluteTarget)
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + TEMP_SUFFIX);
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
        Path temp = temporaryFor(absolute);
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
