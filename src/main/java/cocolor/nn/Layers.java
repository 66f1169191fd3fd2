package cocolor.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;

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
        return upsample(x, 2);
    }

    /** Bilinear upsampling by an integer factor (half-pixel centres, as PyTorch's align_corners=false). */
    public static NDArray upsample(NDArray x, int factor) {
        Shape s = x.getShape();
        return x.getNDArrayInternal()
                .interpolation(new long[] {s.get(2) * factor, s.get(3) * factor}, 1, false);
    }

    /** The mean of each f×f block: (N, C, H, W) to (N, C, H/f, W/f). */
    public static NDArray blockMean(NDArray x, int f) {
        return Pool.avgPool2d(x, new Shape(f, f), new Shape(f, f), new Shape(0, 0), false, true);
    }

    /**
     * Space-to-depth: (N, C, H, W) to (N, C·f², H/f, W/f), each f×f block of pixels becoming f²
     * channels (PyTorch's pixel_unshuffle order: channel c·f² + i·f + j holds pixel (i, j) of the
     * block). Lossless, so a stem after it sees every input pixel at 1/f of the resolution. The
     * result is laid out channels-last ({@link #channelsLast}) at no extra cost: the one copy the
     * rearrangement needs writes that order.
     */
    public static NDArray pixelUnshuffle(NDArray x, int f) {
        Shape s = x.getShape();
        long n = s.get(0);
        long c = s.get(1);
        long h = s.get(2) / f;
        long w = s.get(3) / f;
        try (NDArray blocks = x.reshape(n, c, h, f, w, f);
                NDArray moved = blocks.transpose(0, 2, 4, 1, 3, 5);
                NDArray nhwc = moved.reshape(n, h, w, c * f * f)) {
            return nhwc.transpose(0, 3, 1, 2);
        }
    }

    /**
     * The same (N, C, H, W) values with channels-last strides (memory order N, H, W, C), copied only
     * if {@code x} is not in that order already. Given such an input, libtorch's oneDNN convolutions
     * skip the reorders to and from their blocked layout, and their outputs stay channels-last, as do
     * the element-wise ops, batch norm and concatenations after them, so converting a network's
     * first activation converts the network. Measured alone (2 threads, Intel Xeon with AVX-512,
     * libtorch 2.7.1), batch 8: depthwise 3×3 convolutions of MobileNetV1's shapes 2.3–2.7× faster,
     * a 32→64 1×1 convolution at 64² 2.0×, a dense 3×3 at 32² 1.2×. The result may be a view of
     * {@code x}: keep an {@code x} made from Java data open while it is used (DJL frees that data when
     * the array closes, views or not; ChannelsLastTest).
     */
    public static NDArray channelsLast(NDArray x) {
        Shape s = x.getShape();
        try (NDArray nhwc = x.transpose(0, 2, 3, 1);
                NDArray flat = nhwc.reshape(-1); // a view if x is channels-last, else the one copy
                NDArray dense = flat.reshape(s.get(0), s.get(2), s.get(3), s.get(1))) {
            return dense.transpose(0, 3, 1, 2);
        }
    }
}
