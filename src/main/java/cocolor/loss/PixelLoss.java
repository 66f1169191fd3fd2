package cocolor.loss;

import ai.djl.ndarray.NDArray;
import cocolor.expr.Expr;

/** Mean absolute (L1) or squared (MSE) difference between two expressions. */
public final class PixelLoss extends ImageComparison {
    private final boolean squared;

    public PixelLoss(Expr pred, Expr target, boolean squared) {
        super(squared ? "mse" : "l1", pred, target);
        this.squared = squared;
    }

    @Override
    NDArray compare(NDArray pred, NDArray target) {
        NDArray diff = pred.sub(target);
        return squared ? diff.square().mean() : diff.abs().mean();
    }
}
