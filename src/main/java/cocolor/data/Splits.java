package cocolor.data;

import cocolor.base.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A split file ({@code splits.tsv}): a header {@code stem source_group split}, then one row per
 * stem. Splits are made by source photo, never by file, so overlapping crops of one photo stay on
 * the same side.
 */
public final class Splits {
    private final Path file;
    private final Map<String, String> splitOfStem;

    private Splits(Path file, Map<String, String> splitOfStem) {
        this.file = file;
        this.splitOfStem = splitOfStem;
    }

    public static Splits read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserError("split file not found: " + file);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UserError("cannot read split file " + file + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty()) {
            throw new UserError("split file " + file + " is empty");
        }
        String[] header = lines.get(0).split("\t");
        int stemCol = indexOf(header, "stem", file);
        int splitCol = indexOf(header, "split", file);
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] cols = line.split("\t");
            if (cols.length <= Math.max(stemCol, splitCol)) {
                throw new UserError(file + " line " + (i + 1) + ": expected " + header.length + " tab-separated columns");
            }
            map.put(Stems.stem(cols[stemCol]), cols[splitCol]);
        }
        return new Splits(file, map);
    }

    private static int indexOf(String[] header, String name, Path file) {
        for (int i = 0; i < header.length; i++) {
            if (header[i].strip().equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw new UserError("split file " + file + " has no '" + name + "' column (header: stem, source_group, split)");
    }

    /** The file the splits were read from. */
    public Path file() {
        return file;
    }

    /** The split named for this stem ("train", "val", ...), or null when the file does not list it. */
    public String splitOf(String stem) {
        return splitOfStem.get(stem);
    }

    public boolean contains(String split) {
        return splitOfStem.containsValue(split);
    }
}
