package cocolor.recipe;

import cocolor.expr.Expr;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * One stage of a recipe: which networks learn (the others stay frozen), with which losses, for
 * how long. A stage ends after {@code epochs} epochs or {@code minutes} minutes, whichever comes
 * first (one of the two is required). {@code validate} is the expression scored on the
 * validation split after each epoch (default: the recipe's {@code validation}). {@code ema}, if set,
 * is the decay of an exponential moving average of the trained weights (e.g. 0.999), which is then
 * what is validated, exported and handed to the next stage. {@code init}, if set, maps networks to
 * the network whose weights they start the stage from (e.g. {@code f_n: f_g}: NIR colorization
 * starts from the grayscale colorization prior); both must have the same architecture.
 * {@code data}, if set, replaces some of the recipe's {@code data} keys for this stage only (see
 * {@link Recipe#dataFor}), e.g. a last stage on whole images after fast training on small crops.
 */
public record StageSpec(
        @JsonProperty("name") String name,
        @JsonProperty("epochs") Integer epochs,
        @JsonProperty("minutes") Double minutes,
        @JsonProperty("train") List<String> train,
        @JsonProperty("optimizer") OptimizerSpec optimizer,
        @JsonProperty("losses") List<LossSpec> losses,
        @JsonProperty("validate") Expr validate,
        @JsonProperty("ema") Double ema,
        @JsonProperty("init") LinkedHashMap<String, String> init,
        @JsonProperty("data") LinkedHashMap<String, Object> data) {

    public StageSpec withBudget(Integer epochs, Double minutes) {
        return new StageSpec(name, epochs, minutes, train, optimizer, losses, validate, ema, init, data);
    }
}
