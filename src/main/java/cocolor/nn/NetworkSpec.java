package cocolor.nn;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Arrays;
import java.util.List;

/**
 * A network of a recipe, by {@code type}: {@code unet} (colorizers F_N, F_G and the N2G/G2N
 * translators) or {@code patchgan} (discriminators).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = UNetConfig.class, name = "unet"),
    @JsonSubTypes.Type(value = PatchGanConfig.class, name = "patchgan"),
})
public sealed interface NetworkSpec permits UNetConfig, PatchGanConfig {
    /** The type names a recipe or model file can give, as the annotation above registers them. */
    static List<String> types() {
        return Arrays.stream(NetworkSpec.class.getAnnotation(JsonSubTypes.class).value()).map(JsonSubTypes.Type::name).toList();
    }

    int inChannels();

    /** Input sizes must be a multiple of this. */
    int stride();

    /** Mirrored pixels the network wants after an image (bottom and right) at inference; 0 by default. */
    default int trailingMargin() {
        return 0;
    }
}
