package cocolor.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cocolor.base.UserError;
import cocolor.eval.BelowGrayCopy;
import cocolor.eval.MetricSummary;
import cocolor.eval.Validation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingLogTest {
    @TempDir
    Path tmp;

    private static Validation validation(double psnr, double ssim, double ae) {
        return new Validation(List.of(new Validation.Folder("val", new MetricSummary(psnr, ssim, ae, 42), new BelowGrayCopy(3, 42, 13.385))));
    }

    @Test
    void rowsReadBackWhatWasAppendedEvenWithCommasInTheTerms() throws Exception {
        TrainingLog log = new TrainingLog(tmp.resolve("train_log.csv"));
        log.append("fn", 1, 41, 35.8, 9.17, 8.2e-4, 0.34892, "l1[f_n(nir)~rgb]=0.1984", validation(9.511, 0.372, 13.648), "f_n(nir)");
        log.append("cooperate", 1, 60, 50.0, 2.0, 1e-4, 0.5, "l1[mean(f_n(nir), f_g(n2g(nir)))~rgb]=0.2", validation(12.25, 0.5, 7.0), "mean(f_n(nir), f_g(n2g(nir)))");
        log.append("whole", 1, 70, 60.0, 2.0, 1e-4, 0.25, "l1[f_n(nir)~rgb]=0.2", null, null);
        List<TrainingLog.Row> rows = TrainingLog.rows(Files.readString(log.file()) + "fn,2,8");
        assertEquals(3, rows.size(), "the row cut short is left out");
        assertEquals(new TrainingLog.Row("fn", 1, 0.34892, 9.511, 0.372, 13.648, "f_n(nir)"), rows.get(0));
        assertEquals(12.25, rows.get(1).valPsnr(), 1e-9, "validation counted from the end, past the commas of mean(x, y)");
        assertEquals(0.5, rows.get(1).loss(), 1e-9);
        assertTrue(Double.isNaN(rows.get(2).valPsnr()), "no validation split: NaN");
        assertEquals("mean(f_n(nir), f_g(n2g(nir)))", rows.get(1).valOf(), "the expression, commas and all");
        assertEquals(rows.get(1), TrainingLog.lastValidated(Files.readString(log.file()), "mean(f_n(nir), f_g(n2g(nir)))").orElseThrow(),
                "the last scores");
    }

    /** Two folders: the mean first (where one folder's scores stand), then each folder's; rows read the mean. */
    @Test
    void severalFoldersGetTheirOwnColumnsAfterTheirMean() throws Exception {
        TrainingLog log = new TrainingLog(tmp.resolve("train_log.csv"), List.of("vcip2020/train", "epfl,extra"));
        Validation two = new Validation(List.of(
                new Validation.Folder("vcip2020/train", new MetricSummary(18.0, 0.6, 5.0, 42), new BelowGrayCopy(1, 42, 13.385)),
                new Validation.Folder("epfl,extra", new MetricSummary(16.0, 0.7, 6.0, 15), new BelowGrayCopy(6, 15, 16.348))));
        log.append("fn", 1, 41, 35.8, 9.17, 8.2e-4, 0.34892, "l1[mean(f_n(nir), f_n(nir))~rgb]=0.1984", two, "f_n(nir)");
        log.append("fn", 2, 82, 71.0, 9.17, 8.2e-4, 0.3, "l1[mean(f_n(nir), f_n(nir))~rgb]=0.19", null, null);

        List<String> lines = Files.readAllLines(log.file());
        assertEquals(TrainingLog.HEADER + ",val_psnr[vcip2020/train],val_ssim[vcip2020/train],val_ae[vcip2020/train],"
                + "val_below_gray_copy[vcip2020/train],val_psnr[epfl_extra],val_ssim[epfl_extra],val_ae[epfl_extra],"
                + "val_below_gray_copy[epfl_extra],val_of", lines.get(0), "a comma in a folder name would shift the columns");
        assertTrue(lines.get(1).endsWith(",17.000,0.6500,5.500,18.000,0.6000,5.000,1,16.000,0.7000,6.000,6,\"f_n(nir)\""), lines.get(1));
        assertTrue(lines.get(2).endsWith(",,,,,,,,,,,,"), lines.get(2));
        List<TrainingLog.Row> rows = TrainingLog.rows(Files.readString(log.file()));
        assertEquals(17.0, rows.get(0).valPsnr(), 1e-9, "the mean over folders");
        assertTrue(Double.isNaN(rows.get(1).valPsnr()));
    }

    /** Resuming with other --data folders would write rows under columns they do not fit. */
    @Test
    void aRunResumedWithOtherValidationFoldersIsRefused() {
        Path file = tmp.resolve("train_log.csv");
        new TrainingLog(file).append("fn", 1, 4, 1, 1, 1e-3, 0.5, "l1=0.5", validation(12, 0.5, 7), "f_n(nir)");
        new TrainingLog(file).rewindTo(4);
        UserError e = assertThrows(UserError.class, () -> new TrainingLog(file, List.of("a", "b")).rewindTo(4));
        assertTrue(e.getMessage().contains("resume with the same --data and --split options"), e.getMessage());
    }

    /**
     * A recipe that ends by training the gray colorizer logs that one's scores last: the model's
     * own final scores (what a chart and a reference run report) are the last of its expression.
     */
    @Test
    void theModelsLastScoresPassOverAStageThatValidatesAnotherExpression() throws Exception {
        TrainingLog log = new TrainingLog(tmp.resolve("train_log.csv"));
        log.append("polish", 25, 100, 60, 14, 2e-5, 0.2, "l1[f_n(nir)~rgb]=0.1", validation(18.8, 0.59, 4.97), "f_n(nir)");
        log.append("fg", 40, 140, 70, 25, 2e-5, 0.07, "l1[f_g(gray)~rgb]=0.07", validation(25.0, 0.94, 6.8), "f_g(gray)");
        String csv = Files.readString(log.file());
        assertEquals(18.8, TrainingLog.lastValidated(csv, "f_n(nir)").orElseThrow().valPsnr(), 0);
        assertEquals(25.0, TrainingLog.lastValidated(csv, "f_g(gray)").orElseThrow().valPsnr(), 0);
        assertTrue(TrainingLog.lastValidated(csv, "f_g(n2g(nir))").isEmpty(), "no row scored it");
    }

    /** A log of a version before val_of, which is not read any more: a run begun by it does not resume into it. */
    @Test
    void aLogWithoutTheValOfColumnIsNotResumedInto() throws Exception {
        Path file = tmp.resolve("train_log.csv");
        Files.writeString(file, TrainingLog.HEADER + "\nfn,1,4,1.0,1.00,0.00100,0.50000,\"l1=0.5\",12.000,0.5000,7.000\n");
        assertFalse(TrainingLog.isTrainingLog(Files.readString(file)));
        UserError e = assertThrows(UserError.class, () -> new TrainingLog(file).rewindTo(4));
        assertTrue(e.getMessage().contains("has other columns than this run logs"), e.getMessage());
        assertTrue(TrainingLog.lastValidated(Files.readString(file), "f_n(nir)").isEmpty(), "its scores name no expression");
    }

    /** A stage name that needs quotes gets them, and rewinding still finds each row's step. */
    @Test
    void aStageNameWithACommaOrAQuoteIsQuotedAndRewindsByItsStep() throws Exception {
        TrainingLog log = new TrainingLog(tmp.resolve("train_log.csv"));
        log.append("crops, small", 1, 4, 1, 1, 1e-3, 0.5, "l1=0.5", validation(12, 0.5, 7), "f_n(nir)");
        log.append("say \"whole\"", 1, 8, 2, 1, 1e-3, 0.4, "l1=0.4", null, null);
        log.append("say \"whole\"", 2, 12, 3, 1, 1e-3, 0.3, "l1=0.3", null, null);
        List<String> lines = Files.readAllLines(log.file());
        assertTrue(lines.get(1).startsWith("\"crops, small\",1,4,"), lines.get(1));
        assertTrue(lines.get(2).startsWith("\"say \"\"whole\"\"\",1,8,"), lines.get(2));
        log.rewindTo(8);
        List<TrainingLog.Row> rows = TrainingLog.rows(Files.readString(log.file()));
        assertEquals(List.of("crops, small", "say \"whole\""), rows.stream().map(TrainingLog.Row::stage).toList());
        assertEquals(12.0, rows.get(0).valPsnr(), 0);
    }

    /**
     * Jackson writes what the hand-written rows of every earlier log held, byte for byte: the same
     * numbers, the stage bare, the terms and val_of in quotes, empty cells where nothing was scored.
     */
    @Test
    void rowsAreWrittenAsTheHandWrittenLogsHadThem() throws Exception {
        Random random = new Random(30);
        for (int trial = 0; trial < 200; trial++) {
            List<String> folders = trial % 3 == 0 ? List.of() : List.of("vcip2020/train", "epfl,extra", "c").subList(0, 1 + trial % 3);
            Path file = tmp.resolve("log" + trial + ".csv");
            TrainingLog log = new TrainingLog(file, folders);
            StringBuilder expected = new StringBuilder(log.header()).append('\n');
            for (int row = 0; row < 3; row++) {
                String stage = List.of("fn", "polish", "f_g-2", "cooperate").get(random.nextInt(4));
                String terms = List.of("l1[f_n(nir)~rgb]=0.3419", "l1[f_n(nir)~rgb]=0.3419 ssim[f_n(nir)~rgb]=0.9056",
                        "l1[mean(f_n(nir), f_g(n2g(nir)))~rgb]=0.2 gan[f_n(nir)]=1.0000").get(random.nextInt(3));
                double lr = Math.pow(10, -1 - 7 * random.nextDouble());
                Validation validation = null;
                if (random.nextBoolean()) {
                    List<Validation.Folder> scored = new java.util.ArrayList<>();
                    for (String f : folders.isEmpty() ? List.of("val") : folders) {
                        scored.add(new Validation.Folder(f, new MetricSummary(5 + 30 * random.nextDouble(), random.nextDouble(),
                                40 * random.nextDouble(), 42), new BelowGrayCopy(random.nextInt(42), 42, 13.4)));
                    }
                    validation = new Validation(scored);
                }
                String valOf = random.nextBoolean() ? "f_n(nir)" : "mean(f_n(nir), hflip(f_n(hflip(nir))))";
                int epoch = 1 + random.nextInt(40);
                long step = random.nextInt(100_000);
                double seconds = 10_000 * random.nextDouble();
                double imagesPerSecond = 100 * random.nextDouble();
                double loss = random.nextDouble();
                log.append(stage, epoch, step, seconds, imagesPerSecond, lr, loss, terms, validation, valOf);
                expected.append(handWritten(folders.size(), stage, epoch, step, seconds, imagesPerSecond, lr, loss, terms,
                        validation, valOf)).append('\n');
            }
            assertEquals(expected.toString(), Files.readString(file), "trial " + trial);
        }
    }

    /** A row as TrainingLog wrote it by hand before it wrote with Jackson. */
    private static String handWritten(int folders, String stage, int epoch, long step, double seconds, double imagesPerSecond,
            double lr, double loss, String terms, Validation validation, String validated) {
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%s,%d,%d,%.1f,%.2f,%.3g,%.5f,%s",
                stage, epoch, step, seconds, imagesPerSecond, lr, loss, '"' + terms + '"'));
        handWrittenScores(row, validation == null ? null : validation.mean());
        for (int i = 0; i < (folders > 1 ? folders : 0); i++) {
            Validation.Folder f = validation == null ? null : validation.folders().get(i);
            handWrittenScores(row, f == null ? null : f.scores());
            row.append(',').append(f == null ? "" : Integer.toString(f.belowGrayCopy().below()));
        }
        return row.append(',').append(validation == null ? "" : '"' + validated.replace("\"", "\"\"") + '"').toString();
    }

    private static void handWrittenScores(StringBuilder row, MetricSummary m) {
        row.append(',').append(m == null ? "" : String.format(Locale.ROOT, "%.3f", m.psnr()))
                .append(',').append(m == null ? "" : String.format(Locale.ROOT, "%.4f", m.ssim()))
                .append(',').append(m == null ? "" : String.format(Locale.ROOT, "%.3f", m.ae()));
    }

    /** The bundled model's own log, written again from its rows, comes out byte for byte; its reference log reads as before. */
    @Test
    void theBundledModelsLogsAreWrittenAndReadAsBefore() throws Exception {
        Map<String, String> logs = new java.util.HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(getClass().getResourceAsStream("/models/default.cocolor"))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.getName().endsWith(".csv")) {
                    logs.put(e.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        String own = logs.get("train_log.csv");
        TrainingLog log = new TrainingLog(tmp.resolve("train_log.csv"));
        for (String line : own.lines().skip(1).toList()) {
            String[] c = line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1); // commas outside quotes
            assertEquals("", c[8], "a run on all pairs, not validated");
            log.append(c[0], Integer.parseInt(c[1]), Long.parseLong(c[2]), Double.parseDouble(c[3]), Double.parseDouble(c[4]),
                    Double.parseDouble(c[5]), Double.parseDouble(c[6]), c[7].substring(1, c[7].length() - 1), null, null);
        }
        assertEquals(own, Files.readString(log.file()));

        String reference = logs.get("reference_log.csv");
        assertTrue(TrainingLog.isTrainingLog(reference));
        List<TrainingLog.Row> rows = TrainingLog.rows(reference);
        assertEquals(reference.lines().count() - 1, rows.size(), "every row read");
        TrainingLog.Row last = TrainingLog.lastValidated(reference, "f_n(nir)").orElseThrow();
        assertEquals(rows.get(rows.size() - 1), last);
        String[] lastLine = reference.lines().reduce((a, b) -> b).orElseThrow().split(",");
        assertEquals(Double.parseDouble(lastLine[8]), last.valPsnr(), 0, "the mean over its two folders");
    }
}
