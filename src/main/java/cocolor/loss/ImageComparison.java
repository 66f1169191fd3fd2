package cocolor.loss;

import ai.djl.ndarray.NDArray;
import cocolor.expr.Expr;
import cocolor.expr.Graph;

/** A loss that compares two image expressions, labelled {@code type[pred~target]}. */
abstract class ImageComparison implements Loss {
    private final String label;
    private final Expr pred;
    private final Expr target;

    ImageComparison(String type, Expr pred, Expr target) {
        this.label = type + "[" + pred + "~" + target + "]";
        this.pred = pred;
        this.target = target;
    }

    @Override
    public final String label() {
        return label;
    }

    @Override
    public final NDArray compute(Graph g) {
        return compare(g.eval(pred), g.eval(target));
    }

    /** The loss of {@code pred} against {@code target}, both NCHW. */
    abstract NDArray compare(NDArray pred, NDArray target);
}
