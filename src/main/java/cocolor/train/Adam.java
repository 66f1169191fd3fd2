package cocolor.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import cocolor.nn.Tensors;
import cocolor.recipe.OptimizerSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * AdamW over a list of parameters, using the engine's fused update (one native call per
 * parameter, which also zeroes the gradient). Unlike DJL's {@code Adam}, its moments are plain
 * arrays we own, so a checkpoint can save and restore them exactly.
 */
public final class Adam {
    /** The epsilon of the update's denominator. */
    public static final float EPSILON = 1e-8f;

    private final List<NDArray> params;
    private final List<NDArray> means = new ArrayList<>();
    private final List<NDArray> variances = new ArrayList<>();
    private final OptimizerSpec spec;
    private long steps;

    public Adam(List<NDArray> params, OptimizerSpec spec, NDManager stateManager) {
        this.params = params;
        this.spec = spec;
        for (NDArray p : params) {
            means.add(stateManager.zeros(p.getShape()));
            variances.add(stateManager.zeros(p.getShape()));
        }
    }

    public long steps() {
        return steps;
    }

    /** Applies one update with learning rate {@code lr} and clears the gradients. */
    public void step(double lr) {
        steps++;
        double coef1 = 1 - Math.pow(spec.beta1(), steps);
        double coef2 = 1 - Math.pow(spec.beta2(), steps);
        float corrected = (float) (lr * Math.sqrt(coef2) / coef1);
        for (int i = 0; i < params.size(); i++) {
            NDArray p = params.get(i);
            try (NDArray grad = p.getGradient()) {
                p.getNDArrayInternal().adamUpdate(
                        new NDList(p, grad, means.get(i), variances.get(i)),
                        new NDList(p),
                        (float) lr,
                        corrected,
                        (float) spec.weightDecay().doubleValue(),
                        1f,
                        -1f,
                        (float) spec.beta1().doubleValue(),
                        (float) spec.beta2().doubleValue(),
                        EPSILON,
                        false,
                        true);
            }
        }
    }

    /** The moments, in parameter order (means then variances), for checkpoints. */
    public NDList state() {
        NDList s = new NDList();
        s.addAll(means);
        s.addAll(variances);
        return s;
    }

    public void restore(NDList state, long steps) {
        if (state.size() != 2 * params.size()) {
            throw new IllegalArgumentException("optimizer state has " + state.size() + " arrays, expected " + 2 * params.size());
        }
        for (int i = 0; i < params.size(); i++) {
            Tensors.copyInto(state.get(i), means.get(i));
            Tensors.copyInto(state.get(params.size() + i), variances.get(i));
        }
        this.steps = steps;
    }
}
