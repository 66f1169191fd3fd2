package cocolor.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A compact residual U-Net sized for CPU training. Each level halves the resolution with a
 * stride-2 convolution; the decoder upsamples bilinearly (DJL's PyTorch engine has no transposed
 * convolution), concatenates the skip and convolves. An optional {@link GlobalContext} at the
 * bottleneck gives every pixel the whole image's context.
 *
 * <p>With {@code unshuffle: f} the stem sees the input pixel-unshuffled ({@link
 * Layers#pixelUnshuffle}), so every level runs at 1/f of the resolution (about 1/f² of the FLOPs
 * of the same widths); the head's output is enlarged bilinearly by f before it becomes the image
 * (for an {@code affine} output: the colour transform, applied to the full-resolution input). An
 * optional refinement path ({@code refine: width}) then corrects the image at full resolution
 * from the input and the image: two 3×3 convolutions, added to the image.
 *
 * <p>{@code forward} returns {@code [output, bottleneck, decoder features from coarse to fine]}:
 * the output is the image in its {@link OutputSpace} (in [0,1] for {@code rgb}); the features
 * feed CoColor's feature-consistency loss. An optional second input, {@code (N, C)}, replaces the
 * context pooled from this input (see {@link GlobalContext#pool}): tiles of a large image then
 * share the whole image's context. Its inference copy ({@link Folding}) runs the same forward and
 * returns the image only, clamped to [0,1].
 */
public final class UNet extends Composite implements PooledContext {
    private final UNetConfig config;
    /** The U-Net level each encoder layer joins. */
    private final int[] joinLevels;

    public UNet(UNetConfig config) {
        this.config = config.validated();
        int[] w = config.widths();
        int levels = w.length;
        addChildBlock("stem", Layers.convNormAct(w[0], 3, 1));
        for (int i = 0; i < levels; i++) {
            addChildBlock("enc" + i, residualStack(w[i], config.blocks(), config.attention()));
            if (i < levels - 1) {
                addChildBlock("down" + i, Layers.convNormAct(w[i + 1], 3, 2));
            }
        }
        if (config.globalContext()) {
            addChildBlock("context", new GlobalContext(w[levels - 1]));
        }
        for (int i = levels - 2; i >= 0; i--) {
            addChildBlock("up" + i, Layers.convNormAct(w[i], 3, 1));
            SequentialBlock fuse = Layers.convNormAct(w[i], 3, 1);
            fuse.add(residualStack(w[i], config.blocks(), config.attention()));
            addChildBlock("fuse" + i, fuse);
        }
        addChildBlock("head", Layers.conv(config.headChannels(), 1, 1, true));
        if (config.refine() != 0) {
            addChildBlock("refine", Layers.convNormAct(config.refine(), 3, 1)
                    .add(Layers.conv(config.outChannels(), 3, 1, true)));
        }
        EncoderSpec e = config.encoder();
        if (e != null) {
            addChildBlock("encoder", new MobileNetV1(e.layers()));
        }
        joinLevels = new int[e == null ? 0 : e.layers().size()];
        for (int k = 0; k < joinLevels.length; k++) {
            joinLevels[k] = e.level(e.layers().get(k), config.unshuffle(), levels);
            addChildBlock("project" + k, Layers.conv(w[joinLevels[k]], 1, 1, true));
        }
    }

    /** The U-Net level (0 = finest) that each of the encoder's layers joins, in the order of {@code encoder.layers}. */
    public List<Integer> joinLevels() {
        return Arrays.stream(joinLevels).boxed().toList();
    }

    public UNetConfig config() {
        return config;
    }

    /** Input size must be a multiple of this. */
    public int stride() {
        return config.stride();
    }

    private static Block residualStack(int channels, int count, boolean attention) {
        SequentialBlock s = new SequentialBlock();
        for (int i = 0; i < count; i++) {
            s.add(new ResidualBlock(channels, attention));
        }
        if (count == 0) {
            s.add(x -> x);
        }
        return s;
    }

    @Override
    public boolean hasContext() {
        return hasChild("context");
    }

    /** The bottleneck before the global context: the encoder half, run on its own. */
    @Override
    public NDArray contextMap(ParameterStore ps, NDArray input) {
        Pass p = pass(ps, false);
        Encoded e = encode(p, input);
        e.skips().forEach(p::free);
        return e.bottleneck();
    }

    /** The skip connections and the bottleneck (before the global context) of one input. */
    private record Encoded(List<NDArray> skips, NDArray bottleneck) {}

    private Encoded encode(Pass p, NDArray input) {
        int f = config.unshuffle();
        // the stem's output is channels-last (after an unshuffle it already is): every level after it runs so
        NDArray x = p.channelsLast(f == 1 ? p.run("stem", input) : p.step("stem", Layers.pixelUnshuffle(input, f)));
        NDArray[] joined = config.encoder() == null ? null : encoderJoins(p, input);
        List<NDArray> skips = new ArrayList<>();
        int levels = config.widths().length;
        for (int i = 0; i < levels; i++) {
            x = p.step("enc" + i, x);
            if (joined != null && joined[i] != null) {
                x = p.add(x, joined[i]);
                p.free(joined[i]);
            }
            if (i < levels - 1) {
                skips.add(x);
                x = p.run("down" + i, x);
            }
        }
        return new Encoded(skips, x);
    }

    /**
     * The encoder's contribution to each U-Net level (null where none joins): its layers'
     * activations (of the input enlarged by the encoder's scale, or reduced), projected by a 1×1 convolution
     * to the level's width and average-pooled to its resolution where they are finer (a
     * bottleneck join).
     */
    private NDArray[] encoderJoins(Pass p, NDArray input) {
        int s = config.encoder().scale();
        int r = config.encoder().reduce();
        NDArray encoderInput = s > 1 ? Layers.upsample(input, s)
                : r > 1 ? Layers.blockMean(input, r)
                : input;
        NDList features = p.outputs("encoder", encoderInput);
        if (encoderInput != input) {
            p.free(encoderInput);
        }
        NDArray[] atLevel = new NDArray[config.widths().length];
        for (int k = 0; k < features.size(); k++) {
            NDArray projected = p.step("project" + k, features.get(k));
            int level = joinLevels[k];
            long levelHeight = input.getShape().get(2) / ((long) config.unshuffle() << level);
            long factor = projected.getShape().get(2) / levelHeight;
            if (factor > 1) {
                NDArray pooled = Layers.blockMean(projected, (int) factor);
                p.free(projected);
                projected = pooled;
            }
            atLevel[level] = atLevel[level] == null ? projected : atLevel[level].add(projected);
        }
        return atLevel;
    }

    /**
     * {@code [output, bottleneck, decoder features from coarse to fine]}; in the inference copy,
     * {@code [output]}, the image clamped to [0,1] (see {@link OutputSpace#inferenceImage}; with a
     * refinement path, after the correction), every intermediate freed as soon as it is consumed.
     * An optional second input, {@code (N, C)}, is the pooled context (see {@link PooledContext}).
     */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        Pass p = pass(ps, training);
        NDArray input = inputs.get(0);
        Encoded e = encode(p, input);
        NDArray x = e.bottleneck();
        if (hasContext()) {
            NDArray withContext = inputs.size() > 1 ? p.run("context", x, inputs.get(1)) : p.run("context", x);
            p.free(x);
            x = withContext;
        }
        NDList features = new NDList();
        features.add(x);
        List<NDArray> skips = e.skips();
        for (int j = 0; j < skips.size(); j++) {
            int i = skips.size() - 1 - j;
            NDArray skip = skips.get(i);
            NDArray upsampled = Layers.upsample2x(x);
            p.free(x);
            NDArray up = p.step("up" + i, upsampled);
            NDArray cat = NDArrays.concat(new NDList(up, skip), 1);
            p.free(up, skip);
            x = p.step("fuse" + i, cat);
            features.add(x);
        }
        NDArray logits = p.step("head", x);
        int f = config.unshuffle();
        if (f > 1) {
            NDArray enlarged = Layers.upsample(logits, f);
            p.free(logits);
            logits = enlarged;
        }
        boolean clampNow = p.folded() && !hasChild("refine");
        NDArray y = clampNow ? config.output().inferenceImage(logits, input) : config.output().image(logits, input);
        p.free(logits);
        if (hasChild("refine")) {
            NDArray correction = p.step("refine", NDArrays.concat(new NDList(input, y), 1));
            y = p.add(y, correction);
            p.free(correction);
            if (p.folded()) {
                NDArray clamped = y.clip(0, 1);
                p.free(y);
                y = clamped;
            }
        }
        if (p.folded()) {
            return new NDList(y);
        }
        NDList out = new NDList(y);
        out.addAll(features);
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        int[] w = config.widths();
        int levels = w.length;
        Shape[] shapes = new Shape[folded() ? 1 : levels + 1];
        shapes[0] = new Shape(in.get(0), config.outChannels(), in.get(2), in.get(3));
        if (folded()) {
            return shapes;
        }
        long u = config.unshuffle();
        long f = u << (levels - 1);
        shapes[1] = new Shape(in.get(0), w[levels - 1], in.get(2) / f, in.get(3) / f);
        for (int j = 0; j < levels - 1; j++) {
            int i = levels - 2 - j;
            long s = u << i;
            shapes[2 + j] = new Shape(in.get(0), w[i], in.get(2) / s, in.get(3) / s);
        }
        return shapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        long n = in.get(0);
        long h = in.get(2);
        long wd = in.get(3);
        int[] w = config.widths();
        int levels = w.length;
        int u = config.unshuffle();
        Shape x = new Shape(n, in.get(1) * u * u, h / u, wd / u);
        x = initialize("stem", manager, dataType, x);
        List<Shape> skipShapes = new ArrayList<>();
        for (int i = 0; i < levels; i++) {
            initialize("enc" + i, manager, dataType, x);
            if (i < levels - 1) {
                skipShapes.add(x);
                x = initialize("down" + i, manager, dataType, x);
            }
        }
        if (hasContext()) {
            initialize("context", manager, dataType, x);
        }
        for (int i = levels - 2; i >= 0; i--) {
            Shape skip = skipShapes.get(i);
            initialize("up" + i, manager, dataType, new Shape(n, x.get(1), skip.get(2), skip.get(3)));
            initialize("fuse" + i, manager, dataType, new Shape(n, skip.get(1) * 2, skip.get(2), skip.get(3)));
            x = skip;
        }
        initialize("head", manager, dataType, new Shape(n, w[0], h / u, wd / u));
        if (hasChild("refine")) {
            initialize("refine", manager, dataType, new Shape(n, in.get(1) + config.outChannels(), h, wd));
        }
        if (config.encoder() != null) {
            int s = config.encoder().scale();
            int r = config.encoder().reduce();
            Shape encoderIn = new Shape(n, 1, h * s / r, wd * s / r);
            MobileNetV1 encoder = (MobileNetV1) child("encoder");
            encoder.initialize(manager, dataType, encoderIn);
            encoder.freezeAllBut(config.encoder().tune());
            Shape[] features = encoder.getOutputShapes(new Shape[] {encoderIn});
            for (int k = 0; k < joinLevels.length; k++) {
                initialize("project" + k, manager, dataType, features[k]);
            }
        }
    }

    /** Initializes a child for {@code input}; its output shape. */
    private Shape initialize(String name, NDManager manager, DataType dataType, Shape input) {
        Block b = child(name);
        b.initialize(manager, dataType, input);
        return b.getOutputShapes(new Shape[] {input})[0];
    }
}
