package cocolor.nn;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The layers of a {@link UNet}, named by role and listed in forward order ({@code joinLevels}: the
 * U-Net level each of the encoder's {@code projections} is added at). Inference code (BN
 * folding, weight export) reads the network through this view instead of walking DJL's generic
 * block tree itself, so the layout of {@link UNet}'s children is known in one place.
 */
public record UNetParts(
        ConvUnit stem,
        List<List<Residual>> encoders,
        List<ConvUnit> downs,
        Linear context,
        List<ConvUnit> ups,
        List<ConvUnit> fuses,
        List<List<Residual>> fuseResiduals,
        ConvUnit head,
        List<ConvUnit> refine,
        MobileNetV1 encoder,
        List<ConvUnit> projections,
        List<Integer> joinLevels) {

    /** A convolution and the batch norm after it ({@code norm} is null for the head). */
    public record ConvUnit(Conv2d conv, BatchNorm norm) {}

    /**
     * The two convolution units of a {@link ResidualBlock}, and its attention gate's convolution
     * ({@code gate} is null without attention; it has no batch norm).
     */
    public record Residual(ConvUnit first, ConvUnit second, ConvUnit gate) {
        void forEach(Consumer<ConvUnit> action) {
            action.accept(first);
            action.accept(second);
            if (gate != null) {
                action.accept(gate);
            }
        }
    }

    static UNetParts of(UNet net) {
        List<List<Residual>> encoders = new ArrayList<>();
        for (Block b : net.encoders) {
            encoders.add(residuals(b));
        }
        List<ConvUnit> downs = net.downs.stream().map(UNetParts::convNorm).toList();
        List<ConvUnit> ups = net.ups.stream().map(UNetParts::convNorm).toList();
        List<ConvUnit> fuses = new ArrayList<>();
        List<List<Residual>> fuseResiduals = new ArrayList<>();
        for (Block fuse : net.fuses) {
            // fuse = [conv, norm, act, residual stack]
            fuses.add(convNorm(fuse));
            fuseResiduals.add(residuals(child(fuse, 3)));
        }
        Linear context = net.context == null ? null : ((GlobalContext) net.context).mix();
        // refine = [conv, norm, act, conv]
        List<ConvUnit> refine = net.refine == null
                ? List.of()
                : List.of(convNorm(net.refine), new ConvUnit((Conv2d) child(net.refine, 3), null));
        return new UNetParts(convNorm(net.stem), encoders, downs, context, ups, fuses, fuseResiduals,
                new ConvUnit((Conv2d) net.head, null), refine, net.encoder,
                net.projections.stream().map(p -> new ConvUnit((Conv2d) p, null)).toList(),
                Arrays.stream(net.joinLevels()).boxed().toList());
    }

    /**
     * The pretrained encoder's convolutions in forward order, named by their Keras layers
     * ({@link MobileNetV1#LAYERS}), batch norms already folded in; empty without an encoder.
     */
    public Map<String, Conv2d> encoderConvs() {
        Map<String, Conv2d> out = new LinkedHashMap<>();
        if (encoder != null) {
            List<Conv2d> convs = encoder.convs();
            for (int i = 0; i < convs.size(); i++) {
                out.put(MobileNetV1.LAYERS.get(i), convs.get(i));
            }
        }
        return out;
    }

    /** Every convolution unit in forward order (the context's linear layer is not one). */
    public List<ConvUnit> convUnits() {
        List<ConvUnit> out = new ArrayList<>();
        Consumer<ConvUnit> action = out::add;
        action.accept(stem);
        for (int i = 0; i < encoders.size(); i++) {
            encoders.get(i).forEach(r -> r.forEach(action));
            if (i < downs.size()) {
                action.accept(downs.get(i));
            }
        }
        for (int j = 0; j < ups.size(); j++) {
            action.accept(ups.get(j));
            action.accept(fuses.get(j));
            fuseResiduals.get(j).forEach(r -> r.forEach(action));
        }
        action.accept(head);
        refine.forEach(action);
        return out;
    }

    private static ConvUnit convNorm(Block convNormAct) {
        return new ConvUnit((Conv2d) child(convNormAct, 0), (BatchNorm) child(convNormAct, 1));
    }

    private static List<Residual> residuals(Block stack) {
        List<Residual> out = new ArrayList<>();
        for (Block b : stack.getChildren().values()) {
            if (b instanceof ResidualBlock r) {
                // body = [conv-norm-act, conv, norm], then the optional gate
                Block body = child(r, 0);
                ConvUnit gate = r.getChildren().size() > 1
                        ? new ConvUnit(((SpatialAttention) child(r, 1)).conv(), null)
                        : null;
                out.add(new Residual(convNorm(child(body, 0)),
                        new ConvUnit((Conv2d) child(body, 1), (BatchNorm) child(body, 2)), gate));
            }
        }
        return out;
    }

    private static Block child(Block b, int index) {
        if (!(b instanceof SequentialBlock) && !(b instanceof ResidualBlock)) {
            throw new IllegalStateException("unexpected block " + b.getClass().getSimpleName());
        }
        return b.getChildren().get(index).getValue();
    }
}
