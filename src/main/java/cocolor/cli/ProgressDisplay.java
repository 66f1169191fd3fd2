package cocolor.cli;

import cocolor.base.Progress;
import cocolor.base.ProgressListener;
import java.io.PrintStream;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows the progress of long tasks on stderr, so that stdout stays clean for results and scripts.
 * On a terminal it is a bar redrawn in place, and whatever else is written to stderr meanwhile
 * (errors, log lines) goes on its own line above it ({@link StatusLine}). Anywhere else (a log
 * file, a pipe) it is a plain line whenever another tenth is done or {@link #LOG_INTERVAL_NANOS}
 * have passed (at most one a second), and a last one at the end. A task bound by a time budget
 * (training for {@code --minutes}) shows the time spent, not a count it cannot know. Commands hand
 * it to the layers below as their {@link ProgressListener}; {@code --no-progress} hands in
 * {@link ProgressListener#NONE} instead.
 */
final class ProgressDisplay implements ProgressListener {
    /** The display on this process's stderr. */
    static final ProgressDisplay STDERR = new ProgressDisplay();

    /** In logs: a line at least every this long, and at least every tenth of the task. */
    static final long LOG_INTERVAL_NANOS = Duration.ofSeconds(15).toNanos();
    /** In logs: lines at most this often but for the last, so that a task of seconds is one line. */
    static final long LOG_GAP_NANOS = Duration.ofSeconds(1).toNanos();

    private ProgressDisplay() {}

    /** Rates with their leading zero: 0.2 img/s, not .2 img/s. (A DecimalFormat is not thread-safe: one each.) */
    static DecimalFormat rateFormat() {
        return new DecimalFormat("0.0", DecimalFormatSymbols.getInstance(Locale.ROOT));
    }

    /** Progress of {@code total} things, {@code unit} naming them ("img", "step"); shows the rate. */
    @Override
    public Progress counting(String task, long total, String unit) {
        return StatusLine.stderrIsTerminal()
                ? new TerminalSink(task, total, " " + unit, true)
                : new LogSink(task, total, unit, false, null, System::nanoTime);
    }

    /** Progress through a time budget of {@code seconds}; report the seconds spent with {@link Progress#stepTo}. */
    @Override
    public Progress timing(String task, double seconds) {
        long total = (long) Math.ceil(seconds);
        return StatusLine.stderrIsTerminal()
                ? new TerminalSink(task, total, " s", false)
                : new LogSink(task, total, "s", true, null, System::nanoTime);
    }

    /** Plain lines on {@code out}, timed by {@code nanoTime} (tests). */
    static Progress logging(String task, long total, String unit, boolean timed, PrintStream out, LongSupplier nanoTime) {
        return new LogSink(task, total, unit, timed, out, nanoTime);
    }

    /** The bar of a terminal, drawn by progressbar's renderer through the {@link StatusLine}. */
    private static final class TerminalSink implements Progress {
        private final ProgressBar bar;
        private final long total;

        TerminalSink(String task, long total, String unit, boolean showRate) {
            this.total = total;
            ProgressBarBuilder builder = new ProgressBarBuilder()
                    .setTaskName(task)
                    .setInitialMax(total)
                    .setUnit(unit, 1)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(500)
                    .setConsumer(new Consumer());
            if (showRate) {
                builder.showSpeed(rateFormat());
            }
            bar = builder.build();
        }

        @Override
        public void step() {
            bar.step();
        }

        @Override
        public void stepTo(long done) {
            bar.stepTo(Math.min(done, total));
        }

        @Override
        public void note(String text) {
            bar.setExtraMessage(text);
        }

        @Override
        public void close() {
            bar.close();
        }

        private static final class Consumer implements ProgressBarConsumer {
            private final int width = StatusLine.stderrWidth();

            @Override
            public int getMaxRenderedLength() {
                return width - 1; // the last column would wrap on some terminals
            }

            @Override
            public void accept(String frame) {
                StatusLine.draw(frame);
            }

            @Override
            public void close() {
                StatusLine.release();
            }
        }
    }

    /** Plain lines for logs: when another tenth is done or enough time has passed, and at the end. */
    private static final class LogSink implements Progress {
        private final String task;
        private final long total;
        private final String unit;
        private final boolean timed;
        /** Null: System.err as it is when a line is written. */
        private final PrintStream out;
        private final LongSupplier nanoTime;
        private final long startNanos;
        private long done;
        private String note = "";
        private long shownDone;
        private long shownNanos;

        LogSink(String task, long total, String unit, boolean timed, PrintStream out, LongSupplier nanoTime) {
            this.task = task;
            this.total = total;
            this.unit = unit;
            this.timed = timed;
            this.out = out;
            this.nanoTime = nanoTime;
            this.startNanos = nanoTime.getAsLong();
            this.shownNanos = startNanos;
        }

        @Override
        public synchronized void step() {
            stepTo(done + 1);
        }

        @Override
        public synchronized void stepTo(long now) {
            done = Math.min(now, total);
            long t = nanoTime.getAsLong();
            boolean tenthMore = (done - shownDone) * 10 >= total;
            if (done > shownDone && t - shownNanos >= LOG_GAP_NANOS && (tenthMore || t - shownNanos >= LOG_INTERVAL_NANOS)) {
                show(t);
            }
        }

        @Override
        public synchronized void note(String text) {
            note = text;
        }

        @Override
        public synchronized void close() {
            if (done > shownDone) {
                show(nanoTime.getAsLong());
            }
        }

        private void show(long t) {
            shownDone = done;
            shownNanos = t;
            String percent = total > 0 ? " (" + (100 * done / total) + "%)" : "";
            StringBuilder line = new StringBuilder(task).append(": ");
            if (timed) {
                line.append(clock(done)).append(" of ").append(clock(total)).append(percent);
            } else {
                double seconds = (t - startNanos) / 1e9;
                double rate = seconds > 0 ? done / seconds : 0;
                line.append(done).append('/').append(total).append(' ').append(unit).append(percent)
                        .append(", ").append(rateFormat().format(rate)).append(' ').append(unit).append("/s");
                if (rate > 0 && done < total) {
                    line.append(", ").append(clock(Math.round((total - done) / rate))).append(" left");
                }
            }
            if (!note.isEmpty()) {
                line.append(", ").append(note);
            }
            (out != null ? out : System.err).println(line);
        }

        /** Seconds as m:ss, or h:mm:ss from an hour on. */
        private static String clock(long seconds) {
            long h = seconds / 3600;
            long m = seconds / 60 % 60;
            long s = seconds % 60;
            return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
        }
    }
}
