package cocolor.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import cocolor.nn.Tensors;
import java.util.ArrayList;
import java.util.List;

/**
 * Exponential moving average of a network's weights (a stage's {@code ema} decay). With a few
 * hundred training images the weights after any one step are noisy; their running average
 * validates better and is what gets exported. The effective decay ramps up as
 * min(decay, (1+n)/(10+n)) so that early averages are not dominated by the initialization.
 */
public final class WeightAverage {
    private final List<NDArray> params;
    private final List<NDArray> averages = new ArrayList<>();
    private final double decay;
    private long updates;

    public WeightAverage(List<NDArray> params, double decay, NDManager manager) {
        this.params = params;
        this.decay = decay;
        for (NDArray p : params) {
            NDArray a = manager.zeros(p.getShape());
            Tensors.copyInto(p, a);
            averages.add(a);
        }
    }

    public long updates() {
        return updates;
    }

    public void update() {
        updates++;
        float d = (float) Math.min(decay, (1.0 + updates) / (10.0 + updates));
        for (int i = 0; i < params.size(); i++) {
            try (NDArray scaled = params.get(i).mul(1 - d)) {
                averages.get(i).muli(d).addi(scaled);
            }
        }
    }

    /** Exchanges live and averaged weights in place; calling it twice restores the live ones. */
    public void swap() {
        for (int i = 0; i < params.size(); i++) {
            try (NDArray live = params.get(i).duplicate()) {
                Tensors.copyInto(averages.get(i), params.get(i));
                Tensors.copyInto(live, averages.get(i));
            }
        }
    }

    public NDList state() {
        return new NDList(averages);
    }

    public void restore(NDList state, long updates) {
        if (state.size() != averages.size()) {
            throw new IllegalArgumentException("weight average has " + state.size() + " arrays, expected " + averages.size());
        }
        for (int i = 0; i < averages.size(); i++) {
            Tensors.copyInto(state.get(i), averages.get(i));
        }
        this.updates = updates;
    }
}
