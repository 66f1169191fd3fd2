package cocolor.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import cocolor.TinyModel;
import cocolor.engine.EngineSetup;
import cocolor.infer.Colorizer;
import cocolor.recipe.RecipeLoader;
import cocolor.train.Checkpoint;
import cocolor.train.RunFolder;
import cocolor.train.TrainOptions;
import cocolor.train.Trainer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that diverges after it saved a best model: {@code cocolor train --resume} stops with exit
 * code 1 and a message naming the step, and the best model and checkpoint saved before are
 * untouched and usable. The divergence is provoked by poisoning the optimizer moments of a
 * mid-run checkpoint with NaN, as a numerical blow-up would: the next update makes the weights
 * NaN. (A NaN loss is covered by {@code TrainerTest}.)
 */
class DivergenceCliTest {
    @TempDir
    Path tmp;

    @Test
    void aDivergingRunStopsAtItsStepAndKeepsWhatWasSaved() throws Exception {
        Path recipe = TrainingRecipes.withEpochs(tmp, 3);
        Path run = tmp.resolve("run");
        var data = TinyModel.data(tmp.resolve("data"));
        // Two epochs of three (2 steps each), validated, so best.cocolor exists; then one more step.
        new Trainer(RecipeLoader.load(recipe), data, TrainOptions.in(run).withStepLimit(5)).run();
        Path best = run.resolve(RunFolder.BEST_MODEL);
        Path ckpt = run.resolve(RunFolder.CHECKPOINT);
        assertEquals(5, Checkpoint.read(ckpt).state().step);
        poisonOptimizerMoments(ckpt);
        byte[] bestBefore = Files.readAllBytes(best);
        byte[] ckptBefore = Files.readAllBytes(ckpt);
        Path split = Files.writeString(tmp.resolve("split.tsv"), "stem\tsource_group\tsplit\n"
                + "p0\ta\ttrain\np1\tb\ttrain\np2\tc\ttrain\np3\td\ttrain\np4\te\tval\np5\tf\tval\n");

        CliRun result = CliRun.of("train", "--data", tmp.resolve("data").toString(), "--split", split.toString(),
                "--recipe", recipe.toString(), "--out", run.toString(), "--resume", "--no-progress");

        assertEquals(1, result.exit(), result.toString());
        assertEquals(1, result.errorLines().size(), result.toString());
        String error = result.errorLines().get(0);
        // Step 6 updates the weights with NaN moments; the check at the end of its epoch finds them.
        assertTrue(error.contains("training diverged before step 6: weights are NaN or infinite"), error);
        assertTrue(error.contains("the last good checkpoint is kept. Lower optimizer.lr and resume."), error);
        assertFalse(error.contains("--debug"), "an expected failure, not a bug: " + error);
        assertArrayEquals(bestBefore, Files.readAllBytes(best), "best.cocolor untouched");
        assertArrayEquals(ckptBefore, Files.readAllBytes(ckpt), "the last good checkpoint is kept");
        assertFalse(Files.exists(run.resolve(RunFolder.FINAL_MODEL)), "no broken final model");
        try (Colorizer colorizer = Colorizer.load(best)) {
            var rgb = colorizer.colorize(cocolor.TinyData.smooth(40, 48, new Random(2)));
            for (float v : rgb.data()) {
                assertTrue(Float.isFinite(v));
            }
        }
    }

    /** Rewrites the checkpoint with every Adam moment of f_n set to NaN (CRC-32s stay valid). */
    private static void poisonOptimizerMoments(Path ckpt) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(ckpt.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                try (InputStream in = zip.getInputStream(e)) {
                    entries.put(e.getName(), in.readAllBytes());
                }
            }
        }
        try (NDManager manager = EngineSetup.engine().newBaseManager()) {
            NDList moments = NDList.decode(manager, entries.get("optim/f_n.ndlist"));
            NDList poisoned = new NDList();
            for (NDArray m : moments) {
                poisoned.add(m.mul(Float.NaN));
            }
            entries.put("optim/f_n.ndlist", poisoned.encode());
        }
        try (OutputStream out = Files.newOutputStream(ckpt); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
    }
}
