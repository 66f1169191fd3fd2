package cocolor.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import cocolor.expr.Expr;
import cocolor.nn.Tensors;

/**
 * L1 between the image gradients (horizontal and vertical differences of neighbouring pixels) of
 * two expressions. Per-pixel L1 lets colour bleed across edges at little cost; this term charges
 * every edge that is blurred, moved or invented.
 */
public final class GradientLoss extends ImageComparison {
    private static final NDIndex LEFT = new NDIndex("..., :-1");
    private static final NDIndex RIGHT = new NDIndex("..., 1:");
    private static final NDIndex TOP = new NDIndex("..., :-1, :");
    private static final NDIndex BOTTOM = new NDIndex("..., 1:, :");

    public GradientLoss(Expr pred, Expr target) {
        super("gradient", pred, target);
    }

    @Override
    NDArray compare(NDArray pred, NDArray target) {
        NDArray diff = pred.sub(target);
        // the gradient of the difference is the difference of the gradients
        NDArray dx = diff.get(RIGHT).sub(diff.get(LEFT)).abs().mean();
        NDArray dy = diff.get(BOTTOM).sub(diff.get(TOP)).abs().mean();
        return Tensors.times(dx.add(dy), 0.5f);
    }
}
