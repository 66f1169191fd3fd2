package cocolor.recipe;

import cocolor.data.AugmentSpec;
import cocolor.expr.Expr;
import cocolor.nn.NetworkSpec;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A training recipe: the networks, the data augmentation, and the stages that train them in order.
 * Recipes are YAML files (see {@code recipes/}); every key is documented in docs/training.md.
 *
 * @param export how the finished model colorizes, by {@link Mode}: {@code nir}, {@code gray} or
 *     both; each an expression such as {@code f_n(nir)}
 * @param validation expression scored on the validation split after each epoch (default:
 *     {@link #modelExpression} of the exports, {@code export.nir}, else {@code export.gray})
 */
public record Recipe(
        @JsonProperty("name") String name,
        @JsonProperty("description") String description,
        @JsonProperty("seed") long seed,
        @JsonProperty("data") AugmentSpec data,
        @JsonProperty("networks") LinkedHashMap<String, NetworkSpec> networks,
        @JsonProperty("stages") List<StageSpec> stages,
        @JsonProperty("export") LinkedHashMap<Mode, Expr> export,
        @JsonProperty("validation") Expr validation) {

    private static final ObjectMapper DATA_KEYS = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * The data section a stage trains with: the recipe's, with the keys that the stage's own
     * {@code data} names replaced.
     *
     * @throws IllegalArgumentException if the stage names an unknown key or a bad value
     */
    public AugmentSpec dataFor(StageSpec stage) {
        if (stage.data() == null || stage.data().isEmpty()) {
            return data;
        }
        Map<String, Object> merged = DATA_KEYS.convertValue(data, new TypeReference<LinkedHashMap<String, Object>>() {});
        merged.putAll(stage.data());
        return DATA_KEYS.convertValue(merged, AugmentSpec.class);
    }

    /** The smallest training crop of any stage: images smaller than this cannot train at all. */
    public int smallestCrop() {
        return stages.stream().mapToInt(s -> dataFor(s).crop()).min().orElse(data.crop());
    }

    /** The largest stride of the recipe's networks: training crops and batch sides are multiples of it. */
    public int stride() {
        return networks.values().stream().mapToInt(NetworkSpec::stride).max().orElse(1);
    }

    /** What validation scores: the recipe's {@code validation}, else {@link #modelExpression} of its exports. */
    public Expr validationExpression() {
        return validation != null ? validation : modelExpression(export);
    }

    /**
     * The mode whose scores describe a model with these modes: its NIR mode, else its gray mode
     * (null if it has neither). Model files and their reports read validation by the same rule.
     */
    public static Expr modelExpression(Map<Mode, Expr> modes) {
        return modes.getOrDefault(Mode.NIR, modes.get(Mode.GRAY));
    }

    /**
     * Copy with the budget replaced: a single stage gets it whole; several stages share it in
     * proportion to their own budgets of that kind, and giving epochs drops their minute limits
     * and vice versa. In a recipe that mixes kinds, stages budgeted only in the other kind keep
     * their own budget (e.g. {@code --minutes} scales the timed stages and leaves a 25-epoch
     * polish stage as it is); if no stage has the given kind, all share it equally.
     */
    public Recipe withBudget(Integer epochs, Double minutes) {
        if (epochs == null && minutes == null) {
            return this;
        }
        double totalMinutes = stages.stream().mapToDouble(s -> s.minutes() == null ? 0 : s.minutes()).sum();
        double totalEpochs = stages.stream().mapToDouble(s -> s.epochs() == null ? 0 : s.epochs()).sum();
        int[] shares = epochs == null ? null : epochShares(epochs, totalEpochs);
        List<StageSpec> scaled = new java.util.ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            StageSpec s = stages.get(i);
            if (epochs != null) {
                scaled.add(shares[i] < 0 ? s : s.withBudget(shares[i], null));
            } else if (totalMinutes > 0 && s.minutes() == null) {
                scaled.add(s);
            } else {
                scaled.add(s.withBudget(null, minutes * fraction(s.minutes(), totalMinutes)));
            }
        }
        return new Recipe(name, description, seed, data, networks, scaled, export, validation);
    }

    /**
     * {@code epochs} shared among the stages in proportion to their own epochs (-1 for a stage that
     * keeps its minutes), at least 1 each, summing to {@code epochs} where that allows: largest
     * remainders first, and the largest stages give up epochs for the smallest' minimum of 1.
     */
    private int[] epochShares(int epochs, double totalEpochs) {
        int n = stages.size();
        int[] out = new int[n];
        double[] exact = new double[n];
        int sum = 0;
        for (int i = 0; i < n; i++) {
            StageSpec s = stages.get(i);
            if (totalEpochs > 0 && s.epochs() == null) {
                out[i] = -1;
                continue;
            }
            exact[i] = epochs * fraction(s.epochs() == null ? null : s.epochs().doubleValue(), totalEpochs);
            out[i] = Math.max(1, (int) Math.floor(exact[i]));
            sum += out[i];
        }
        while (sum < epochs) { // the largest remainder gets the next epoch
            int best = -1;
            for (int i = 0; i < n; i++) {
                if (out[i] >= 0 && (best < 0 || exact[i] - out[i] > exact[best] - out[best])) {
                    best = i;
                }
            }
            out[best]++;
            sum++;
        }
        while (sum > epochs) { // the minimum of 1 overshot: the stage furthest above its share gives one back
            int best = -1;
            for (int i = 0; i < n; i++) {
                if (out[i] > 1 && (best < 0 || out[i] - exact[i] > out[best] - exact[best])) {
                    best = i;
                }
            }
            if (best < 0) {
                break; // every stage has its 1
            }
            out[best]--;
            sum--;
        }
        return out;
    }

    private double fraction(Double own, double sum) {
        return sum > 0 && own != null ? own / sum : 1.0 / stages.size();
    }

    /** What {@code stage} validates: its own {@code validate}, else the recipe's {@link #validationExpression}. */
    public Expr validationExpression(StageSpec stage) {
        return stage.validate() != null ? stage.validate() : validationExpression();
    }
}
