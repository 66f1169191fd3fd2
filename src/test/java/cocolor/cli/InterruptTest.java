package cocolor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cocolor.ChildJvm;
import cocolor.TinyData;
import cocolor.train.Checkpoint;
import cocolor.train.RunFolder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cocolor train} in a child JVM stopped with SIGTERM (what Ctrl-C and {@code kill} send):
 * the JVM exits without crashing under PyTorch (before the fix, 3 of 5 such exits during training
 * ended in a "fatal error" report and an hs_err file), and the step it was in ends with a
 * checkpoint that a resumed run starts from.
 */
class InterruptTest {
    private static final Pattern INTERRUPTED_AT = Pattern.compile("interrupted: checkpoint written at step (\\d+)");
    private static final int STOPS = 3;

    @TempDir
    Path tmp;

    @Test
    void sigtermEndsTrainingWithACheckpointAndNoCrash() throws Exception {
        Path data = TinyData.pairs(tmp.resolve("data"), 6, 40, 48, 11);
        Path recipe = TrainingRecipes.withEpochs(tmp, 100_000);
        Path run = tmp.resolve("run");
        for (int stop = 0; stop < STOPS; stop++) {
            Path workDir = Files.createDirectories(tmp.resolve("cwd-" + stop));
            Path log = workDir.resolve("child.log");
            Process child = new ProcessBuilder(ChildJvm.command(Main.class, "train", "--data", data.toString(),
                    "--recipe", recipe.toString(), "--out", run.toString(), "--resume", "--no-progress"))
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            awaitSteps(child, log, 2 + stop);
            child.destroy(); // SIGTERM
            assertTrue(child.waitFor(3, TimeUnit.MINUTES), "the child did not exit");
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertFalse(output.contains("fatal error") || output.contains("SIGSEGV"), output);
            try (Stream<Path> files = Files.list(workDir)) {
                assertEquals(List.of("child.log"), files.map(f -> f.getFileName().toString()).toList(), "no crash report");
            }
            Matcher m = INTERRUPTED_AT.matcher(output);
            assertTrue(m.find(), output);
            assertEquals(Long.parseLong(m.group(1)), Checkpoint.read(run.resolve(RunFolder.CHECKPOINT)).state().step,
                    "the checkpoint is of the interrupted step");
        }
    }

    /** Waits until the child has logged {@code epochs} epochs (two steps each) since it started. */
    private static void awaitSteps(Process child, Path log, int epochs) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline && child.isAlive()) {
            List<String> lines = new ArrayList<>(Files.readAllLines(log, StandardCharsets.UTF_8));
            if (lines.stream().filter(l -> l.contains(" epoch ") && l.contains("loss")).count() >= epochs) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("training did not run:\n" + Files.readString(log, StandardCharsets.UTF_8));
    }
}
