package cocolor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cocolor.ChildJvm;
import cocolor.TinyData;
import cocolor.image.FloatImage;
import cocolor.infer.Colorizer;
import cocolor.train.Checkpoint;
import cocolor.train.TrainState;
import cocolor.train.RunFolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cocolor train} in a child JVM, killed with SIGKILL at random moments and resumed with
 * {@code --resume} each time: every resume starts at the last checkpoint, the step counter never
 * goes back past it, the optimizer state travels with it, and the run ends with a usable model.
 *
 * <p>The kills are timed by the child's progress, not by the clock: each comes a random 0 to 50 ms
 * after the child logged its first or second epoch, while that epoch's best model and checkpoint
 * are being written, so a busy machine gets its KILLS cuts as a fast one does, and the budget only
 * has to outlast them. (Timed by the clock, the run needed 300 epochs so that a fast machine could
 * not finish first, and the test took 310 s on a busy one. Timed by progress, it found two ways in
 * which a run killed between an epoch's log row and its checkpoint logged that epoch twice when
 * resumed: after a periodic checkpoint taken at the epoch's last batch, and before the run's first
 * checkpoint, when the restarted run appended to the old log; TrainerTest has the second.)
 */
class KillResumeTest {
    private static final int KILLS = 6;
    /** Each child runs at most 2 epochs and what 50 ms add (an epoch or two on a fast machine): 6 x 4 < 30. */
    private static final int EPOCHS = 30;
    private static final Pattern EPOCH_LOGGED = Pattern.compile("(?m) epoch \\d+: loss");
    private static final Pattern RESUMED_AT = Pattern.compile("resuming at step (\\d+) in stage ");

    @TempDir
    Path tmp;

    @Test
    void trainingSurvivesRepeatedSigkills() throws Exception {
        Path data = TinyData.pairs(tmp.resolve("data"), 6, 40, 48, 11);
        Path split = Files.writeString(tmp.resolve("split.tsv"), "stem\tsource_group\tsplit\n"
                + "p0\ta\ttrain\np1\tb\ttrain\np2\tc\ttrain\np3\td\ttrain\np4\te\tval\np5\tf\tval\n");
        Path recipe = TrainingRecipes.withEpochs(tmp, EPOCHS);
        Path run = tmp.resolve("run");
        Path ckpt = run.resolve(RunFolder.CHECKPOINT);
        Random random = new Random(20_240_707);

        int survived = 0;
        long lastCheckpointStep = -1;
        for (int kill = 0; kill < KILLS; kill++) {
            // What the child must resume from is what is on disk now (written atomically).
            long onDisk = Files.exists(ckpt) ? checkedState(ckpt).step : -1;
            assertTrue(onDisk >= lastCheckpointStep, "checkpoint step went back from " + lastCheckpointStep + " to " + onDisk);
            lastCheckpointStep = onDisk;
            Path log = tmp.resolve("child-" + kill + ".log");
            Process child = startTraining(data, split, recipe, run, log);
            awaitEpochs(child, log, 1 + random.nextInt(2));
            assertResumedAt(log, lastCheckpointStep);
            Thread.sleep(random.nextInt(50));
            if (!child.isAlive()) {
                break; // finished or died before the kill: the last run below checks what it left
            }
            child.destroyForcibly().waitFor();
            survived++;
        }
        lastCheckpointStep = Files.exists(ckpt) ? checkedState(ckpt).step : -1;
        System.out.println("kill/resume cycles survived: " + survived + ", last checkpoint at step " + lastCheckpointStep);

        Path log = tmp.resolve("child-final.log");
        Process last = startTraining(data, split, recipe, run, log);
        assertTrue(last.waitFor(10, TimeUnit.MINUTES), "the resumed run did not finish");
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, last.exitValue(), output);
        assertResumedAt(log, lastCheckpointStep);

        TrainState end = checkedState(ckpt);
        assertTrue(end.finished);
        assertEquals(2L * EPOCHS, end.step, "epochs of 2 batches, each step taken once");
        assertEquals(EPOCHS + 1, Files.readAllLines(run.resolve(RunFolder.LOG)).size(), "a header and one row per epoch");
        for (String model : List.of(RunFolder.FINAL_MODEL, RunFolder.BEST_MODEL)) {
            try (Colorizer colorizer = Colorizer.load(run.resolve(model))) {
                FloatImage rgb = colorizer.colorize(TinyData.smooth(40, 48, new Random(1)));
                assertEquals(3, rgb.channels());
                assertEquals(48, rgb.width());
            }
        }
        try (Stream<Path> files = Files.list(run)) {
            List<String> names = files.map(f -> f.getFileName().toString()).sorted().toList();
            assertEquals(List.of(RunFolder.BEST_MODEL, RunFolder.CHECKPOINT, RunFolder.FINAL_MODEL, RunFolder.LOG), names,
                    "no partial files left behind");
        }
        assertEquals(KILLS, survived, "every child was killed while it trained");
    }

    /**
     * Reads a checkpoint as a resumed run would, and checks that the optimizer state belongs to the
     * step counter: one optimizer step per batch in this one-stage recipe, so a lost or reset
     * optimizer state would show as a smaller count.
     */
    private static TrainState checkedState(Path ckpt) {
        Checkpoint.Contents contents = Checkpoint.read(ckpt);
        TrainState state = contents.state();
        assertEquals(state.stageStep, (long) state.optimizerSteps.getOrDefault("f_n", 0L),
                "optimizer steps of f_n at step " + state.step);
        if (!state.finished && state.stageStep > 0) { // a finished run needs no moments
            assertTrue(contents.optimizers().containsKey("f_n"), "optimizer moments saved at step " + state.step);
        }
        return state;
    }

    private static Process startTraining(Path data, Path split, Path recipe, Path run, Path log) throws IOException {
        return new ProcessBuilder(ChildJvm.command(Main.class, "train",
                "--data", data.toString(), "--split", split.toString(), "--recipe", recipe.toString(),
                "--out", run.toString(), "--checkpoint-minutes", "0.005", "--resume", "--no-progress"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** Waits until the child has logged {@code epochs} epochs since it started (or has ended). */
    private static void awaitEpochs(Process child, Path log, int epochs) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (EPOCH_LOGGED.matcher(Files.readString(log, StandardCharsets.UTF_8)).results().count() >= epochs || !child.isAlive()) {
                return;
            }
            Thread.sleep(10);
        }
        child.destroyForcibly();
        throw new AssertionError("training did not get through " + epochs + " epochs:\n" + Files.readString(log, StandardCharsets.UTF_8));
    }

    /** A resumed child must say it continues at exactly the step of the checkpoint it found. */
    private static void assertResumedAt(Path log, long checkpointStep) throws IOException {
        String text = Files.readString(log, StandardCharsets.UTF_8);
        Matcher m = RESUMED_AT.matcher(text);
        if (checkpointStep < 0) {
            assertFalse(m.find(), "nothing to resume yet:\n" + text);
        } else {
            assertTrue(m.find(), "did not resume:\n" + text);
            assertEquals(checkpointStep, Long.parseLong(m.group(1)), text);
        }
    }
}
