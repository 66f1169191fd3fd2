package cocolor.loss;

import ai.djl.ndarray.NDArray;
import cocolor.recipe.Expr;
import cocolor.train.Graph;

/** Mean absolute (L1) or squared (MSE) difference between two expressions. */
public final class PixelLoss implements Loss {
    private final String label;
    private final Expr pred;
    private final Expr target;
    private final boolean squared;

    public PixelLoss(String pred, String target, boolean squared) {
        this.label = (squared ? "mse[" : "l1[") + pred + "~" + target + "]";
        this.pred = Expr.parse(pred);
        this.target = Expr.parse(target);
        this.squared = squared;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public NDArray compute(Graph g) {
        NDArray diff = g.eval(pred).sub(g.eval(target));
        return squared ? diff.square().mean() : diff.abs().mean();
    }
}
