package cocolor.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import cocolor.recipe.Expr;
import cocolor.train.Graph;

/**
 * 1 − SSIM with a 7×7 uniform window (the statistics the evaluation uses), averaged over
 * channels and positions. Rewards structure and local contrast, which L1 alone washes out.
 */
public final class SsimLoss implements Loss {
    private static final float C1 = 0.01f * 0.01f;
    private static final float C2 = 0.03f * 0.03f;
    private static final Shape WINDOW = new Shape(7, 7);
    private static final Shape STRIDE = new Shape(1, 1);
    private static final Shape NO_PAD = new Shape(0, 0);

    private final String label;
    private final Expr pred;
    private final Expr target;

    public SsimLoss(String pred, String target) {
        this.label = "ssim[" + pred + "~" + target + "]";
        this.pred = Expr.parse(pred);
        this.target = Expr.parse(target);
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public NDArray compute(Graph g) {
        return ssim(g.eval(pred), g.eval(target)).neg().add(1);
    }

    /** Mean SSIM of two NCHW batches in [0,1]. */
    public static NDArray ssim(NDArray x, NDArray y) {
        NDArray mx = box(x);
        NDArray my = box(y);
        NDArray vx = box(x.square()).sub(mx.square());
        NDArray vy = box(y.square()).sub(my.square());
        NDArray cov = box(x.mul(y)).sub(mx.mul(my));
        NDArray num = mx.mul(my).mul(2).add(C1).mul(cov.mul(2).add(C2));
        NDArray den = mx.square().add(my.square()).add(C1).mul(vx.add(vy).add(C2));
        return num.div(den).mean();
    }

    private static NDArray box(NDArray a) {
        return Pool.avgPool2d(a, WINDOW, STRIDE, NO_PAD, false, true);
    }
}
