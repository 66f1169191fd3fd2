package cocolor.nn;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Locale;

/**
 * A pretrained ImageNet encoder inside a colorizer (CoColor's task-domain prior): which of its
 * layers feed the U-Net, where they join it, how many of its last blocks learn, and at what scale
 * it sees the input.
 *
 * @param layers Keras layer names of {@link MobileNetV1}, e.g. {@code conv_pw_5}, {@code conv_pw_11},
 *     {@code conv_pw_12}; each is projected by a learned 1×1 convolution to the width of the U-Net
 *     level it joins and added there
 * @param join {@code skips}: each layer joins the U-Net level of its own resolution (after that
 *     level's encoder blocks, so the decoder's skip carries it too); {@code bottleneck}: every layer
 *     is average-pooled to the bottleneck's resolution and joins there, before the global context
 * @param tune how many of the encoder's last depthwise-separable blocks learn (0: frozen)
 * @param scale the input is enlarged by this factor before the encoder (1: as is)
 * @param reduce the input is reduced by this factor (the mean of each reduce×reduce block) before
 *     the encoder (1: as is; model files leave it out then): the encoder then costs about 1/reduce²
 *     and each of its layers joins the U-Net level of its coarser resolution
 */
public record EncoderSpec(
        @JsonProperty("layers") List<String> layers,
        @JsonProperty("join") Join join,
        @JsonProperty("tune") int tune,
        @JsonProperty("scale") int scale,
        @JsonProperty("reduce") @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = One.class) int reduce) {

    /** Without a reduction. */
    public EncoderSpec(List<String> layers, Join join, int tune, int scale) {
        this(layers, join, tune, scale, 1);
    }

    /** Jackson's filter for a value left out when it is 1 (it excludes what it equals). */
    static final class One {
        @Override
        public boolean equals(Object o) {
            return o instanceof Integer i && i == 1;
        }

        @Override
        public int hashCode() {
            return 1;
        }
    }

    /** Where the encoder's features join the U-Net. */
    public enum Join {
        @JsonProperty("skips")
        SKIPS,
        @JsonProperty("bottleneck")
        BOTTLENECK
    }

    public EncoderSpec {
        layers = layers == null ? List.of() : List.copyOf(layers);
        join = join == null ? Join.SKIPS : join;
        scale = scale == 0 ? 1 : scale;
        reduce = reduce == 0 ? 1 : reduce;
    }

    /** The U-Net level (0 = finest) that layer {@code layer} joins in a network of the given shape. */
    int level(String layer, int unshuffle, int levels) {
        if (join == Join.BOTTLENECK) {
            return levels - 1;
        }
        // the layer runs at scale / (2^k · reduce) of the input, level i at 1 / (unshuffle · 2^i)
        int denominator = (1 << MobileNetV1.downsampling(layer)) * reduce;
        for (int i = 0; i < levels; i++) {
            if (denominator % scale == 0 && unshuffle << i == denominator / scale) {
                return i;
            }
        }
        return -1;
    }

    /** Checks the spec against the U-Net it belongs to; the messages name the option. */
    void validate(int unshuffle, int levels) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("network 'encoder.layers' must list at least one of " + MobileNetV1.LAYERS);
        }
        for (String layer : layers) {
            if (!MobileNetV1.LAYERS.contains(layer)) {
                throw new IllegalArgumentException("network 'encoder.layers': unknown layer '" + layer + "'; known: " + MobileNetV1.LAYERS);
            }
        }
        if (scale < 1 || scale > 4) {
            throw new IllegalArgumentException("network 'encoder.scale' must be 1, 2, 3 or 4, got " + scale);
        }
        if (reduce != 1 && reduce != 2 && reduce != 4) {
            throw new IllegalArgumentException("network 'encoder.reduce' must be 1, 2 or 4, got " + reduce);
        }
        if (reduce > 1 && scale > 1) {
            throw new IllegalArgumentException("network 'encoder': give 'scale' or 'reduce', not both");
        }
        int stride = unshuffle << (levels - 1);
        int needed = (1 << MobileNetV1.downsampling(deepest())) * reduce;
        if (stride * scale % needed != 0) {
            throw new IllegalArgumentException("network 'encoder': at scale " + scale + (reduce == 1 ? "" : "/" + reduce)
                    + " the network's stride " + stride
                    + " does not give " + deepest() + " (1/" + needed + ") whole pixels");
        }
        for (String layer : layers) {
            int level = level(layer, unshuffle, levels);
            if (level < 0) {
                throw new IllegalArgumentException("network 'encoder.layers': " + layer + " runs at " + resolution(layer)
                        + " of the input, where no U-Net level runs (levels at 1/" + unshuffle + " to 1/" + stride
                        + "); choose another layer or 'join: bottleneck'");
            }
        }
        int blocks = MobileNetV1.blockOf(deepest());
        if (tune < 0 || tune > blocks) {
            throw new IllegalArgumentException("network 'encoder.tune' must be in 0.." + blocks + " (the blocks up to "
                    + deepest() + "), got " + tune);
        }
    }

    private String resolution(String layer) {
        int d = (1 << MobileNetV1.downsampling(layer)) * reduce;
        return scale == 1 ? "1/" + d : scale + "/" + d;
    }

    /** The deepest layer asked for: the encoder runs up to it. */
    public String deepest() {
        return layers.stream().max(java.util.Comparator.comparingInt(MobileNetV1.LAYERS::indexOf)).orElseThrow();
    }

    @Override
    public String toString() {
        return "encoder(layers=" + layers + ", join=" + join.name().toLowerCase(Locale.ROOT)
                + (tune == 0 ? "" : ", tune=" + tune) + (scale == 1 ? "" : ", scale=" + scale)
                + (reduce == 1 ? "" : ", reduce=" + reduce) + ")";
    }
}
