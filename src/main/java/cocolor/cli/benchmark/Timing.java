package cocolor.cli.benchmark;

/** The median, fastest and slowest of a figure's timed repeats, in milliseconds. */
public record Timing(double medianMs, double minMs, double maxMs) {
    /** Slowest less fastest, relative to the median: near 0 on a quiet machine. */
    public double spread() {
        return (maxMs - minMs) / medianMs;
    }
}
