package cocolor.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads a whole zip file (model or checkpoint) into memory and verifies it: the central directory
 * at the end of the file must be present, so a file cut anywhere is refused, and every entry's
 * bytes must match the CRC-32 recorded for it, so damaged data is refused too.
 */
public final class ZipArchive {
    /** Entries larger than this are refused instead of exhausting memory (a damaged size field). */
    private static final long MAX_ENTRY_BYTES = Integer.MAX_VALUE - 16;

    private ZipArchive() {}

    /** Streams one entry's content. */
    @FunctionalInterface
    public interface EntryWriter {
        void writeTo(java.io.DataOutputStream out) throws IOException;
    }

    /** The entries of an archive being written, in the order they are put. */
    public static final class Entries {
        private final java.util.zip.ZipOutputStream zip;

        private Entries(java.util.zip.ZipOutputStream zip) {
            this.zip = zip;
        }

        public Entries put(String name, byte[] content) throws IOException {
            return put(name, out -> out.write(content));
        }

        public Entries put(String name, EntryWriter content) throws IOException {
            zip.putNextEntry(new java.util.zip.ZipEntry(name));
            java.io.DataOutputStream data = new java.io.DataOutputStream(zip);
            content.writeTo(data);
            data.flush();
            zip.closeEntry();
            return this;
        }
    }

    /** What an archive holds, put entry by entry. */
    @FunctionalInterface
    public interface Content {
        void putInto(Entries entries) throws IOException;
    }

    /** Writes a zip archive atomically ({@link AtomicFiles}): readers see the old file or the whole new one. */
    public static void write(Path file, Content content) throws IOException {
        AtomicFiles.write(file, out -> {
            java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out);
            content.putInto(new Entries(zip));
            zip.finish();
        });
    }

    /** The archive is damaged: truncated, or some bytes are not what was written. */
    public static final class DamagedException extends IOException {
        public DamagedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Entry name to content, in file order.
     *
     * @throws DamagedException if the file is not a complete, intact zip archive
     * @throws IOException if it cannot be read at all (permissions, I/O errors)
     */
    public static Map<String, byte[]> readVerified(Path file) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (java.util.zip.ZipException e) {
            throw new DamagedException("not a complete zip archive: " + e.getMessage(), e);
        }
        try (zip) {
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry entry = all.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                if (entry.getSize() > MAX_ENTRY_BYTES) {
                    throw new DamagedException("entry " + entry.getName() + " claims " + entry.getSize() + " bytes", null);
                }
                byte[] bytes;
                try (InputStream in = zip.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                }
                CRC32 crc = new CRC32();
                crc.update(bytes);
                if (entry.getCrc() != -1 && crc.getValue() != entry.getCrc()) {
                    throw new DamagedException("entry " + entry.getName() + " fails its CRC-32 check", null);
                }
                entries.put(entry.getName(), bytes);
            }
        } catch (DamagedException e) {
            throw e;
        } catch (java.util.zip.ZipException | java.io.EOFException | IllegalArgumentException e) {
            // Bad compressed data, sizes or names inside an archive whose directory looked fine.
            throw new DamagedException("damaged zip data: " + e.getMessage(), e);
        }
        return entries;
    }
}
