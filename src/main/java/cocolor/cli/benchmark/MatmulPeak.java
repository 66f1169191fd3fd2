package cocolor.cli.benchmark;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The fp32 throughput this CPU reaches through the same engine and threads: a large square
 * matrix product (2n³ flops), the friendliest workload there is. Convolutions should be judged
 * against this, not against the datasheet.
 */
public final class MatmulPeak {
    private MatmulPeak() {}

    /** Median GFLOP/s of an n×n by n×n fp32 product. */
    public static double gflops(NDManager manager, int n, int repeats) {
        return gflops(n, time(manager, n, repeats));
    }

    /** GFLOP/s of an n×n product that took {@code timing}'s median. */
    public static double gflops(int n, Timing timing) {
        return 2.0 * n * n * n / (timing.medianMs() * 1e6);
    }

    /** The timings of an n×n by n×n fp32 product. */
    public static Timing time(NDManager manager, int n, int repeats) {
        try (NDManager sub = manager.newSubManager()) {
            NDArray a = sub.randomUniform(-1, 1, new Shape(n, n));
            NDArray b = sub.randomUniform(-1, 1, new Shape(n, n));
            return Timer.time(2, repeats, () -> {
                try (NDArray c = a.matMul(b)) {
                    c.getFloat(0, 0); // forces completion
                }
            });
        }
    }
}
