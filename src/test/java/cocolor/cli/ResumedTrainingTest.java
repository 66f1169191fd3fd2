package cocolor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cocolor.TinyData;
import cocolor.base.ProgressListener;
import cocolor.data.PairedFolder;
import cocolor.data.SampleLoader;
import cocolor.recipe.RecipeLoader;
import cocolor.train.TrainData;
import cocolor.train.TrainOptions;
import cocolor.train.Trainer;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code cocolor train --resume} says about where it resumes, in the numbering of the rest of the log. */
class ResumedTrainingTest {
    private static final Pattern RESUMED = Pattern.compile("resuming at step (\\d+) in stage (\\d+) '(\\w+)', epoch (\\d+), batch (\\d+)");
    private static final Pattern STAGE = Pattern.compile("stage (\\d+) '(\\w+)': trains");
    private static final Pattern EPOCH = Pattern.compile("(\\w+) epoch (\\d+): loss");

    @TempDir
    Path tmp;

    @Test
    void theResumeLineNumbersStagesAndEpochsAsTheRestOfTheLogDoes() throws Exception {
        Path data = TinyData.pairs(tmp.resolve("data"), 4, 40, 48, 3);
        Path recipe = TrainingRecipes.withEpochs(tmp, 3);
        Path run = tmp.resolve("run");
        // 4 pairs in batches of 2: stopped after 3 steps, the run is in its second epoch, after its first batch.
        var samples = SampleLoader.loadPairs(PairedFolder.scan(data), 32, ProgressListener.NONE);
        new Trainer(RecipeLoader.load(recipe), new TrainData(samples, List.of(), List.of()),
                TrainOptions.in(run).withStepLimit(3)).run();

        CliRun resumed = CliRun.of("train", "--data", data.toString(), "--recipe", recipe.toString(), "--out", run.toString(),
                "--resume", "--no-progress");

        assertEquals(0, resumed.exit(), resumed.toString());
        Matcher at = find(RESUMED, resumed);
        Matcher stage = find(STAGE, resumed);
        Matcher epoch = find(EPOCH, resumed);
        assertEquals("3", at.group(1), resumed.toString());
        assertEquals(List.of("1", "fn"), List.of(at.group(2), at.group(3)), resumed.toString());
        assertEquals(List.of(stage.group(1), stage.group(2)), List.of(at.group(2), at.group(3)), "one stage numbering\n" + resumed);
        assertEquals(List.of(epoch.group(1), epoch.group(2)), List.of(at.group(3), at.group(4)), "one epoch numbering\n" + resumed);
        assertEquals("2", at.group(5), "the second batch of the epoch is next\n" + resumed);
    }

    @Test
    void aResumeWithoutACheckpointSaysSoPlainlyOnStderr() throws Exception {
        Path data = TinyData.pairs(tmp.resolve("data"), 4, 40, 48, 3);
        Path recipe = TrainingRecipes.withEpochs(tmp, 1);
        Path mistyped = tmp.resolve("runs/mnie");

        CliRun run = CliRun.of("train", "--data", data.toString(), "--recipe", recipe.toString(), "--out", mistyped.toString(),
                "--resume", "--no-progress");

        assertEquals(0, run.exit(), run.toString());
        List<String> lines = run.err().lines().filter(l -> l.startsWith("warning: --resume: no checkpoint in " + mistyped)).toList();
        assertEquals(1, lines.size(), run.toString());
        assertTrue(lines.get(0).endsWith("starting a new run"), run.toString());
    }

    private static Matcher find(Pattern pattern, CliRun run) {
        Matcher m = pattern.matcher(run.err());
        assertTrue(m.find(), pattern + " in\n" + run);
        return m;
    }
}
