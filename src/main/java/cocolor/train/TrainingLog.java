package cocolor.train;

import cocolor.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

/**
 * The run's CSV log, one row per epoch: appended and flushed row by row, so a crashed or resumed
 * run keeps its history. Columns: stage, epoch, step, seconds, images_per_s, lr, loss, the loss
 * terms as {@code name=value} pairs, and the validation scores.
 */
public final class TrainingLog {
    public static final String HEADER =
            "stage,epoch,step,train_seconds,images_per_s,lr,loss,terms,val_psnr,val_ssim,val_ae";
    private final Path file;

    public TrainingLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /**
     * Drops the rows written after {@code step}, and a row cut short by a crash, so that a run
     * resumed from a checkpoint at {@code step} logs the epochs it repeats only once. The file is
     * rewritten atomically.
     */
    public void rewindTo(long step) {
        if (!Files.exists(file)) {
            return;
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            StringBuilder kept = new StringBuilder();
            List<String> lines = text.lines().toList();
            int complete = text.endsWith("\n") ? lines.size() : lines.size() - 1;
            for (int i = 0; i < complete; i++) {
                String line = lines.get(i);
                if (i == 0 ? line.equals(HEADER) : stepOf(line) <= step) {
                    kept.append(line).append('\n');
                }
            }
            if (!kept.toString().equals(text)) {
                byte[] bytes = kept.toString().getBytes(StandardCharsets.UTF_8);
                AtomicFiles.write(file, out -> out.write(bytes));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite training log " + file, e);
        }
    }

    /** The step column of a row, or {@code Long.MAX_VALUE} for a row that cannot be read. */
    private static long stepOf(String row) {
        String[] cols = row.split(",", 4);
        try {
            return cols.length < 4 ? Long.MAX_VALUE : Long.parseLong(cols[2]);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    public void append(String stage, int epoch, long step, double seconds, double imagesPerSecond, double lr,
            double loss, String terms, double psnr, double ssim, double ae) {
        try {
            boolean fresh = !Files.exists(file) || Files.size(file) == 0;
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                if (fresh) {
                    w.write(HEADER + "\n");
                }
                w.write(String.format(Locale.ROOT, "%s,%d,%d,%.1f,%.2f,%.3g,%.5f,%s,%s,%s,%s%n",
                        stage, epoch, step, seconds, imagesPerSecond, lr, loss, '"' + terms + '"',
                        num(psnr, "%.3f"), num(ssim, "%.4f"), num(ae, "%.3f")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write training log " + file, e);
        }
    }

    /**
     * One epoch's row, as charts and reports need it; the validation scores are NaN for an epoch
     * that was not validated (no validation split, or not a --validate-every epoch).
     */
    public record Row(String stage, int epoch, double loss, double valPsnr, double valSsim, double valAe) {
        public boolean validated() {
            return !Double.isNaN(valPsnr);
        }
    }

    /** The last validated row of a log's text: the run's final held-out scores. */
    public static java.util.Optional<Row> lastValidated(String csv) {
        List<Row> rows = rows(csv);
        for (int i = rows.size() - 1; i >= 0; i--) {
            if (rows.get(i).validated()) {
                return java.util.Optional.of(rows.get(i));
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * The rows of a log's text. Rows that cannot be read (cut short by a crash of an older
     * version) are left out. The terms column may itself hold commas (expressions such as
     * {@code mean(x, y)}), so the validation columns are counted from the end.
     */
    public static List<Row> rows(String csv) {
        List<Row> rows = new java.util.ArrayList<>();
        csv.lines().skip(1).forEach(line -> {
            String[] c = line.split(",", -1);
            if (c.length < 11) {
                return;
            }
            try {
                rows.add(new Row(c[0], Integer.parseInt(c[1]), Double.parseDouble(c[6]),
                        score(c[c.length - 3]), score(c[c.length - 2]), score(c[c.length - 1])));
            } catch (NumberFormatException e) {
                // a damaged row: skipped
            }
        });
        return rows;
    }

    private static double score(String column) {
        return column.isEmpty() ? Double.NaN : Double.parseDouble(column);
    }

    private static String num(double v, String fmt) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, fmt, v);
    }
}
