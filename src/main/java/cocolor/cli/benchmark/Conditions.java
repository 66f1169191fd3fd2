package cocolor.cli.benchmark;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether a benchmark's figures can be trusted. On a machine that others use (training runs on
 * the same two cores) a figure is low and noisy: a run printed "139% of peak", and batch 4 slower
 * than batch 1. The benchmark therefore warns about a busy machine (its load average, or repeats
 * of one figure far apart), measures the peak next to each figure, and shows no share of the peak
 * above 100%: such a share means the peak was measured in other conditions than the figure.
 */
public final class Conditions {
    /** Repeats of one figure whose slowest and fastest differ by more than this share of the median: disturbed. */
    public static final double MAX_SPREAD = 0.25;
    /** A load average above this share of the cores before the benchmark starts: others are working. */
    public static final double MAX_LOAD_PER_CORE = 0.5;

    private Conditions() {}

    /** A warning when the load average (negative: unknown) shows others at work on the cores. */
    public static Optional<String> busyLoad(double loadAverage, int cores) {
        if (loadAverage < 0 || loadAverage <= MAX_LOAD_PER_CORE * cores) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "warning: the machine is busy (load average %.1f on %d cores):"
                + " the figures are lower and noisier than on an idle machine", loadAverage, cores));
    }

    /** A warning when the repeats of {@code figure} spread too far apart to be one condition. */
    public static Optional<String> spread(String figure, Timing timing) {
        if (!(timing.spread() > MAX_SPREAD)) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "warning: %s: repeats from %.1f to %.1f ms (%.0f%% of the median apart):"
                + " the machine was busy; rerun when it is idle", figure, timing.minMs(), timing.maxMs(), 100 * timing.spread()));
    }

    /** {@code gflops} as a share of {@code peak}, "n/a" when above it (never more than 100%). */
    public static String share(double gflops, double peak) {
        if (!(peak > 0) || Double.isNaN(gflops) || gflops > peak) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.0f%%", 100 * gflops / peak);
    }
}
