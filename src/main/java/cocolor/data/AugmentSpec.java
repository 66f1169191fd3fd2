package cocolor.data;

import cocolor.base.UserError;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How training crops are drawn (a recipe's {@code data} section).
 *
 * @param crop side of the square training crop, in pixels
 * @param batch images per batch
 * @param zoom range of (window side / crop side): 1 takes crops at native resolution, 2 shrinks a
 *     window twice the crop's size, so the network sees scenes at several scales
 * @param hflip mirror left-right with probability 1/2 (never up-down: skies stay on top)
 * @param inputContrast range of a random contrast factor applied to the network input (NIR or gray)
 *     around its mean: NIR exposure varies a lot between cameras
 * @param inputBrightness range of a random offset added to the input
 * @param repeat how many times a training pair of a category (its stem's prefix, {@link
 *     Stems#category}) appears in each epoch: {@code {indoor: 3, water: 3}} samples the rooms and
 *     lakes three times as often as the rest (each pair once, default); the epoch grows with it
 */
public record AugmentSpec(
        @JsonProperty("crop") int crop,
        @JsonProperty("batch") int batch,
        @JsonProperty("zoom") double[] zoom,
        @JsonProperty("hflip") boolean hflip,
        @JsonProperty("input_contrast") double[] inputContrast,
        @JsonProperty("input_brightness") double[] inputBrightness,
        @JsonProperty("repeat") Map<String, Integer> repeat) {

    private static final int MAX_REPEAT = 100;

    public AugmentSpec {
        if (crop < 16 || crop > 4096) {
            throw new IllegalArgumentException("data.crop must be in 16..4096, got " + crop);
        }
        if (batch < 1 || batch > 1024) {
            throw new IllegalArgumentException("data.batch must be in 1..1024, got " + batch);
        }
        zoom = range(zoom, 1, 1, "data.zoom", 0.25, 8);
        inputContrast = range(inputContrast, 1, 1, "data.input_contrast", 0, 10);
        inputBrightness = range(inputBrightness, 0, 0, "data.input_brightness", -1, 1);
        repeat = repeat == null ? Map.of() : new TreeMap<>(repeat);
        for (Map.Entry<String, Integer> e : repeat.entrySet()) {
            if (e.getValue() == null || e.getValue() < 1 || e.getValue() > MAX_REPEAT) {
                throw new IllegalArgumentException("data.repeat." + e.getKey() + " must be a whole number in 1.." + MAX_REPEAT
                        + " (times a pair of that category appears per epoch), got " + e.getValue());
            }
        }
    }

    /** Every pair once per epoch. */
    public AugmentSpec(int crop, int batch, double[] zoom, boolean hflip, double[] inputContrast, double[] inputBrightness) {
        this(crop, batch, zoom, hflip, inputContrast, inputBrightness, null);
    }

    /**
     * The samples of one epoch: each training pair as many times as {@link #repeat} says for its
     * category, in the given order (the loader shuffles).
     *
     * @throws UserError if {@code repeat} names a category that no training pair has: a typo would
     *     otherwise train the recipe without the weighting it asks for
     */
    public List<Sample> epochSamples(List<Sample> train) {
        if (repeat.isEmpty()) {
            return train;
        }
        Set<String> present = new TreeSet<>();
        List<Sample> out = new ArrayList<>();
        for (Sample s : train) {
            String category = Stems.category(s.name()).orElse("");
            present.add(category);
            int times = repeat.getOrDefault(category, 1);
            for (int i = 0; i < times; i++) {
                out.add(s);
            }
        }
        for (String named : repeat.keySet()) {
            if (!present.contains(named)) {
                present.remove("");
                throw new UserError("recipe data.repeat names category '" + named + "', which no training pair has (their categories: "
                        + String.join(", ", present) + ")");
            }
        }
        return out;
    }

    private static double[] range(double[] r, double lo, double hi, String key, double min, double max) {
        if (r == null) {
            return new double[] {lo, hi};
        }
        if (r.length != 2 || r[0] > r[1] || r[0] < min || r[1] > max) {
            throw new IllegalArgumentException(key + " must be [low, high] with " + min + " <= low <= high <= " + max);
        }
        return r;
    }
}
