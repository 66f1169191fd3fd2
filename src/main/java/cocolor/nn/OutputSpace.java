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
 * </ul>
 */
public enum OutputSpace {
    @JsonProperty("rgb")
    RGB,
    @JsonProperty("yuv")
    YUV;

    private static final float U_MAX = 0.436f;
    private static final float V_MAX = 0.615f;
    private static final float GUIDE_EPSILON = 1e-3f;

    /** What inference outputs: {@link #image}, clamped to [0,1] where the space can leave it. */
    public NDArray inferenceImage(NDArray logits, NDArray input) {
        NDArray y = image(logits, input);
        if (this == RGB) {
            return y; // a sigmoid stays inside
        }
        NDArray clamped = y.clip(0, 1);
        y.close();
        return clamped;
    }

    /** The image of the head's (N, 3, H, W) output {@code logits} for the network input {@code input}. */
    public NDArray image(NDArray logits, NDArray input) {
        if (this == RGB) {
            return Activation.sigmoid(logits);
        }
        NDList c = logits.split(3, 1);
        NDArray guide = input.get(":, 0:1").clip(GUIDE_EPSILON, 1 - GUIDE_EPSILON);
        NDArray guideLogit = guide.div(guide.neg().add(1)).log();
        NDArray y = Activation.sigmoid(guideLogit.add(c.get(0)));
        NDArray u = Tensors.times(c.get(1).tanh(), U_MAX);
        NDArray v = Tensors.times(c.get(2).tanh(), V_MAX);
        NDArray r = y.add(Tensors.times(v, 1.13983f));
        NDArray g = y.sub(Tensors.times(u, 0.39465f)).sub(Tensors.times(v, 0.58060f));
        NDArray b = y.add(Tensors.times(u, 2.03211f));
        return NDArrays.concat(new NDList(r, g, b), 1);
    }
}
