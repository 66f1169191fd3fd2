package cocolor.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/** In-place tensor copies that stay inside PyTorch. */
public final class Tensors {
    /** Selects a whole array of any rank, scalars included. */
    private static final NDIndex ALL = new NDIndex("...");

    private Tensors() {}

    /**
     * Overwrites {@code target} with {@code source} (same shape). DJL's {@code copyTo} goes through
     * a host buffer and PyTorch's deprecated raw setter, which prints a warning once per process;
     * an indexed assignment is a native {@code copy_} and works on weights that collect gradients.
     */
    public static void copyInto(NDArray source, NDArray target) {
        if (!source.getShape().equals(target.getShape())) {
            throw new IllegalArgumentException("cannot copy " + source.getShape() + " into " + target.getShape());
        }
        target.set(ALL, source);
    }
}
