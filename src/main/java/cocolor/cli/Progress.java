package cocolor.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress bars on stderr, in one style, so stdout stays clean for results and scripts. */
public final class Progress {
    private static volatile boolean enabled = true;

    private Progress() {}

    /** Turns every bar of this process on or off (off for logs: {@code --no-progress}). */
    public static void setEnabled(boolean on) {
        enabled = on;
    }

    /**
     * Starts a bar. {@code unit} names what is counted ("img", "step"); the bar shows the rate
     * and the ETA.
     */
    public static ProgressBar start(String task, long total, String unit) {
        return new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setUnit(" " + unit, 1)
                .showSpeed()
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .setConsumer(enabled ? new ConsoleProgressBarConsumer(System.err) : new DelegatingProgressBarConsumer(line -> {}))
                .build();
    }
}
