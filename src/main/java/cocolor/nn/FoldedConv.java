package cocolor.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A convolution with the inference-mode batch norm after it folded in: BN(conv(x)) = conv'(x)
 * with W' = W·γ/√(σ²+ε) per output channel and b' = β − μ·γ/√(σ²+ε) (+ b·γ/√(σ²+ε)). One op
 * instead of two, and no pass over the activations for the norm. Its arrays are copies that
 * collect no gradient; it has no parameters, so it is initialized as it is made.
 */
final class FoldedConv extends AbstractBlock {
    private static final Shape NO_DILATION = new Shape(1, 1);
    private final NDArray weight;
    private final NDArray bias;
    private final Shape stride;
    private final Shape padding;
    private final int groups;

    private FoldedConv(NDArray weight, NDArray bias, Shape stride, Shape padding, int groups) {
        this.weight = weight;
        this.bias = bias;
        this.stride = stride;
        this.padding = padding;
        this.groups = groups;
    }

    /** Folds {@code norm} (null for none) into a copy of {@code conv}'s weights, owned by {@code manager}. */
    static FoldedConv fold(Conv2d conv, BatchNorm norm, NDManager manager) {
        float[] w = conv.getParameters().get("weight").getArray().toFloatArray();
        Shape wShape = conv.getParameters().get("weight").getArray().getShape();
        int outChannels = (int) wShape.get(0);
        int perChannel = w.length / outChannels;
        float[] b = conv.isIncludeBias()
                ? conv.getParameters().get("bias").getArray().toFloatArray()
                : new float[outChannels];
        if (norm != null) {
            float[] gamma = array(norm, "gamma");
            float[] beta = array(norm, "beta");
            float[] mean = array(norm, "runningMean");
            float[] var = array(norm, "runningVar");
            for (int o = 0; o < outChannels; o++) {
                double scale = gamma[o] / Math.sqrt(var[o] + Layers.BATCH_NORM_EPSILON);
                for (int i = 0; i < perChannel; i++) {
                    w[o * perChannel + i] = (float) (w[o * perChannel + i] * scale);
                }
                b[o] = (float) (beta[o] + (b[o] - mean[o]) * scale);
            }
        }
        return new FoldedConv(channelsLast(w, wShape, manager), manager.create(b), conv.getStride(), conv.getPadding(),
                conv.getGroups());
    }

    /**
     * The (O, I, kh, kw) weight {@code w} laid out as the activations are ({@link
     * Layers#channelsLast}), so that libtorch's channels-last convolution does not copy it into that
     * order on every call: written in (O, kh, kw, I) order here and viewed as (O, I, kh, kw). The
     * array under the view stays open in {@code manager}: it holds the memory.
     */
    private static NDArray channelsLast(float[] w, Shape shape, NDManager manager) {
        int o = (int) shape.get(0);
        int in = (int) shape.get(1);
        int kh = (int) shape.get(2);
        int kw = (int) shape.get(3);
        float[] ohwi = new float[w.length];
        for (int a = 0; a < o; a++) {
            for (int i = 0; i < in; i++) {
                for (int y = 0; y < kh; y++) {
                    for (int x = 0; x < kw; x++) {
                        ohwi[((a * kh + y) * kw + x) * in + i] = w[((a * in + i) * kh + y) * kw + x];
                    }
                }
            }
        }
        return manager.create(ohwi, new Shape(o, kh, kw, in)).transpose(0, 3, 1, 2);
    }

    private static float[] array(BatchNorm norm, String name) {
        return norm.getParameters().get(name).getArray().toFloatArray();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList y = Conv2d.conv2d(inputs.singletonOrThrow(), weight, bias, stride, padding, NO_DILATION, groups);
        if (Folding.counting()) {
            Shape out = y.get(0).getShape();
            Folding.countMacs(weight.getShape().size() * out.get(0) * out.get(2) * out.get(3));
        }
        return y;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long k = weight.getShape().get(2);
        long h = (in.get(2) + 2 * padding.get(0) - k) / stride.get(0) + 1;
        long w = (in.get(3) + 2 * padding.get(1) - weight.getShape().get(3)) / stride.get(1) + 1;
        return new Shape[] {new Shape(in.get(0), weight.getShape().get(0), h, w)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // nothing to initialize: the folded arrays are made with the block
    }
}
