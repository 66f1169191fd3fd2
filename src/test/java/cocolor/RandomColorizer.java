package cocolor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import cocolor.nn.Networks;
import cocolor.nn.UNetConfig;
import java.util.Map;
import java.util.Random;

/**
 * The production colorizer architecture with random weights and random (but plausible)
 * batch-norm statistics, so that folding and tiling are tested on the real layer layout without
 * a trained model.
 */
public final class RandomColorizer {
    private RandomColorizer() {}

    public static Networks networks(NDManager manager, long seed) {
        return networks(manager, seed, UNetConfig.colorizer(1));
    }

    /** Another shape of colorizer, with random weights and statistics drawn the same way. */
    public static Networks networks(NDManager manager, long seed, UNetConfig config) {
        return networks(manager, seed, config, false);
    }

    /**
     * As {@link #networks(NDManager, long, UNetConfig)}; with {@code keepEncoder}, a pretrained
     * encoder keeps the shipped weights it was built with.
     */
    public static Networks networks(NDManager manager, long seed, UNetConfig config, boolean keepEncoder) {
        Networks nets = new Networks(Map.of("f_n", config), manager);
        Random r = new Random(seed);
        for (Pair<String, Parameter> p : nets.block("f_n").getParameters()) {
            NDArray a = p.getValue().getArray();
            String name = p.getKey();
            if (keepEncoder && name.contains("encoder")) {
                continue;
            }
            float[] v = new float[(int) a.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = name.endsWith("runningVar") ? 0.5f + r.nextFloat()
                        : name.endsWith("runningMean") || name.endsWith("beta") ? 0.1f * (float) r.nextGaussian()
                        : name.endsWith("gamma") ? 0.8f + 0.4f * r.nextFloat()
                        : (float) (r.nextGaussian() * Math.sqrt(1.0 / fanIn(a)));
            }
            a.set(v);
        }
        return nets;
    }

    private static long fanIn(NDArray a) {
        return a.getShape().dimension() > 1 ? a.getShape().size() / a.getShape().get(0) : 1;
    }
}
