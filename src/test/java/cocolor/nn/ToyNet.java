package cocolor.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A toy colorizer, the example of docs/design.md ("Adding a network"; the class there is this
 * one, checked by ToyNetworkTest): a 3×3 convolution with batch norm at half resolution, a 1×1
 * convolution to RGB, enlarged back and squashed into [0, 1].
 */
// snippet:toy-network
public final class ToyNet extends Composite {
    /** Its settings in a recipe or model file: {@code {type: toy, in: 1, width: 8}}. */
    public record Spec(@JsonProperty("in") int inChannels, @JsonProperty("width") int width) implements NetworkSpec {
        @Override
        public int stride() {
            return 2; // one stride-2 convolution
        }
    }

    public ToyNet(Spec spec) {
        addChildBlock("body", Layers.convNormAct(spec.width(), 3, 2).add(Layers.conv(3, 1, 1, true)));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        Pass p = pass(ps, training);
        NDArray logits = p.run("body", inputs.get(0));
        NDArray enlarged = Layers.upsample2x(logits);
        p.free(logits); // closes it in the inference copy only
        NDArray image = Activation.sigmoid(enlarged);
        p.free(enlarged);
        return new NDList(image);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        return new Shape[] {new Shape(in[0].get(0), 3, in[0].get(2), in[0].get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType type, Shape... in) {
        child("body").initialize(manager, type, in);
    }
}
// end snippet
