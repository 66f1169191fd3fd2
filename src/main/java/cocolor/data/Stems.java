package cocolor.data;

import cocolor.base.UserError;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pairs files across folders by their stem: the file name without extension and without the
 * modality suffix, so {@code country_0010_nir.png} and {@code country_0010_rgb_reg.png} both have
 * the stem {@code country_0010}.
 */
public final class Stems {
    // Longest first, so that a suffix which ends another one can never cut it short.
    private static final List<String> SUFFIXES = List.of("_nir_reg", "_rgb_reg", "_nir", "_rgb");
    private static final Pattern CATEGORY = Pattern.compile("(?:.*/)?([A-Za-z][A-Za-z-]*(?:_[A-Za-z][A-Za-z-]*)*)_\\d+");

    private Stems() {}

    /** The stem of a file name: extension dropped, then at most one modality suffix. */
    public static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String base = dot > 0 ? fileName.substring(0, dot) : fileName;
        String lower = base.toLowerCase(Locale.ROOT);
        for (String suffix : SUFFIXES) {
            // Keep a non-empty stem: a file named just "_nir.png" stays "_nir".
            if (lower.endsWith(suffix) && lower.length() > suffix.length()) {
                return base.substring(0, base.length() - suffix.length());
            }
        }
        return base;
    }

    /** The stem of a path's file name. */
    public static String stem(Path file) {
        return stem(file.getFileName().toString());
    }

    /**
     * Files keyed by stem, sorted by stem.
     *
     * @throws UserError if two files share a stem (e.g. {@code a_nir.png} and {@code a.jpg})
     */
    public static Map<String, Path> byStem(List<Path> files) {
        Map<String, Path> byStem = new TreeMap<>();
        for (Path file : files) {
            Path previous = byStem.putIfAbsent(stem(file), file);
            if (previous != null) {
                throw new UserError(
                        "two files have the same stem '" + stem(file) + "': " + previous + " and "
                                + file);
            }
        }
        return byStem;
    }

    /**
     * The scene category of a stem, as the datasets here name their images: {@code
     * <category>_<number>} ({@code oldbuilding_0018}, {@code indoor_0003}), after any folder prefix
     * ({@code epfl_extra/street_0015}); empty if the stem does not follow that pattern.
     */
    public static Optional<String> category(String stem) {
        Matcher m = CATEGORY.matcher(stem);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
