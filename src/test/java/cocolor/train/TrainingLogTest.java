package cocolor.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingLogTest {
    @TempDir
    Path tmp;

    @Test
    void rowsReadBackWhatWasAppendedEvenWithCommasInTheTerms() throws Exception {
        TrainingLog log = new TrainingLog(tmp.resolve("train_log.csv"));
        log.append("fn", 1, 41, 35.8, 9.17, 8.2e-4, 0.34892, "l1[f_n(nir)~rgb]=0.1984", 9.511, 0.372, 13.648);
        log.append("cooperate", 1, 60, 50.0, 2.0, 1e-4, 0.5, "l1[mean(f_n(nir), f_g(n2g(nir)))~rgb]=0.2", 12.25, 0.5, 7.0);
        log.append("whole", 1, 70, 60.0, 2.0, 1e-4, 0.25, "l1[f_n(nir)~rgb]=0.2", Double.NaN, Double.NaN, Double.NaN);
        List<TrainingLog.Row> rows = TrainingLog.rows(Files.readString(log.file()) + "fn,2,8");
        assertEquals(3, rows.size(), "the row cut short is left out");
        assertEquals(new TrainingLog.Row("fn", 1, 0.34892, 9.511, 0.372, 13.648), rows.get(0));
        assertEquals(12.25, rows.get(1).valPsnr(), 1e-9, "validation counted from the end, past the commas of mean(x, y)");
        assertEquals(0.5, rows.get(1).loss(), 1e-9);
        assertTrue(Double.isNaN(rows.get(2).valPsnr()), "no validation split: NaN");
        assertEquals(rows.get(1), TrainingLog.lastValidated(Files.readString(log.file())).orElseThrow(), "the last scores");
    }
}
