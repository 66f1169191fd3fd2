package cocolor.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * x + conv-bn-act-conv-bn(x), then LeakyReLU: keeps channels and resolution. With attention, a
 * {@link SpatialAttention} gate scales the residual branch before the sum.
 */
public final class ResidualBlock extends Composite {
    public ResidualBlock(int channels, boolean attention) {
        addChildBlock("body", new SequentialBlock()
                .add(Layers.convNormAct(channels, 3, 1))
                .add(Layers.conv(channels, 3, 1, false))
                .add(BatchNorm.builder().build()));
        if (attention) {
            addChildBlock("gate", new SpatialAttention());
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        Pass p = pass(ps, training);
        NDArray x = inputs.singletonOrThrow();
        NDArray y = p.run("body", x);
        if (hasChild("gate")) {
            y = p.step("gate", y);
        }
        NDArray sum = p.add(y, x);
        NDArray out = Activation.leakyRelu(sum, Layers.LEAKY_SLOPE);
        p.free(sum);
        return new NDList(out);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {
        child("body").initialize(manager, dataType, shapes);
        if (hasChild("gate")) {
            child("gate").initialize(manager, dataType, shapes);
        }
    }
}
