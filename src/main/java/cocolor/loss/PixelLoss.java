package cocolor.loss;

import ai.djl.ndarray.NDArray;
import cocolor.train.Graph;

/** Mean absolute (L1) or squared (MSE) difference between two expressions. */
public final class PixelLoss implements Loss {
    private final String pred;
    private final String target;
    private final boolean squared;

    public PixelLoss(String pred, String target, boolean squared) {
        this.pred = pred;
        this.target = target;
        this.squared = squared;
    }

    @Override
    public String label() {
        return (squared ? "mse[" : "l1[") + pred + "~" + target + "]";
    }

    @Override
    public NDArray compute(Graph g) {
        NDArray diff = g.eval(pred).sub(g.eval(target));
        return squared ? diff.square().mean() : diff.abs().mean();
    }
}
