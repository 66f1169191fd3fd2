package cocolor.nn;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;

/** Shape of a {@link PatchGan} discriminator: input channels and the width of each stride-2 layer. */
public record PatchGanConfig(
        @JsonProperty("in") int inChannels,
        @JsonProperty("widths") int[] widths) implements NetworkSpec {

    public PatchGanConfig {
        if (inChannels < 1) {
            throw new IllegalArgumentException("patchgan 'in' must be >= 1");
        }
        if (widths == null || widths.length < 1 || widths.length > 6) {
            throw new IllegalArgumentException("patchgan 'widths' needs 1 to 6 layers");
        }
    }

    @Override
    public int stride() {
        return 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PatchGanConfig c && c.inChannels == inChannels && Arrays.equals(c.widths, widths);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(widths) + inChannels;
    }

    @Override
    public String toString() {
        return "PatchGan(in=" + inChannels + ", widths=" + Arrays.toString(widths) + ")";
    }
}
