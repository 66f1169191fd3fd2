package cocolor.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a colorizer's last convolution predicts, and how that becomes an RGB image.
 *
 * <ul>
 *   <li>{@code rgb}: the three channels directly, through a sigmoid.
 *   <li>{@code yuv}: a luminance correction and two chroma channels (BT.601 YUV). The input's
 *       first channel is the luminance guide: Y = sigmoid(logit(input) + correction), so an
 *       untrained network already outputs the input's brightness, and the chroma is bounded by
 *       tanh to YUV's range. The RGB image can leave [0,1] slightly where a bright Y meets a
 *       strong chroma: training sees it as it is (so such pixels still learn), the inference
 *       copy clamps it.
 *   <li>{@code affine}: per-pixel affine maps of the guide (the input's first channel), two
 *       channels per output channel: y_c = a_c·(g − ½) + b_c + ½. The network predicts a and b
 *       where it runs (at 1/f of the resolution with a pixel-unshuffle stem, bilinearly enlarged),
 *       the map is applied to the full-resolution guide: edges and texture come from the input,
 *       the colour from the network, so the levels can run at low resolution without blocky
 *       output. Centring on ½ decouples the two: b learns the mean, a the contrast, and an
 *       untrained network outputs mid-gray. Inference clamps to [0,1].
 *   <li>{@code chroma}: for inputs that are the luminance (grayscale colorization): two chroma
 *       channels (U, V, bounded by tanh as in {@code yuv}) and the input's first channel as Y,
 *       unchanged. BT.601's YUV-to-RGB keeps the luma exactly, so the output's gray is the input
 *       and the output is never less faithful to it than the input copied to RGB. Where a colour
 *       would leave [0,1], inference scales that pixel's chroma down just enough instead of
 *       clamping (a clamp would change the luminance).
 * </ul>
 */
public enum OutputSpace {
    @JsonProperty("rgb")
    RGB,
    @JsonProperty("yuv")
    YUV,
    @JsonProperty("affine")
    AFFINE,
    @JsonProperty("chroma")
    CHROMA;

    private static final float U_MAX = 0.436f;
    private static final float V_MAX = 0.615f;
    private static final float GUIDE_EPSILON = 1e-3f;

    /** Channels the head predicts for an image of {@code outChannels} channels. */
    public int headChannels(int outChannels) {
        return switch (this) {
            case AFFINE -> 2 * outChannels;
            case CHROMA -> 2;
            default -> outChannels;
        };
    }

    /** What inference outputs: {@link #image}, clamped to [0,1] where the space can leave it. */
    public NDArray inferenceImage(NDArray logits, NDArray input) {
        NDArray y = image(logits, input);
        if (this == RGB) {
            return y; // a sigmoid stays inside
        }
        if (this == CHROMA) {
            NDArray inGamut = intoGamut(y, input.get(":, 0:1"));
            y.close();
            return inGamut;
        }
        NDArray clamped = y.clip(0, 1);
        y.close();
        return clamped;
    }

    /**
     * The image of the head's (N, {@link #headChannels}, H, W) output {@code logits} for the network
     * input {@code input} (of the same height and width).
     */
    public NDArray image(NDArray logits, NDArray input) {
        if (this == RGB) {
            return Activation.sigmoid(logits);
        }
        if (this == AFFINE) {
            NDList ab = logits.split(2, 1);
            NDArray centred = input.get(":, 0:1").sub(0.5f);
            return ab.get(0).mul(centred).add(ab.get(1)).add(0.5f);
        }
        NDArray y;
        NDArray u;
        NDArray v;
        if (this == CHROMA) {
            NDList c = logits.split(2, 1);
            y = input.get(":, 0:1");
            u = Tensors.times(c.get(0).tanh(), U_MAX);
            v = Tensors.times(c.get(1).tanh(), V_MAX);
        } else {
            NDList c = logits.split(3, 1);
            NDArray guide = input.get(":, 0:1").clip(GUIDE_EPSILON, 1 - GUIDE_EPSILON);
            NDArray guideLogit = guide.div(guide.neg().add(1)).log();
            y = Activation.sigmoid(guideLogit.add(c.get(0)));
            u = Tensors.times(c.get(1).tanh(), U_MAX);
            v = Tensors.times(c.get(2).tanh(), V_MAX);
        }
        NDArray r = y.add(Tensors.times(v, 1.13983f));
        NDArray g = y.sub(Tensors.times(u, 0.39465f)).sub(Tensors.times(v, 0.58060f));
        NDArray b = y.add(Tensors.times(u, 2.03211f));
        return NDArrays.concat(new NDList(r, g, b), 1);
    }

    /**
     * {@code rgb} with each pixel's offset from its luminance {@code y} (N, 1, H, W) scaled by the
     * largest factor in [0,1] that keeps all three channels in [0,1]: the hue and the luminance
     * stay, only the saturation of out-of-gamut pixels drops.
     */
    static NDArray intoGamut(NDArray rgb, NDArray y) {
        try (NDArray delta = rgb.sub(y);
                NDArray positive = delta.gt(0);
                NDArray headroom = y.neg().add(1);
                NDArray room = NDArrays.where(positive, headroom.broadcast(delta.getShape()), y.broadcast(delta.getShape()));
                NDArray size = delta.abs().maximum(1e-6f);
                NDArray factor = room.div(size).min(new int[] {1}, true).minimum(1f).maximum(0f)) {
            // the clip only removes float rounding (|error| ~1e-7)
            try (NDArray scaled = delta.mul(factor); NDArray sum = scaled.add(y)) {
                return sum.clip(0, 1);
            }
        }
    }
}
