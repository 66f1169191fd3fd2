package cocolor.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

/**
 * A network whose output also depends on a vector pooled over its whole input (a global
 * context). A large image run in tiles must not let each tile pool its own: the predictor pools
 * {@link #contextMap} over the whole image, tile by tile, and gives every tile the same vector,
 * the spatial mean of that map, as the second input of {@code forward}.
 */
public interface PooledContext {
    /** False if this network, as configured, pools nothing (then tiles need no shared vector). */
    boolean hasContext();

    /**
     * The {@code (N, C, H/stride, W/stride)} map whose spatial mean {@code (N, C)} is the context:
     * the part of the network before the pooling, run on its own.
     */
    NDArray contextMap(ParameterStore ps, NDArray input);
}
