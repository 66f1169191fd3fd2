package cocolor.cli.benchmark;

import java.util.Arrays;

/** Wall times of repeated runs, after warm-up runs (first calls allocate and pick kernels). */
final class Timer {
    private Timer() {}

    static Timing time(int warmup, int repeats, Runnable run) {
        for (int i = 0; i < warmup; i++) {
            run.run();
        }
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            run.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        double median = repeats % 2 == 1 ? ms[repeats / 2] : (ms[repeats / 2 - 1] + ms[repeats / 2]) / 2;
        return new Timing(median, ms[0], ms[repeats - 1]);
    }
}
