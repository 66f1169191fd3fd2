package cocolor.train;

import cocolor.base.UserError;
import cocolor.eval.MetricSummary;
import cocolor.eval.Validation;
import cocolor.io.AtomicFiles;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
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
 * scores read the model's own validation, not another network's.
 *
 * <p>Written and read with Jackson's CSV: the numbers as formatted here, the stage quoted where it
 * needs it, the terms and {@code val_of} always quoted (the terms may hold commas: {@code mean(x, y)}).
 */
public final class TrainingLog {
    public static final String HEADER =
            "stage,epoch,step,train_seconds,images_per_s,lr,loss,terms,val_psnr,val_ssim,val_ae";
    /** The trailing column naming what a validated row scored. */
    public static final String VAL_OF = "val_of";
    private static final CsvMapper CSV = new CsvMapper();
    /** Reads a log's rows by the names of its header's columns. */
    private static final ObjectReader ROWS = CSV.readerForMapOf(String.class).with(CsvSchema.emptySchema().withHeader());
    /** Reads one row's cells. */
    private static final ObjectReader CELLS = CSV.readerFor(String[].class);

    private final Path file;
    private final List<String> folders;
    private final CsvSchema columns;

    /** A log of a run that validates on one folder, or none. */
    public TrainingLog(Path file) {
        this(file, List.of());
    }

    /** {@code folders}: the names of the validation folders; with two or more, each gets its columns. */
    public TrainingLog(Path file, List<String> folders) {
        this.file = file;
        this.folders = folders.size() > 1 ? List.copyOf(folders) : List.of();
        CsvSchema.Builder schema = CsvSchema.builder();
        for (String column : HEADER.split(",")) {
            schema.addColumn(column);
        }
        for (String f : this.folders) {
            String name = f.replaceAll("[,\"\r\n]", "_"); // a column name as a reader of the header splits it
            for (String metric : List.of("val_psnr", "val_ssim", "val_ae", "val_below_gray_copy")) {
                schema.addColumn(metric + "[" + name + "]");
            }
        }
        this.columns = schema.addColumn(VAL_OF).build();
    }

    public Path file() {
        return file;
    }

    public String header() {
        return String.join(",", columns.getColumnNames());
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
            if (complete > 0 && !lines.get(0).equals(header())) {
                throw new UserError(file + " has other columns than this run logs (its validation folders differ:"
                        + " resume with the same --data and --split options, or choose another --out)");
            }
            for (int i = 0; i < complete; i++) {
                String line = lines.get(i);
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
        try {
            String[] cells = CELLS.readValue(row);
            return cells.length < 4 ? Long.MAX_VALUE : Long.parseLong(cells[2]);
        } catch (IOException | RuntimeException e) {
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
        try {
            boolean fresh = !Files.exists(file) || Files.size(file) == 0;
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    CsvGenerator row = (CsvGenerator) CSV.getFactory().createGenerator(out)) {
                row.enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING); // the stage quoted only where it must be
                row.setSchema(fresh ? columns.withHeader() : columns.withoutHeader());
                row.writeStartArray();
                row.writeString(stage);
                writeCell(row, Integer.toString(epoch));
                writeCell(row, Long.toString(step));
                writeCell(row, String.format(Locale.ROOT, "%.1f", seconds));
                writeCell(row, String.format(Locale.ROOT, "%.2f", imagesPerSecond));
                writeCell(row, String.format(Locale.ROOT, "%.3g", lr));
                writeCell(row, String.format(Locale.ROOT, "%.5f", loss));
                quoted(row, terms);
                writeScores(row, validation == null ? null : validation.mean());
                for (int i = 0; i < folders.size(); i++) {
                    Validation.Folder f = validation == null ? null : validation.folders().get(i);
                    writeScores(row, f == null ? null : f.scores());
                    writeCell(row, f == null ? null : Integer.toString(f.belowGrayCopy().below()));
                }
                if (validation == null) {
                    row.writeNull();
                } else {
                    quoted(row, validated);
                }
                row.writeEndArray();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write training log " + file, e);
        }
    }

    /** Writes {@code text} in quotes, whether or not it needs them. */
    private static void quoted(CsvGenerator row, String text) throws IOException {
        row.enable(CsvGenerator.Feature.ALWAYS_QUOTE_STRINGS);
        row.writeString(text);
        row.disable(CsvGenerator.Feature.ALWAYS_QUOTE_STRINGS);
    }

    /** The three score cells: PSNR, SSIM and AE, empty where {@code m} is null (not validated). */
    private static void writeScores(CsvGenerator row, MetricSummary m) throws IOException {
        writeCell(row, m == null ? null : String.format(Locale.ROOT, "%.3f", m.psnr()));
        writeCell(row, m == null ? null : String.format(Locale.ROOT, "%.4f", m.ssim()));
        writeCell(row, m == null ? null : String.format(Locale.ROOT, "%.3f", m.ae()));
    }

    /** A number as formatted, or an empty cell for null. */
    private static void writeCell(CsvGenerator row, String number) throws IOException {
        if (number == null) {
            row.writeNull();
        } else {
            row.writeRawValue(number);
        }
    }

    /**
     * One epoch's row, as charts and reports need it; the validation scores are NaN for an epoch
     * that was not validated (no validation split, or not a --validate-every epoch).
     */
    public record Row(String stage, int epoch, double loss, double valPsnr, double valSsim, double valAe, String valOf) {
        public boolean validated() {
            return !Double.isNaN(valPsnr);
        }

        /** Whether this row holds scores of {@code expression} (a model's validation expression). */
        public boolean scores(String expression) {
            return validated() && expression.equals(valOf);
        }
    }

    /** Whether {@code csv} is the text of a training log: its header has the columns this class writes. */
    public static boolean isTrainingLog(String csv) {
        String header = csv.lines().findFirst().orElse("");
        return header.startsWith(HEADER) && header.endsWith("," + VAL_OF);
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
     * by a crash) are left out.
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

    /** The expression a row scored: null where the row was not validated. */
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
