package cocolor.nn;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.Locale;

/**
 * Shape of a {@link UNet}: channels in and out, the width of each level (its length is the depth),
 * residual blocks per level, the global-context switch, whether each residual block has a spatial
 * attention gate, the {@link OutputSpace} of a colorizer (null reads as {@code rgb}), the
 * pixel-unshuffle factor of the stem ({@code unshuffle}: the levels run at 1/f of the input's
 * resolution; 0 reads as 1) and the width of the optional full-resolution refinement path
 * ({@code refine}, 0 for none). The network's stride is f·2^(levels-1).
 */
public record UNetConfig(
        @JsonProperty("in") int inChannels,
        @JsonProperty("out") int outChannels,
        @JsonProperty("widths") int[] widths,
        @JsonProperty("blocks") int blocks,
        @JsonProperty("context") boolean globalContext,
        @JsonProperty("attention") boolean attention,
        @JsonProperty("output") OutputSpace output,
        @JsonProperty("unshuffle") int unshuffle,
        @JsonProperty("refine") int refine,
        @JsonProperty("encoder") EncoderSpec encoder) implements NetworkSpec {

    public UNetConfig {
        output = output == null ? OutputSpace.RGB : output;
        unshuffle = unshuffle == 0 ? 1 : unshuffle;
    }

    /** A network at full resolution without a refinement path. */
    public UNetConfig(int inChannels, int outChannels, int[] widths, int blocks, boolean globalContext,
            boolean attention, OutputSpace output) {
        this(inChannels, outChannels, widths, blocks, globalContext, attention, output, 1, 0, null);
    }

    /** A network without a pretrained encoder. */
    public UNetConfig(int inChannels, int outChannels, int[] widths, int blocks, boolean globalContext,
            boolean attention, OutputSpace output, int unshuffle, int refine) {
        this(inChannels, outChannels, widths, blocks, globalContext, attention, output, unshuffle, refine, null);
    }

    /** This network with {@code encoder} (null for none). */
    public UNetConfig withEncoder(EncoderSpec encoder) {
        return new UNetConfig(inChannels, outChannels, widths, blocks, globalContext, attention, output, unshuffle, refine, encoder);
    }

    /**
     * The reference colorizer of the speed comparisons: the full-resolution network once bundled
     * ({@code cpu-ref} in docs/experiments.md) without its attention gates, as {@code recipes/baseline.yaml} trains it.
     */
    public static UNetConfig colorizer(int inChannels) {
        return new UNetConfig(inChannels, 3, new int[] {16, 32, 64, 128, 256}, 1, true, false, OutputSpace.RGB);
    }

    @Override
    public int stride() {
        return unshuffle << (widths.length - 1);
    }

    /**
     * One stride with a pretrained encoder, which pads as TensorFlow does, with zeros at the bottom
     * and right only: the bundled NIR colorizer read that edge as an image edge and painted a
     * greener, more saturated band along the bottom of some images (BorderBandsTest: 0.107 at the
     * bottom of country_0024 without the margin, 0.025 at the worst edge of the samples with it).
     */
    @Override
    public int trailingMargin() {
        return encoder == null ? 0 : stride();
    }

    /** Channels of the head's convolution (see {@link OutputSpace#headChannels}). */
    public int headChannels() {
        return output.headChannels(outChannels);
    }

    @Override
    public UNetConfig validated() {
        if (inChannels < 1 || outChannels < 1) {
            throw new IllegalArgumentException("network 'in' and 'out' must be >= 1");
        }
        if (widths == null || widths.length < 2 || widths.length > 8) {
            throw new IllegalArgumentException("network 'widths' needs 2 to 8 levels, got "
                    + (widths == null ? "none" : widths.length));
        }
        for (int w : widths) {
            if (w < 1 || w > 1024) {
                throw new IllegalArgumentException("network widths must be in 1..1024, got " + w);
            }
        }
        if (blocks < 0 || blocks > 8) {
            throw new IllegalArgumentException("network 'blocks' must be in 0..8, got " + blocks);
        }
        if (unshuffle < 1 || unshuffle > 8) {
            throw new IllegalArgumentException("network 'unshuffle' must be in 1..8, got " + unshuffle);
        }
        if (refine < 0 || refine > 256) {
            throw new IllegalArgumentException("network 'refine' must be in 0..256, got " + refine);
        }
        if ((output == OutputSpace.YUV || output == OutputSpace.CHROMA) && outChannels != 3) {
            throw new IllegalArgumentException("network 'output: " + output.name().toLowerCase(Locale.ROOT)
                    + "' needs 'out: 3', got " + outChannels);
        }
        if (encoder != null) {
            if (inChannels != 1) {
                throw new IllegalArgumentException("network 'encoder' needs a one-channel input ('in: 1'), got " + inChannels);
            }
            encoder.validate(unshuffle, widths.length);
        }
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UNetConfig c
                && c.inChannels == inChannels
                && c.outChannels == outChannels
                && Arrays.equals(c.widths, widths)
                && c.blocks == blocks
                && c.globalContext == globalContext
                && c.attention == attention
                && c.output == output
                && c.unshuffle == unshuffle
                && c.refine == refine
                && java.util.Objects.equals(c.encoder, encoder);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(widths) + inChannels * 7 + outChannels * 3 + blocks
                + (globalContext ? 1 : 0) + (attention ? 2 : 0) + 5 * output.ordinal()
                + 11 * unshuffle + 13 * refine + java.util.Objects.hashCode(encoder);
    }

    @Override
    public String toString() {
        return "UNet(in=" + inChannels + ", out=" + outChannels + ", widths=" + Arrays.toString(widths)
                + ", blocks=" + blocks + ", context=" + globalContext
                + (attention ? ", attention=true" : "") + (output == OutputSpace.RGB ? "" : ", output=" + output.name().toLowerCase(Locale.ROOT))
                + (unshuffle == 1 ? "" : ", unshuffle=" + unshuffle)
                + (refine == 0 ? "" : ", refine=" + refine) + (encoder == null ? "" : ", " + encoder) + ")";
    }
}
