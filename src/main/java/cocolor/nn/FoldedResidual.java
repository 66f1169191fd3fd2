package cocolor.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/** A {@link ResidualBlock} with its batch norms folded: leaky(x + conv2(leaky(conv1(x)))). */
record FoldedResidual(FoldedConv first, FoldedConv second) {

    static List<FoldedResidual> foldAll(List<UNetParts.Residual> residuals, NDManager manager) {
        return residuals.stream()
                .map(r -> new FoldedResidual(FoldedConv.fold(r.first(), manager), FoldedConv.fold(r.second(), manager)))
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
        sum.addi(x); // in place: one activation-sized buffer less
        x.close();
        return FoldedUNet.leaky(sum);
    }

    long macs(long h, long w) {
        return first.macs(h, w) + second.macs(h, w);
    }
}
