package cocolor.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import cocolor.io.TfjsWeights;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * MobileNetV1 (Howard et al. 2017, width 1.0) from its input up to a chosen layer, with Keras's
 * ImageNet weights: a stride-2 3×3 convolution, then depthwise-separable blocks (a 3×3 depthwise
 * and a 1×1 pointwise convolution, each followed by ReLU6), stride 2 at blocks 2, 4, 6 and 12.
 * Each batch norm is folded into the convolution before it when the weights are read, so the
 * network is a chain of convolutions with biases.
 *
 * <p>Input: (N, 1, H, W) in [0, 1], a gray or NIR image (H and W multiples of 2^k for the deepest
 * layer at 1/2^k). Keras's network takes RGB scaled to [-1, 1]; a gray image repeated on three
 * channels is the same as one channel through the first kernel summed over its three inputs, which
 * is how it is stored here. Padding is TensorFlow's "same": a stride-2 convolution on an even size
 * pads one row and column of zeros at the bottom and right only. Here the first row and column
 * are dropped and one is padded on every side: the same windows, but for the first of each axis,
 * which reads zeros where TensorFlow reads the first row (column). The models here were trained
 * with it, and the predictor's mirrored margin keeps that row and column outside the image.
 *
 * <p>Output: the ReLU6 activations of the requested layers, in the order asked.
 */
public final class MobileNetV1 extends Composite implements Pretrained {
    /** The layers by their Keras names, in forward order: conv1, conv_dw_1, conv_pw_1, …, conv_pw_12. */
    public static final List<String> LAYERS;
    /** Output channels of pointwise blocks 1 to 13 (the 13th is not in the shipped weights). */
    private static final int[] POINTWISE = {64, 128, 128, 256, 256, 512, 512, 512, 512, 512, 512, 1024};
    private static final float BATCH_NORM_EPSILON = 1e-3f;
    /** Class-path folder of the shipped weights (TensorFlow.js layers format). */
    public static final String WEIGHTS_RESOURCE = "/pretrained/mobilenet_v1_1.0_224/";

    static {
        List<String> names = new ArrayList<>();
        names.add("conv1");
        for (int b = 1; b <= POINTWISE.length; b++) {
            names.add("conv_dw_" + b);
            names.add("conv_pw_" + b);
        }
        LAYERS = List.copyOf(names);
    }

    private final int depth; // layers 0..depth run
    private final int[] outputs; // indices into LAYERS

    /** The network up to the deepest of {@code outputs}, returning those layers' activations. */
    public MobileNetV1(List<String> outputs) {
        this.outputs = outputs.stream().mapToInt(MobileNetV1::index).toArray();
        this.depth = java.util.Arrays.stream(this.outputs).max().orElseThrow();
        int channels = 32;
        for (int i = 0; i <= depth; i++) {
            Conv2d.Builder b = Conv2d.builder().optBias(true);
            if (i == 0) {
                b.setFilters(32).setKernelShape(new Shape(3, 3)).optStride(stride(i)).optPadding(new Shape(1, 1));
            } else if (i % 2 == 1) { // depthwise
                b.setFilters(channels).optGroups(channels).setKernelShape(new Shape(3, 3)).optStride(stride(i))
                        .optPadding(new Shape(1, 1));
            } else { // pointwise
                channels = POINTWISE[i / 2 - 1];
                b.setFilters(channels).setKernelShape(new Shape(1, 1));
            }
            addChildBlock(LAYERS.get(i), b.build());
        }
    }

    private static int index(String layer) {
        int i = LAYERS.indexOf(layer);
        if (i < 0) {
            throw new IllegalArgumentException("MobileNetV1 has no layer " + layer + "; known: " + LAYERS);
        }
        return i;
    }

    private static Shape stride(int i) {
        return isDownsampling(i) ? new Shape(2, 2) : new Shape(1, 1);
    }

    private static boolean isDownsampling(int i) {
        int block = (i + 1) / 2;
        return i == 0 || i % 2 == 1 && (block == 2 || block == 4 || block == 6 || block == 12);
    }

    /** k such that {@code layer} runs at 1/2^k of the input. */
    public static int downsampling(String layer) {
        int k = 0;
        for (int i = 0; i <= index(layer); i++) {
            k += isDownsampling(i) ? 1 : 0;
        }
        return k;
    }

    /** The depthwise-separable block a layer belongs to (0 for conv1). */
    public static int blockOf(String layer) {
        return (index(layer) + 1) / 2;
    }

    /** Channels of a layer's output. */
    public static int channels(String layer) {
        int i = index(layer);
        return i == 0 ? 32 : i % 2 == 1 ? (i == 1 ? 32 : POINTWISE[(i - 1) / 2 - 1]) : POINTWISE[i / 2 - 1];
    }

    /** The convolutions in forward order (in the inference copy, their folded copies). */
    List<Block> convs() {
        return getChildren().values();
    }

    /**
     * Runs layers 0..{@code depth} with {@code conv} applying layer i's convolution (its stride and
     * padding included); collects the wanted layers' activations. With {@code free}, activations
     * no longer needed are closed (inference only: autograd keeps them).
     */
    static List<NDArray> run(NDArray input, int depth, int[] outputs, ConvOp conv, boolean free) {
        NDArray x = Tensors.times(input, 2f);
        NDArray shifted = x.sub(1f);
        x.close();
        x = shifted;
        NDArray[] kept = new NDArray[outputs.length];
        for (int i = 0; i <= depth; i++) {
            NDArray in = x;
            if (isDownsampling(i)) {
                // TensorFlow's "same" for stride 2 on an even size: windows start at 0, 2, ...
                in = x.get(":, :, 1:, 1:");
            }
            NDArray y = conv.apply(i, in);
            if (in != x && free) {
                in.close();
            }
            if (i == 0) { // every layer after the first runs channels-last (Layers.channelsLast): the encoder 1.25-1.45x as fast
                NDArray last = Layers.channelsLast(y);
                y.close();
                y = last;
            }
            NDArray activated = y.clip(0, 6);
            if (free) {
                y.close();
                if (!isKept(x, kept)) {
                    x.close();
                }
            }
            x = activated;
            for (int o = 0; o < outputs.length; o++) {
                if (outputs[o] == i) {
                    kept[o] = x;
                }
            }
        }
        if (free && !isKept(x, kept)) {
            x.close();
        }
        return List.of(kept);
    }

    private static boolean isKept(NDArray x, NDArray[] kept) {
        for (NDArray k : kept) {
            if (k == x) {
                return true;
            }
        }
        return false;
    }

    /** One layer's convolution. */
    @FunctionalInterface
    interface ConvOp {
        NDArray apply(int layer, NDArray x);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        Pass p = pass(ps, training);
        return new NDList(run(inputs.get(0), depth, outputs, (i, x) -> p.run(LAYERS.get(i), x), p.folded()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        Shape[] out = new Shape[outputs.length];
        for (int o = 0; o < outputs.length; o++) {
            String layer = LAYERS.get(outputs[o]);
            long f = 1L << downsampling(layer);
            out[o] = new Shape(in.get(0), channels(layer), in.get(2) / f, in.get(3) / f);
        }
        return out;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = new Shape(inputShapes[0].get(0), 1, inputShapes[0].get(2), inputShapes[0].get(3));
        for (int i = 0; i <= depth; i++) {
            Block conv = child(LAYERS.get(i));
            conv.initialize(manager, dataType, x);
            x = conv.getOutputShapes(new Shape[] {x})[0];
        }
        loadPretrained(shippedWeights());
    }

    /**
     * The ImageNet weights shipped in the jar, read once per JVM: every network with an encoder
     * starts from them when it is built, also when a model file's weights then replace them.
     */
    public static TfjsWeights shippedWeights() {
        return Shipped.WEIGHTS;
    }

    private static final class Shipped {
        static final TfjsWeights WEIGHTS = read();

        private static TfjsWeights read() {
            try {
                return TfjsWeights.read(name -> Optional.ofNullable(MobileNetV1.class.getResourceAsStream(WEIGHTS_RESOURCE + name)));
            } catch (IOException e) {
                throw new UncheckedIOException("the shipped MobileNetV1 weights cannot be read: " + e.getMessage(), e);
            }
        }
    }

    /** Overwrites the weights with {@code w}'s, batch norms folded in. */
    public void loadPretrained(TfjsWeights w) {
        for (int i = 0; i <= depth; i++) {
            float[][] layer = folded(w, i);
            Block conv = child(LAYERS.get(i));
            conv.getParameters().get("weight").getArray().set(layer[0]);
            conv.getParameters().get("bias").getArray().set(layer[1]);
        }
    }

    /** The kernel and bias of layer {@code i} in {@code w}, in DJL's layout, batch norm folded in. */
    private static float[][] folded(TfjsWeights w, int i) {
        String name = LAYERS.get(i);
        int channels = i <= 2 ? 32 : POINTWISE[(i - 1) / 2 - 1];
        float[] kernel;
        int out;
        if (i == 0) {
            float[] k = w.get("conv1/kernel", 3, 3, 3, 32).values(); // HWIO
            out = 32;
            kernel = new float[32 * 9];
            for (int o = 0; o < 32; o++) {
                for (int p = 0; p < 9; p++) {
                    kernel[o * 9 + p] = k[(p * 3) * 32 + o] + k[(p * 3 + 1) * 32 + o] + k[(p * 3 + 2) * 32 + o];
                }
            }
        } else if (i % 2 == 1) {
            float[] k = w.get(name + "/depthwise_kernel", 3, 3, channels, 1).values(); // H W C 1
            out = channels;
            kernel = new float[channels * 9];
            for (int c = 0; c < channels; c++) {
                for (int p = 0; p < 9; p++) {
                    kernel[c * 9 + p] = k[p * channels + c];
                }
            }
        } else {
            out = POINTWISE[i / 2 - 1];
            float[] k = w.get(name + "/kernel", 1, 1, channels, out).values(); // 1 1 I O
            kernel = new float[out * channels];
            for (int o = 0; o < out; o++) {
                for (int c = 0; c < channels; c++) {
                    kernel[o * channels + c] = k[c * out + o];
                }
            }
        }
        float[] gamma = w.get(name + "_bn/gamma", out).values();
        float[] beta = w.get(name + "_bn/beta", out).values();
        float[] mean = w.get(name + "_bn/moving_mean", out).values();
        float[] var = w.get(name + "_bn/moving_variance", out).values();
        float[] bias = new float[out];
        int per = kernel.length / out;
        for (int o = 0; o < out; o++) {
            double scale = gamma[o] / Math.sqrt(var[o] + BATCH_NORM_EPSILON);
            for (int p = 0; p < per; p++) {
                kernel[o * per + p] = (float) (kernel[o * per + p] * scale);
            }
            bias[o] = (float) (beta[o] - mean[o] * scale);
        }
        return new float[][] {kernel, bias};
    }

    /**
     * The parameters of the layers that {@link #freezeAllBut} froze and that still hold the
     * shipped weights (to float16 precision, finer than a model file keeps them; a weight average
     * may have moved them by a rounding): a model file names the shipped copy instead of carrying
     * them.
     */
    @Override
    public java.util.Set<Parameter> shippedUnchanged() {
        java.util.Set<Parameter> out = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        TfjsWeights shipped = shippedWeights();
        for (int i = 0; i <= depth; i++) {
            Parameter weight = child(LAYERS.get(i)).getParameters().get("weight");
            Parameter bias = child(LAYERS.get(i)).getParameters().get("bias");
            if (!learns(weight, bias)) {
                float[][] layer = folded(shipped, i);
                if (close(weight.getArray().toFloatArray(), layer[0]) && close(bias.getArray().toFloatArray(), layer[1])) {
                    out.add(weight);
                    out.add(bias);
                }
            }
        }
        return out;
    }

    @Override
    public java.util.Set<Parameter> frozen() {
        java.util.Set<Parameter> out = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (int i = 0; i <= depth; i++) {
            Parameter weight = child(LAYERS.get(i)).getParameters().get("weight");
            Parameter bias = child(LAYERS.get(i)).getParameters().get("bias");
            if (!learns(weight, bias)) {
                out.add(weight);
                out.add(bias);
            }
        }
        return out;
    }

    private static boolean learns(Parameter weight, Parameter bias) {
        return weight.requiresGradient() || bias.requiresGradient();
    }

    private static boolean close(float[] a, float[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > 1e-4f * Math.max(1f, Math.abs(b[i]))) {
                return false;
            }
        }
        return true;
    }

    /** Freezes every layer but those of the last {@code blocks} depthwise-separable blocks. */
    public void freezeAllBut(int blocks) {
        for (int i = 0; i <= depth; i++) {
            for (Parameter p : child(LAYERS.get(i)).getParameters().values()) {
                p.freeze(!learns(i, blocks));
            }
        }
    }

    private boolean learns(int layer, int blocks) {
        int lastBlock = (depth + 1) / 2;
        return (layer + 1) / 2 > lastBlock - blocks && layer > 0;
    }
}
