package cocolor.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/** Tensor operations that stay inside PyTorch: in-place copies, and products with a constant. */
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

    /**
     * {@code x·k} for a constant {@code k}, safe under autograd. DJL's {@code mul(Number)} and
     * {@code div(Number)} wrap the number in a tensor over Java-owned memory and free that memory
     * at once, but PyTorch keeps the tensor to compute the gradient in the backward pass: after a
     * garbage collection in between, the gradient was multiplied by whatever the freed memory then
     * held (measured: 20 of 20 times, values from 1e-41 to 1e29). Here the constant lives in a
     * tensor that PyTorch allocates and reference-counts itself.
     */
    public static NDArray times(NDArray x, float k) {
        try (NDArray constant = x.getManager().full(new Shape(), k, x.getDataType())) {
            return x.mul(constant);
        }
    }
}
