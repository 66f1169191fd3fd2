package cocolor.loss;

import ai.djl.ndarray.NDArray;
import cocolor.expr.Graph;

/** One term of a stage's objective: a scalar computed from the batch's expressions. */
public interface Loss {
    /** A short label for logs, e.g. {@code l1[f_n(nir)~rgb]}. */
    String label();

    NDArray compute(Graph graph);
}
