package cocolor.nn;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

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
    int inChannels();

    /** Input sizes must be a multiple of this. */
    int stride();
}
