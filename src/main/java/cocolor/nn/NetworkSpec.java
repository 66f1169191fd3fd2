package cocolor.nn;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.annotation.JsonTypeIdResolver;
import java.util.List;

/**
 * The settings of a network of a recipe or model file, by {@code type}: one spec class per
 * network type of {@link NetworkTypes} ({@code unet}: colorizers F_N, F_G and the N2G/G2N
 * translators; {@code patchgan}: discriminators). What inference asks of a network it asks here.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CUSTOM, property = "type")
@JsonTypeIdResolver(NetworkTypes.IdResolver.class)
public interface NetworkSpec {
    /** The type names a recipe or model file can give ({@link NetworkTypes#names}). */
    static List<String> types() {
        return NetworkTypes.names();
    }

    int inChannels();

    /** Input sizes must be a multiple of this. */
    int stride();

    /** This spec, checked: throws IllegalArgumentException naming the setting that is wrong. */
    default NetworkSpec validated() {
        return this;
    }

    /** Mirrored pixels the network wants after an image (bottom and right) at inference; 0 by default. */
    default int trailingMargin() {
        return 0;
    }
}
