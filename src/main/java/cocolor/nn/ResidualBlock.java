package cocolor.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * x + conv-bn-act-conv-bn(x), then LeakyReLU: keeps channels and resolution. With attention, a
 * {@link SpatialAttention} gate scales the residual branch before the sum.
 */
public final class ResidualBlock extends AbstractBlock {
    private final SequentialBlock body;
    private final SpatialAttention gate;

    public ResidualBlock(int channels, boolean attention) {
        body =
                addChildBlock(
                        "body",
                        new SequentialBlock()
                                .add(Layers.convNormAct(channels, 3, 1))
                                .add(Layers.conv(channels, 3, 1, false))
                                .add(BatchNorm.builder().build()));
        gate = attention ? addChildBlock("gate", new SpatialAttention()) : null;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        var x = inputs.singletonOrThrow();
        var y = body.forward(ps, inputs, training).singletonOrThrow();
        if (gate != null) {
            y = gate.forward(ps, new NDList(y), training).singletonOrThrow();
        }
        return new NDList(Activation.leakyRelu(x.add(y), Layers.LEAKY_SLOPE));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {
        body.initialize(manager, dataType, shapes);
        if (gate != null) {
            gate.initialize(manager, dataType, shapes);
        }
    }
}
