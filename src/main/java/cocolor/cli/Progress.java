package cocolor.cli;

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
 * The progress of a long task, on stderr so that stdout stays clean for results and scripts. On a
 * terminal it is a bar redrawn in place, and whatever else is written to stderr meanwhile (errors,
 * log lines) goes on its own line above it ({@link StatusLine}). Anywhere else (a log file, a
 * pipe) it is a plain line whenever another tenth is done or {@link #LOG_INTERVAL_NANOS} have
 * passed (at most one a second), and a last one at the end. A task bound by a time budget
 * (training for {@code --minutes}) shows the time spent, not a count it cannot know.
 */
public final class Progress implements AutoCloseable {
    private enum Display {
        /** A bar redrawn in place. */
        TERMINAL,
        /** Plain lines, for logs. */
        LOG,
        /** Nothing. */
        OFF
    }

    /** In logs: a line at least every this long, and at least every tenth of the task. */
    static final long LOG_INTERVAL_NANOS = Duration.ofSeconds(15).toNanos();
    /** In logs: lines at most this often but for the last, so that a task of seconds is one line. */
    static final long LOG_GAP_NANOS = Duration.ofSeconds(1).toNanos();

    private static volatile boolean enabled = true;

    private final Sink sink;

    private Progress(Sink sink) {
        this.sink = sink;
    }

    /** Rates with their leading zero: 0.2 img/s, not .2 img/s. (A DecimalFormat is not thread-safe: one each.) */
    static DecimalFormat rateFormat() {
        return new DecimalFormat("0.0", DecimalFormatSymbols.getInstance(Locale.ROOT));
    }

    /** Turns progress of this process on or off ({@code --no-progress}); returns the previous setting. */
    public static boolean setEnabled(boolean on) {
        boolean was = enabled;
        enabled = on;
        return was;
    }

    /** How progress is shown now: a bar where stderr is a terminal, else lines. */
    private static Display display() {
        return !enabled ? Display.OFF : StatusLine.stderrIsTerminal() ? Display.TERMINAL : Display.LOG;
    }

    /** Progress of {@code total} things, {@code unit} naming them ("img", "step"); shows the rate. */
    public static Progress counting(String task, long total, String unit) {
        return new Progress(switch (display()) {
            case TERMINAL -> new TerminalSink(task, total, " " + unit, true);
            case LOG -> new LogSink(task, total, unit, false, null, System::nanoTime);
            case OFF -> null;
        });
    }

    /** Progress through a time budget of {@code seconds}; report the seconds spent with {@link #stepTo}. */
    public static Progress timing(String task, double seconds) {
        long total = (long) Math.ceil(seconds);
        return new Progress(switch (display()) {
            case TERMINAL -> new TerminalSink(task, total, " s", false);
            case LOG -> new LogSink(task, total, "s", true, null, System::nanoTime);
            case OFF -> null;
        });
    }

    /** Plain lines on {@code out}, timed by {@code nanoTime} (tests). */
    static Progress logging(String task, long total, String unit, boolean timed, PrintStream out, LongSupplier nanoTime) {
        return new Progress(new LogSink(task, total, unit, timed, out, nanoTime));
    }

    /** No progress shown, for tasks too short to need it. */
    public static Progress none() {
        return new Progress(null);
    }

    /** One more done; safe from several threads. */
    public void step() {
        if (sink != null) {
            sink.step();
        }
    }

    /** Sets what is done: a count, or for {@link #timing} the seconds spent. */
    public void stepTo(long done) {
        if (sink != null) {
            sink.stepTo(done);
        }
    }

    /** A few words shown after the progress, e.g. the step a timed stage is at. */
    public void note(String text) {
        if (sink != null) {
            sink.note(text);
        }
    }

    @Override
    public void close() {
        if (sink != null) {
            sink.close();
        }
    }

    private interface Sink extends AutoCloseable {
        void step();

        void stepTo(long done);

        void note(String text);

        @Override
        void close();
    }

    /** The bar of a terminal, drawn by progressbar's renderer through the {@link StatusLine}. */
    private static final class TerminalSink implements Sink {
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
    private static final class LogSink implements Sink {
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
