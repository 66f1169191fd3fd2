package cocolor.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
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
 * share the whole image's context.
 */
public final class UNet extends AbstractBlock {
    private final UNetConfig config;
    // Package-private: read by UNetParts (inference folding and weight export).
    final Block stem;
    final List<Block> encoders = new ArrayList<>();
    final List<Block> downs = new ArrayList<>();
    final Block context;
    final List<Block> ups = new ArrayList<>();
    final List<Block> fuses = new ArrayList<>();
    final Block head;
    final Block refine;
    final MobileNetV1 encoder;
    /** 1×1 projections of the encoder's layers, and the U-Net level each joins. */
    final List<Block> projections = new ArrayList<>();
    private final int[] joinLevels;

    public UNet(UNetConfig config) {
        this.config = config.validated();
        int[] w = config.widths();
        int levels = w.length;
        stem = addChildBlock("stem", Layers.convNormAct(w[0], 3, 1));
        for (int i = 0; i < levels; i++) {
            encoders.add(addChildBlock("enc" + i, residualStack(w[i], config.blocks(), config.attention())));
            if (i < levels - 1) {
                downs.add(addChildBlock("down" + i, Layers.convNormAct(w[i + 1], 3, 2)));
            }
        }
        context =
                config.globalContext()
                        ? addChildBlock("context", new GlobalContext(w[levels - 1]))
                        : null;
        for (int i = levels - 2; i >= 0; i--) {
            ups.add(addChildBlock("up" + i, Layers.convNormAct(w[i], 3, 1)));
            SequentialBlock fuse = Layers.convNormAct(w[i], 3, 1);
            fuse.add(residualStack(w[i], config.blocks(), config.attention()));
            fuses.add(addChildBlock("fuse" + i, fuse));
        }
        head = addChildBlock("head", Layers.conv(config.headChannels(), 1, 1, true));
        refine = config.refine() == 0
                ? null
                : addChildBlock("refine", Layers.convNormAct(config.refine(), 3, 1)
                        .add(Layers.conv(config.outChannels(), 3, 1, true)));
        EncoderSpec e = config.encoder();
        encoder = e == null ? null : addChildBlock("encoder", new MobileNetV1(e.layers()));
        joinLevels = new int[e == null ? 0 : e.layers().size()];
        for (int k = 0; k < joinLevels.length; k++) {
            joinLevels[k] = e.level(e.layers().get(k), config.unshuffle(), levels);
            projections.add(addChildBlock("project" + k, Layers.conv(w[joinLevels[k]], 1, 1, true)));
        }
    }

    /**
     * The parameters that hold the shipped encoder's weights unchanged (its frozen layers; none
     * without an encoder): a model file names the shipped copy instead of carrying them.
     */
    public java.util.Set<ai.djl.nn.Parameter> shippedParameters() {
        return encoder == null ? java.util.Set.of() : encoder.shippedUnchanged(config.encoder().tune());
    }

    /** The U-Net level each encoder layer joins. */
    int[] joinLevels() {
        return joinLevels;
    }

    /**
     * The encoder's contribution to each U-Net level (null where none joins): its layers'
     * activations, projected by {@code project} (layer index, activation) and average-pooled to the
     * level's resolution where they are finer (a bottleneck join).
     */
    static NDArray[] joins(UNetConfig config, int[] joinLevels, List<NDArray> features,
            java.util.function.BiFunction<Integer, NDArray, NDArray> project, long inputHeight) {
        NDArray[] atLevel = new NDArray[config.widths().length];
        for (int k = 0; k < features.size(); k++) {
            NDArray p = project.apply(k, features.get(k));
            int level = joinLevels[k];
            long levelHeight = inputHeight / ((long) config.unshuffle() << level);
            long factor = p.getShape().get(2) / levelHeight;
            if (factor > 1) {
                p = ai.djl.nn.pooling.Pool.avgPool2d(p, new Shape(factor, factor), new Shape(factor, factor),
                        new Shape(0, 0), false, true);
            }
            atLevel[level] = atLevel[level] == null ? p : atLevel[level].add(p);
        }
        return atLevel;
    }

    /** The encoder's input: the network input enlarged by the encoder's scale. */
    static NDArray encoderInput(UNetConfig config, NDArray input) {
        int s = config.encoder().scale();
        return s == 1 ? input : Layers.upsample(input, s);
    }

    public UNetConfig config() {
        return config;
    }

    /** The layers by role, for inference folding and export. */
    public UNetParts parts() {
        return UNetParts.of(this);
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
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray input = inputs.get(0);
        int f = config.unshuffle();
        NDArray x = stem.forward(ps, new NDList(f == 1 ? input : Layers.pixelUnshuffle(input, f)), training)
                .singletonOrThrow();
        NDArray[] joined = encoder == null ? null : joins(config,
                joinLevels,
                encoder.forward(ps, new NDList(encoderInput(config, input)), training),
                (k, a) -> projections.get(k).forward(ps, new NDList(a), training).singletonOrThrow(),
                input.getShape().get(2));
        List<NDArray> skips = new ArrayList<>();
        for (int i = 0; i < encoders.size(); i++) {
            x = encoders.get(i).forward(ps, new NDList(x), training).singletonOrThrow();
            if (joined != null && joined[i] != null) {
                x = x.add(joined[i]);
            }
            if (i < downs.size()) {
                skips.add(x);
                x = downs.get(i).forward(ps, new NDList(x), training).singletonOrThrow();
            }
        }
        if (context != null) {
            NDList contextIn = inputs.size() > 1 ? new NDList(x, inputs.get(1)) : new NDList(x);
            x = context.forward(ps, contextIn, training).singletonOrThrow();
        }
        NDList out = new NDList();
        out.add(null); // replaced by the output below
        out.add(x);
        for (int j = 0; j < ups.size(); j++) {
            NDArray skip = skips.get(skips.size() - 1 - j);
            NDArray up = ups.get(j).forward(ps, new NDList(Layers.upsample2x(x)), training).singletonOrThrow();
            x = fuses.get(j).forward(ps, new NDList(NDArrays.concat(new NDList(up, skip), 1)), training)
                    .singletonOrThrow();
            out.add(x);
        }
        NDArray logits = head.forward(ps, new NDList(x), training).singletonOrThrow();
        NDArray y = config.output().image(f == 1 ? logits : Layers.upsample(logits, f), input);
        if (refine != null) {
            NDArray correction = refine.forward(ps, new NDList(NDArrays.concat(new NDList(input, y), 1)), training)
                    .singletonOrThrow();
            y = y.add(correction);
        }
        out.set(0, y);
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        int[] w = config.widths();
        int levels = w.length;
        Shape[] shapes = new Shape[levels + 1];
        shapes[0] = new Shape(in.get(0), config.outChannels(), in.get(2), in.get(3));
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
        int u = config.unshuffle();
        Shape stemIn = new Shape(n, in.get(1) * u * u, h / u, wd / u);
        stem.initialize(manager, dataType, stemIn);
        Shape x = stem.getOutputShapes(new Shape[] {stemIn})[0];
        List<Shape> skipShapes = new ArrayList<>();
        for (int i = 0; i < encoders.size(); i++) {
            encoders.get(i).initialize(manager, dataType, x);
            if (i < downs.size()) {
                skipShapes.add(x);
                downs.get(i).initialize(manager, dataType, x);
                x = downs.get(i).getOutputShapes(new Shape[] {x})[0];
            }
        }
        if (context != null) {
            context.initialize(manager, dataType, x);
        }
        for (int j = 0; j < ups.size(); j++) {
            Shape skip = skipShapes.get(skipShapes.size() - 1 - j);
            Shape upIn = new Shape(n, x.get(1), skip.get(2), skip.get(3));
            ups.get(j).initialize(manager, dataType, upIn);
            Shape cat = new Shape(n, skip.get(1) * 2, skip.get(2), skip.get(3));
            fuses.get(j).initialize(manager, dataType, cat);
            x = skip;
        }
        head.initialize(manager, dataType, new Shape(n, w[0], h / u, wd / u));
        if (refine != null) {
            refine.initialize(manager, dataType, new Shape(n, in.get(1) + config.outChannels(), h, wd));
        }
        if (encoder != null) {
            int s = config.encoder().scale();
            Shape encoderIn = new Shape(n, 1, h * s, wd * s);
            encoder.initialize(manager, dataType, encoderIn);
            encoder.freezeAllBut(config.encoder().tune());
            Shape[] features = encoder.getOutputShapes(new Shape[] {encoderIn});
            for (int k = 0; k < projections.size(); k++) {
                projections.get(k).initialize(manager, dataType, features[k]);
            }
        }
    }
}
