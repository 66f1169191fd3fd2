package cocolor.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A spatial attention gate (the spatial half of CBAM, Woo et al. 2018): a 7×7 convolution of the
 * channel mean and maximum at each position gives a weight in (0,1) that scales every channel
 * there, so a block can emphasise the regions its features matter for. The gate looks 3 pixels
 * around, not at the whole image, so tiles of a large image are gated as the whole image is.
 */
public final class SpatialAttention extends Composite {
    static final int KERNEL = 7;

    public SpatialAttention() {
        addChildBlock("conv", Layers.conv(1, KERNEL, 1, true));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        Pass p = pass(ps, training);
        NDArray x = inputs.singletonOrThrow();
        NDArray logits = p.step("conv", summary(x));
        NDArray weights = Activation.sigmoid(logits);
        p.free(logits);
        NDArray out = x.mul(weights);
        p.free(weights);
        return new NDList(out);
    }

    /** (N, 2, H, W): the mean and the maximum over channels of an (N, C, H, W) map. */
    static NDArray summary(NDArray x) {
        return NDArrays.concat(new NDList(x.mean(new int[] {1}, true), x.max(new int[] {1}, true)), 1);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {
        Shape s = shapes[0];
        child("conv").initialize(manager, dataType, new Shape(s.get(0), 2, s.get(2), s.get(3)));
    }
}
