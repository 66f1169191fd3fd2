package cocolor.infer;

import cocolor.expr.Expr;
import cocolor.nn.NetworkSpec;
import cocolor.recipe.Mode;
import cocolor.recipe.Recipe;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a model file says about itself: its networks, how each colorization mode wires them (an
 * expression such as {@code f_n(nir)}), and where it came from (recipe, validation scores,
 * training time) so that a user or the server can tell models apart.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelInfo(
        @JsonProperty("format") String format,
        @JsonProperty("version") int version,
        @JsonProperty("networks") LinkedHashMap<String, NetworkSpec> networks,
        @JsonProperty("modes") LinkedHashMap<Mode, Expr> modes,
        @JsonProperty("recipe") String recipe,
        @JsonProperty("validation") Map<String, Object> validation,
        @JsonProperty("training") Map<String, Object> training) {

    public static final String FORMAT = "cocolor-model";
    public static final int VERSION = 1;
    /** The key of {@link #training} that records {@link #imageSize}. */
    public static final String IMAGE_SIZE = "image_size";
    /**
     * The image size of model files that do not record one: every model before the field was
     * trained on the 256×256 VCIP 2020 crops.
     */
    public static final int DEFAULT_IMAGE_SIZE = 256;

    /**
     * The shorter side, in pixels, of the whole images the model was trained on: the scale at which
     * it has seen scenes (a 256-pixel VCIP crop spans about 680 pixels of its source photo).
     */
    @JsonIgnore
    public int imageSize() {
        return training != null && training.get(IMAGE_SIZE) instanceof Number n && n.intValue() > 0
                ? n.intValue()
                : DEFAULT_IMAGE_SIZE;
    }

    /**
     * The expression whose held-out scores describe this model, as a training log names it
     * ({@code val_of}): {@link Recipe#modelExpression} of its modes, the trainer's rule for recipes
     * without their own {@code validation}.
     */
    @JsonIgnore
    public String validatedExpression() {
        Expr expr = Recipe.modelExpression(modes);
        return expr == null ? "" : expr.toString();
    }
}
