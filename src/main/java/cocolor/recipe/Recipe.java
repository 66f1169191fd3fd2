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
 * @param export how the finished model colorizes, by mode: {@code nir} (required) and optionally
 *     {@code gray}; each an expression such as {@code f_n(nir)}
 * @param validation expression scored on the validation split after each epoch (default: export.nir)
 */
public record Recipe(
        @JsonProperty("name") String name,
        @JsonProperty("description") String description,
        @JsonProperty("seed") long seed,
        @JsonProperty("data") AugmentSpec data,
        @JsonProperty("networks") LinkedHashMap<String, NetworkSpec> networks,
        @JsonProperty("stages") List<StageSpec> stages,
        @JsonProperty("export") LinkedHashMap<String, Expr> export,
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
    public static Expr modelExpression(Map<String, Expr> modes) {
        return modes.getOrDefault("nir", modes.get("gray"));
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
        List<StageSpec> scaled = new java.util.ArrayList<>();
        for (StageSpec s : stages) {
            if (epochs != null) {
                if (totalEpochs > 0 && s.epochs() == null) {
                    scaled.add(s);
                } else {
                    double share = fraction(s.epochs() == null ? null : s.epochs().doubleValue(), totalEpochs);
                    scaled.add(s.withBudget(Math.max(1, (int) Math.round(epochs * share)), null));
                }
            } else if (totalMinutes > 0 && s.minutes() == null) {
                scaled.add(s);
            } else {
                scaled.add(s.withBudget(null, minutes * fraction(s.minutes(), totalMinutes)));
            }
        }
        return new Recipe(name, description, seed, data, networks, scaled, export, validation);
    }

    private double fraction(Double own, double sum) {
        return sum > 0 && own != null ? own / sum : 1.0 / stages.size();
    }

    /** What {@code stage} validates: its own {@code validate}, else the recipe's {@link #validationExpression}. */
    public Expr validationExpression(StageSpec stage) {
        return stage.validate() != null ? stage.validate() : validationExpression();
    }
}
