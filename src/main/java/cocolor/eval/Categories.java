package cocolor.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scene category of an image, read from its stem as the datasets here name them:
 * {@code <category>_<number>} ({@code oldbuilding_0018}, {@code indoor_0003}), after any folder
 * prefix ({@code epfl_extra/street_0015}). Scores per category show where a model is weak: a
 * mean over mixed scenes hides a kind of scene it paints wrong.
 */
public final class Categories {
    private static final Pattern NAMED = Pattern.compile("(?:.*/)?([A-Za-z][A-Za-z-]*(?:_[A-Za-z][A-Za-z-]*)*)_\\d+");

    private Categories() {}

    /** The category of {@code stem}, or empty if its name does not follow {@code <category>_<number>}. */
    public static java.util.Optional<String> of(String stem) {
        Matcher m = NAMED.matcher(stem);
        return m.matches() ? java.util.Optional.of(m.group(1)) : java.util.Optional.empty();
    }

    /** The scores grouped by category, sorted by its name; stems without one are left out. */
    public static Map<String, List<ImageScore>> group(List<ImageScore> scores) {
        Map<String, List<ImageScore>> out = new TreeMap<>();
        for (ImageScore s : scores) {
            of(s.name()).ifPresent(c -> out.computeIfAbsent(c, k -> new ArrayList<>()).add(s));
        }
        return out;
    }
}
