package cocolor.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;

/** Small factories for the layers our networks are made of. */
public final class Layers {
    /** Slope of the LeakyReLU used throughout (as in pix2pix-style colorizers). */
    public static final float LEAKY_SLOPE = 0.2f;
    /** Epsilon of every BatchNorm here (DJL's default; BatchNorm does not expose it), needed to fold them. */
    public static final float BATCH_NORM_EPSILON = 1e-5f;

    private Layers() {}

    /** k×k convolution with "same" padding; bias only when no normalization follows. */
    public static Conv2d conv(int filters, int kernel, int stride, boolean bias) {
        int pad = kernel / 2;
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(pad, pad))
                .optBias(bias)
                .build();
    }

    /** Convolution, batch norm, LeakyReLU: the basic unit. Batch norm folds into the conv at inference. */
    public static SequentialBlock convNormAct(int filters, int kernel, int stride) {
        return new SequentialBlock()
                .add(conv(filters, kernel, stride, false))
                .add(BatchNorm.builder().build())
                .add(leakyRelu());
    }

    public static Block leakyRelu() {
        return Activation.leakyReluBlock(LEAKY_SLOPE);
    }

    /** Bilinear ×2 upsampling (DJL's PyTorch engine lacks transposed convolution). */
    public static NDArray upsample2x(NDArray x) {
        Shape s = x.getShape();
        return x.getNDArrayInternal()
                .interpolation(new long[] {s.get(2) * 2, s.get(3) * 2}, 1, false);
    }
}
