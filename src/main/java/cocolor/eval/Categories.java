package cocolor.eval;

import cocolor.data.Stems;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores grouped by scene category ({@link Stems#category}: {@code oldbuilding_0018} is an
 * {@code oldbuilding}). Scores per category show where a model is weak: a
 * mean over mixed scenes hides a kind of scene it paints wrong.
 */
public final class Categories {

    private Categories() {}

    /** The scores grouped by category, sorted by its name; stems without one are left out. */
    public static Map<String, List<ImageScore>> group(List<ImageScore> scores) {
        Map<String, List<ImageScore>> out = new TreeMap<>();
        for (ImageScore s : scores) {
            Stems.category(s.name()).ifPresent(c -> out.computeIfAbsent(c, k -> new ArrayList<>()).add(s));
        }
        return out;
    }
}
