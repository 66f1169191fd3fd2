package cocolor.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;

/**
 * A convolution with the inference-mode batch norm after it folded in: BN(conv(x)) = conv'(x)
 * with W' = W·γ/√(σ²+ε) per output channel and b' = β − μ·γ/√(σ²+ε) (+ b·γ/√(σ²+ε)). One op
 * instead of two, and no pass over the activations for the norm.
 */
record FoldedConv(NDArray weight, NDArray bias, Shape stride, Shape padding, int groups) {
    private static final Shape NO_DILATION = new Shape(1, 1);

    /** Folds {@code unit} into new arrays owned by {@code manager} (no gradient, no link to the original). */
    static FoldedConv fold(UNetParts.ConvUnit unit, NDManager manager) {
        Conv2d conv = unit.conv();
        float[] w = conv.getParameters().get("weight").getArray().toFloatArray();
        Shape wShape = conv.getParameters().get("weight").getArray().getShape();
        int outChannels = (int) wShape.get(0);
        int perChannel = w.length / outChannels;
        float[] b = conv.isIncludeBias()
                ? conv.getParameters().get("bias").getArray().toFloatArray()
                : new float[outChannels];
        BatchNorm norm = unit.norm();
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
        return new FoldedConv(manager.create(w, wShape), manager.create(b), conv.getStride(), conv.getPadding(), conv.getGroups());
    }

    private static float[] array(BatchNorm norm, String name) {
        return norm.getParameters().get(name).getArray().toFloatArray();
    }

    NDArray apply(NDArray x) {
        return Conv2d.conv2d(x, weight, bias, stride, padding, NO_DILATION, groups).singletonOrThrow();
    }

    /** Multiply-accumulates for an output of {@code outH × outW} pixels. */
    long macs(long outH, long outW) {
        return weight.getShape().size() * outH * outW;
    }
}
