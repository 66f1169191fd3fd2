package cocolor.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * Inference copy of a {@link UNet}: every batch norm folded into its convolution, no parameters
 * that track gradients, intermediates freed as soon as they are consumed. It computes what the
 * trained network computes in inference mode (up to float rounding), but only the image output,
 * clamped to [0,1] (see {@link OutputSpace}; with a refinement path, after the correction).
 *
 * <p>The forward pass is split at the bottleneck so that a large image can be run in tiles that
 * share one global context: {@link #encode}, pool the bottleneck of the whole image (summed over
 * tiles), then {@link #decode} each tile with that vector.
 */
public final class FoldedUNet extends AbstractBlock {
    private final UNetConfig config;
    private final FoldedConv stem;
    private final List<List<FoldedResidual>> encoders = new ArrayList<>();
    private final List<FoldedConv> downs = new ArrayList<>();
    private final NDArray contextWeight;
    private final NDArray contextBias;
    private final List<FoldedConv> ups = new ArrayList<>();
    private final List<FoldedConv> fuses = new ArrayList<>();
    private final List<List<FoldedResidual>> fuseResiduals = new ArrayList<>();
    private final FoldedConv head;
    private final List<FoldedConv> refine = new ArrayList<>();
    private final List<FoldedConv> encoderConvs = new ArrayList<>();
    private final int[] encoderOutputs;
    private final List<FoldedConv> projections = new ArrayList<>();
    private final int[] joinLevels;

    /**
     * The skip connections and the bottleneck (before the global context) of one input, and the
     * input itself (a {@code yuv} output takes its luminance guide from it; it is not closed).
     */
    public record Encoded(NDArray input, List<NDArray> skips, NDArray bottleneck) {}

    /** Folds {@code net}'s current weights into new arrays owned by {@code manager}. */
    public FoldedUNet(UNet net, NDManager manager) {
        config = net.config();
        UNetParts p = net.parts();
        stem = FoldedConv.fold(p.stem(), manager);
        for (List<UNetParts.Residual> level : p.encoders()) {
            encoders.add(FoldedResidual.foldAll(level, manager));
        }
        p.downs().forEach(d -> downs.add(FoldedConv.fold(d, manager)));
        Linear mix = p.context();
        contextWeight = mix == null ? null : copy(mix.getParameters().get("weight").getArray(), manager);
        contextBias = mix == null ? null : copy(mix.getParameters().get("bias").getArray(), manager);
        p.ups().forEach(u -> ups.add(FoldedConv.fold(u, manager)));
        p.fuses().forEach(f -> fuses.add(FoldedConv.fold(f, manager)));
        for (List<UNetParts.Residual> level : p.fuseResiduals()) {
            fuseResiduals.add(FoldedResidual.foldAll(level, manager));
        }
        head = FoldedConv.fold(p.head(), manager);
        p.refine().forEach(r -> refine.add(FoldedConv.fold(r, manager)));
        if (p.encoder() != null) {
            p.encoder().convs().forEach(c -> encoderConvs.add(FoldedConv.fold(new UNetParts.ConvUnit(c, null), manager)));
            encoderOutputs = p.encoder().outputIndices();
        } else {
            encoderOutputs = new int[0];
        }
        p.projections().forEach(u -> projections.add(FoldedConv.fold(u, manager)));
        joinLevels = net.joinLevels();
    }

    private static NDArray copy(NDArray a, NDManager manager) {
        return manager.create(a.toFloatArray(), a.getShape());
    }

    public UNetConfig config() {
        return config;
    }

    public boolean hasContext() {
        return contextWeight != null;
    }

    /** The whole network: output in [0,1], (N, out, H, W). */
    public NDArray predict(NDArray x) {
        Encoded e = encode(x);
        return decode(e, hasContext() ? GlobalContext.pool(e.bottleneck()) : null);
    }

    /** The encoder half. The arrays live in {@code x}'s manager. */
    public Encoded encode(NDArray x) {
        int f = config.unshuffle();
        NDArray h;
        if (f == 1) {
            h = leaky(stem.apply(x));
        } else {
            try (NDArray unshuffled = Layers.pixelUnshuffle(x, f)) {
                h = leaky(stem.apply(unshuffled));
            }
        }
        NDArray[] joined = null;
        if (!encoderConvs.isEmpty()) {
            NDArray encoderIn = UNet.encoderInput(config, x);
            List<NDArray> features = MobileNetV1.run(encoderIn, encoderConvs.size() - 1, encoderOutputs,
                    (i, a) -> encoderConvs.get(i).apply(a), true);
            if (encoderIn != x) {
                encoderIn.close();
            }
            joined = UNet.joins(config, joinLevels, features, (k, a) -> {
                NDArray projected = projections.get(k).apply(a);
                a.close();
                return projected;
            }, x.getShape().get(2));
        }
        List<NDArray> skips = new ArrayList<>();
        for (int i = 0; i < encoders.size(); i++) {
            h = FoldedResidual.applyAll(encoders.get(i), h);
            if (joined != null && joined[i] != null) {
                h.addi(joined[i]);
                joined[i].close();
            }
            if (i < downs.size()) {
                skips.add(h);
                h = leaky(downs.get(i).apply(h));
            }
        }
        return new Encoded(x, skips, h);
    }

    /**
     * The decoder half; {@code pooledContext} is the (N, C) spatial mean of the bottleneck over
     * the whole image (ignored without a global context). Consumes (closes) {@code e}'s arrays.
     */
    public NDArray decode(Encoded e, NDArray pooledContext) {
        NDArray h = e.bottleneck();
        if (hasContext()) {
            NDArray g = Activation.relu(Linear.linear(pooledContext, contextWeight, contextBias).singletonOrThrow());
            NDArray withContext = h.add(g.expandDims(2).expandDims(3));
            h.close();
            h = withContext;
        }
        List<NDArray> skips = e.skips();
        for (int j = 0; j < ups.size(); j++) {
            NDArray skip = skips.get(skips.size() - 1 - j);
            NDArray upsampled = Layers.upsample2x(h);
            h.close();
            NDArray up = leaky(ups.get(j).apply(upsampled));
            upsampled.close();
            NDArray cat = NDArrays.concat(new NDList(up, skip), 1);
            up.close();
            skip.close();
            h = FoldedResidual.applyAll(fuseResiduals.get(j), leaky(fuses.get(j).apply(cat)));
            cat.close();
        }
        NDArray logits = head.apply(h);
        h.close();
        if (config.unshuffle() > 1) {
            NDArray enlarged = Layers.upsample(logits, config.unshuffle());
            logits.close();
            logits = enlarged;
        }
        if (refine.isEmpty()) {
            NDArray y = config.output().inferenceImage(logits, e.input());
            logits.close();
            return y;
        }
        NDArray y = config.output().image(logits, e.input());
        logits.close();
        NDArray cat = NDArrays.concat(new NDList(e.input(), y), 1);
        NDArray hidden = leaky(refine.get(0).apply(cat));
        cat.close();
        NDArray correction = refine.get(1).apply(hidden);
        hidden.close();
        y.addi(correction);
        correction.close();
        NDArray clamped = y.clip(0, 1);
        y.close();
        return clamped;
    }

    /** LeakyReLU that frees its input. */
    static NDArray leaky(NDArray x) {
        NDArray y = Activation.leakyRelu(x, Layers.LEAKY_SLOPE);
        x.close();
        return y;
    }

    /**
     * Floating-point operations (2 per multiply-accumulate) of the convolutions and the context
     * layer for one h×w image (multiples of the stride); element-wise ops are not counted.
     */
    public long flops(long fullH, long fullW) {
        long u = config.unshuffle();
        long h = fullH / u;
        long w = fullW / u;
        long macs = stem.macs(h, w);
        for (int i = 0; i < encoders.size(); i++) {
            long s = 1L << i;
            for (FoldedResidual r : encoders.get(i)) {
                macs += r.macs(h / s, w / s);
            }
            if (i < downs.size()) {
                macs += downs.get(i).macs(h / (2 * s), w / (2 * s));
            }
        }
        if (hasContext()) {
            macs += contextWeight.getShape().size();
        }
        for (int j = 0; j < ups.size(); j++) {
            long s = 1L << (ups.size() - 1 - j);
            macs += ups.get(j).macs(h / s, w / s) + fuses.get(j).macs(h / s, w / s);
            for (FoldedResidual r : fuseResiduals.get(j)) {
                macs += r.macs(h / s, w / s);
            }
        }
        macs += head.macs(h, w);
        for (FoldedConv r : refine) {
            macs += r.macs(fullH, fullW);
        }
        if (!encoderConvs.isEmpty()) {
            int s = config.encoder().scale();
            long eh = fullH * s;
            long ew = fullW * s;
            long down = 1;
            for (int i = 0; i < encoderConvs.size(); i++) {
                FoldedConv c = encoderConvs.get(i);
                if (c.stride().get(0) == 2) {
                    down *= 2;
                }
                macs += c.macs(eh / down, ew / down);
            }
            for (int k = 0; k < projections.size(); k++) {
                long f = 1L << MobileNetV1.downsampling(MobileNetV1.LAYERS.get(encoderOutputs[k]));
                macs += projections.get(k).macs(eh / f, ew / f);
            }
        }
        return 2 * macs;
    }

    /** Inputs: the image, optionally the pooled context (N, C); output: the image only. */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        if (training) {
            throw new UnsupportedOperationException("a folded network is for inference only");
        }
        if (inputs.size() > 1) {
            return new NDList(decode(encode(inputs.get(0)), inputs.get(1)));
        }
        return new NDList(predict(inputs.get(0)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), config.outChannels(), in.get(2), in.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // No parameters of its own: the folded arrays are made in the constructor.
    }
}
