package cocolor.infer;

import cocolor.nn.NetworkSpec;
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
        @JsonProperty("modes") LinkedHashMap<String, String> modes,
        @JsonProperty("recipe") String recipe,
        @JsonProperty("validation") Map<String, Object> validation,
        @JsonProperty("training") Map<String, Object> training) {

    public static final String FORMAT = "cocolor-model";
    public static final int VERSION = 1;
}
