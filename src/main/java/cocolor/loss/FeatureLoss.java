package cocolor.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import cocolor.expr.Expr;
import cocolor.expr.Graph;
import cocolor.nn.Tensors;

/**
 * CoColor's feature-level consistency: the intermediate features (bottleneck and decoder levels)
 * of two colorizer calls on aligned inputs should agree, e.g. F_N on NIR and F_G on the gray of
 * the same scene. L1 per level, averaged over levels. Wrap the target in {@code detach(...)} to
 * pull only the prediction's network towards the other.
 */
public final class FeatureLoss implements Loss {
    private final String label;
    private final Expr pred;
    private final Expr targetCall;
    private final boolean detachTarget;

    public FeatureLoss(Expr pred, Expr target) {
        this.label = "feature[" + pred + "~" + target + "]";
        this.pred = pred;
        if (target instanceof Expr.Call c && c.function().equals("detach")) {
            this.targetCall = c.args().get(0);
            this.detachTarget = true;
        } else {
            this.targetCall = target;
            this.detachTarget = false;
        }
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public NDArray compute(Graph g) {
        NDList a = g.outputs(pred);
        NDList b = g.outputs(targetCall);
        if (a.size() != b.size() || a.size() < 2) {
            throw new IllegalArgumentException("feature loss needs two networks of the same shape: " + label());
        }
        NDArray sum = null;
        for (int i = 1; i < a.size(); i++) {
            NDArray other = detachTarget ? b.get(i).stopGradient() : b.get(i);
            NDArray term = a.get(i).sub(other).abs().mean();
            sum = sum == null ? term : sum.add(term);
        }
        return Tensors.times(sum, 1f / (a.size() - 1));
    }
}
