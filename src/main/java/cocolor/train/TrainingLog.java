package cocolor.train;

import cocolor.base.UserError;
import cocolor.eval.MetricSummary;
import cocolor.eval.Validation;
import cocolor.io.AtomicFiles;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run's CSV log, one row per epoch: appended and flushed row by row, so a crashed or resumed
 * run keeps its history. Columns: stage, epoch, step, seconds, images_per_s, lr, loss, the loss
 * terms as {@code name=value} pairs, and the validation scores. A run that validates on several
 * folders logs their mean in {@code val_psnr, val_ssim, val_ae} (the figures that pick the best
 * model), then per folder {@code val_psnr[name], val_ssim[name], val_ae[name]} and
 * {@code val_below_gray_copy[name]}: how many of its val pairs score below their input copied to
 * three channels. One folder keeps the columns of {@link #HEADER}. The last column,
 * {@code val_of}, names the expression a validated row scored ({@code f_n(nir)}, or
 * {@code f_g(gray)} in a stage that trains the gray colorizer), so that charts and reference
 * scores read the model's own validation, not another network's; logs of older versions lack it,
 * and their rows count as the model's.
 */
public final class TrainingLog {
    public static final String HEADER =
            "stage,epoch,step,train_seconds,images_per_s,lr,loss,terms,val_psnr,val_ssim,val_ae";
    /** The trailing column naming what a validated row scored. */
    public static final String VAL_OF = "val_of";
    /** Reads a log's rows by the names of its header's columns. */
    private static final ObjectReader ROWS = new CsvMapper().readerForMapOf(String.class)
            .with(CsvSchema.emptySchema().withHeader());

    private final Path file;
    private final List<String> folders;
    private final String header;
    /** The header of this log as versions before {@link #VAL_OF} wrote it. */
    private final String headerWithoutValOf;

    /** A log of a run that validates on one folder, or none. */
    public TrainingLog(Path file) {
        this(file, List.of());
    }

    /** {@code folders}: the names of the validation folders; with two or more, each gets its columns. */
    public TrainingLog(Path file, List<String> folders) {
        this.file = file;
        this.folders = folders.size() > 1 ? List.copyOf(folders) : List.of();
        StringBuilder h = new StringBuilder(HEADER);
        for (String f : this.folders) {
            String name = f.replaceAll("[,\"\r\n]", "_");
            h.append(",val_psnr[").append(name).append("],val_ssim[").append(name).append("],val_ae[").append(name)
                    .append("],val_below_gray_copy[").append(name).append(']');
        }
        this.headerWithoutValOf = h.toString();
        this.header = headerWithoutValOf + "," + VAL_OF;
    }

    public Path file() {
        return file;
    }

    public String header() {
        return header;
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
            // A run begun by a version without the val_of column: its rows stand as they are (a
            // missing last column reads as absent), the header gains the column.
            boolean older = complete > 0 && lines.get(0).equals(headerWithoutValOf);
            if (complete > 0 && !older && !lines.get(0).equals(header)) {
                throw new UserError(file + " has other columns than this run logs (its validation folders differ:"
                        + " resume with the same --data and --split options, or choose another --out)");
            }
            for (int i = 0; i < complete; i++) {
                String line = i == 0 && older ? header : lines.get(i);
                if (i == 0 || stepOf(line) <= step) {
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

    /**
     * Drops the whole log, for a run that starts from step 0 in a folder whose earlier run wrote
     * rows but no checkpoint; returns whether there was one. (KillResumeTest found it: a run killed
     * between its first row and its first checkpoint, then restarted, logged that epoch twice.)
     */
    public boolean startOver() {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove training log " + file, e);
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

    /**
     * Appends an epoch's row; {@code validation} is null when this epoch was not validated, else
     * {@code validated} is the expression it scored.
     */
    public void append(String stage, int epoch, long step, double seconds, double imagesPerSecond, double lr,
            double loss, String terms, Validation validation, String validated) {
        if (validation != null && !folders.isEmpty() && validation.folders().size() != folders.size()) {
            throw new IllegalArgumentException("validation of " + validation.folders().size() + " folders, log of " + folders.size());
        }
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%s,%d,%d,%.1f,%.2f,%.3g,%.5f,%s",
                stage, epoch, step, seconds, imagesPerSecond, lr, loss, '"' + terms + '"'));
        appendScores(row, validation == null ? null : validation.mean());
        for (int i = 0; i < folders.size(); i++) {
            Validation.Folder f = validation == null ? null : validation.folders().get(i);
            appendScores(row, f == null ? null : f.scores());
            row.append(',').append(f == null ? "" : Integer.toString(f.belowGrayCopy().below()));
        }
        row.append(',').append(validation == null ? "" : '"' + validated.replace("\"", "\"\"") + '"');
        try {
            boolean fresh = !Files.exists(file) || Files.size(file) == 0;
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                if (fresh) {
                    w.write(header + "\n");
                }
                w.write(row.append('\n').toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write training log " + file, e);
        }
    }

    private static void appendScores(StringBuilder row, MetricSummary m) {
        row.append(',').append(m == null ? "" : String.format(Locale.ROOT, "%.3f", m.psnr()))
                .append(',').append(m == null ? "" : String.format(Locale.ROOT, "%.4f", m.ssim()))
                .append(',').append(m == null ? "" : String.format(Locale.ROOT, "%.3f", m.ae()));
    }

    /**
     * One epoch's row, as charts and reports need it; the validation scores are NaN for an epoch
     * that was not validated (no validation split, or not a --validate-every epoch).
     */
    public record Row(String stage, int epoch, double loss, double valPsnr, double valSsim, double valAe, String valOf) {
        public boolean validated() {
            return !Double.isNaN(valPsnr);
        }

        /**
         * Whether this row holds scores of {@code expression} (a model's validation expression):
         * validated, of that expression, or of an unnamed one (a log of an older version).
         */
        public boolean scores(String expression) {
            return validated() && (valOf == null || valOf.equals(expression));
        }
    }

    /** The last row of a log's text with scores of {@code expression}: the run's final held-out scores of it. */
    public static java.util.Optional<Row> lastValidated(String csv, String expression) {
        List<Row> rows = rows(csv);
        for (int i = rows.size() - 1; i >= 0; i--) {
            if (rows.get(i).scores(expression)) {
                return java.util.Optional.of(rows.get(i));
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * The rows of a log's text, their columns picked by name ({@code val_psnr} is the mean over the
     * validation folders when there are several). The terms column may itself hold commas
     * (expressions such as {@code mean(x, y)}); it is quoted. Rows that cannot be read (cut short
     * by a crash of an older version) are left out.
     */
    public static List<Row> rows(String csv) {
        List<Row> rows = new java.util.ArrayList<>();
        try (MappingIterator<Map<String, String>> it = ROWS.readValues(csv)) {
            while (it.hasNextValue()) {
                Map<String, String> row = it.nextValue();
                try {
                    rows.add(new Row(row.get("stage"), Integer.parseInt(column(row, "epoch")),
                            Double.parseDouble(column(row, "loss")), score(row, "val_psnr"), score(row, "val_ssim"),
                            score(row, "val_ae"), valOf(row)));
                } catch (NumberFormatException e) {
                    // a damaged row, or one cut short: skipped
                }
            }
        } catch (IOException | RuntimeException e) {
            // a row cut short inside its quotes ends the log: the rows before it stand
        }
        return rows;
    }

    /** The text of a row's column; a NumberFormatException where the row was cut short before it. */
    private static String column(Map<String, String> row, String name) {
        String text = row.get(name);
        if (text == null) {
            throw new NumberFormatException("the row has no " + name);
        }
        return text;
    }

    /** The expression a row scored: null where the log does not say (no validation, an older log). */
    private static String valOf(Map<String, String> row) {
        String text = row.get(VAL_OF);
        return text == null || text.isEmpty() ? null : text;
    }

    /** A score column: NaN where the epoch was not validated. */
    private static double score(Map<String, String> row, String name) {
        String text = column(row, name);
        return text.isEmpty() ? Double.NaN : Double.parseDouble(text);
    }
}
