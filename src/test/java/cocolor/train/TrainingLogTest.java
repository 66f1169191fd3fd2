package cocolor.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cocolor.base.UserError;
import cocolor.eval.BelowGrayCopy;
import cocolor.eval.MetricSummary;
import cocolor.eval.Validation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    /** A run begun by a version whose log had no val_of column resumes: its rows stand and count as the model's. */
    @Test
    void aLogWithoutTheValOfColumnResumesAndItsRowsCountAsTheModels() throws Exception {
        Path file = tmp.resolve("train_log.csv");
        String header = TrainingLog.HEADER + ",val_psnr[a],val_ssim[a],val_ae[a],val_below_gray_copy[a],val_psnr[b],val_ssim[b],val_ae[b],val_below_gray_copy[b]";
        Files.writeString(file, header + "\n"
                + "fn,1,4,1.0,1.00,0.00100,0.50000,\"l1=0.5\",12.000,0.5000,7.000,12.000,0.5000,7.000,1,12.000,0.5000,7.000,2\n"
                + "fn,2,8,2.0,1.00,0.00100,0.40000,\"l1=0.4\",,,,,,,,,,,\n");
        TrainingLog log = new TrainingLog(file, List.of("a", "b"));
        log.rewindTo(4);
        List<String> lines = Files.readAllLines(file);
        assertEquals(log.header(), lines.get(0), "the header gains val_of");
        assertEquals(2, lines.size(), "the row after the checkpoint is dropped, the one before kept");
        assertEquals(12.0, TrainingLog.lastValidated(Files.readString(file), "f_n(nir)").orElseThrow().valPsnr(), 0);
        log.append("fn", 2, 8, 2, 1, 1e-3, 0.4, "l1=0.4", null, null);
        assertEquals(2, TrainingLog.rows(Files.readString(file)).size());
    }
}
