package cocolor.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import java.util.List;

/**
 * A {@link ResidualBlock} with its batch norms folded: leaky(x + conv2(leaky(conv1(x)))), the
 * residual branch scaled by its attention gate if it has one ({@code gate} null otherwise).
 */
record FoldedResidual(FoldedConv first, FoldedConv second, FoldedConv gate) {

    static List<FoldedResidual> foldAll(List<UNetParts.Residual> residuals, NDManager manager) {
        return residuals.stream()
                .map(r -> new FoldedResidual(FoldedConv.fold(r.first(), manager), FoldedConv.fold(r.second(), manager),
                        r.gate() == null ? null : FoldedConv.fold(r.gate(), manager)))
                .toList();
    }

    /** Runs the blocks in order; frees {@code x} and every intermediate. */
    static NDArray applyAll(List<FoldedResidual> blocks, NDArray x) {
        for (FoldedResidual r : blocks) {
            x = r.apply(x);
        }
        return x;
    }

    private NDArray apply(NDArray x) {
        NDArray inner = FoldedUNet.leaky(first.apply(x));
        NDArray sum = second.apply(inner);
        inner.close();
        if (gate != null) {
            sum = gated(sum);
        }
        sum.addi(x); // in place: one activation-sized buffer less
        x.close();
        return FoldedUNet.leaky(sum);
    }

    /** y·sigmoid(gate(mean and max of y over channels)); frees y. */
    private NDArray gated(NDArray y) {
        try (NDArray summary = SpatialAttention.summary(y);
                NDArray logits = gate.apply(summary);
                NDArray weights = Activation.sigmoid(logits)) {
            NDArray out = y.mul(weights);
            y.close();
            return out;
        }
    }

    long macs(long h, long w) {
        return first.macs(h, w) + second.macs(h, w) + (gate == null ? 0 : gate.macs(h, w));
    }
}
