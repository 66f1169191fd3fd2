package cocolor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cocolor.TestData;
import cocolor.commandline.UsageError;
import cocolor.train.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cocolor train} on two folders: --split matched to --data by position, one score per folder. */
class MultiFolderTrainingTest {
    @TempDir
    Path tmp;

    private Path split(String name, String rows) throws IOException {
        return Files.writeString(tmp.resolve(name), "stem\tsource_group\tsplit\n" + rows);
    }

    @Test
    void twoFoldersTrainTogetherAndEachValidatesOnItsOwn() throws IOException {
        List<Path> dirs = TestData.twoFolders(tmp.resolve("shared"));
        Path vcipSplit = split("vcip.tsv", "country_0010\ta\ttrain\ncountry_0011\tb\ttrain\ncountry_0019\tc\tval\n");
        Path epflSplit = split("epfl.tsv", "country_0010\ta\ttrain\noldbuilding_0030\tb\ttrain\nurban_0017\tc\tval\n");
        Path run = tmp.resolve("run");

        CliRun result = CliRun.of("train", "--data", dirs.get(0).toString(), "--data", dirs.get(1).toString(),
                "--split", vcipSplit.toString(), "--split", epflSplit.toString(), "--recipe", TrainingRecipes.withEpochs(tmp, 1).toString(),
                "--out", run.toString(), "--no-progress");

        assertEquals(0, result.exit(), result.toString());
        assertTrue(result.err().contains("vcip2020/train: 2 training pairs, 1 validation pairs"), result.err());
        assertTrue(result.err().contains("epfl_extra: 2 training pairs, 1 validation pairs"), result.err());
        assertTrue(result.err().contains("recipe tiny: 4 training pairs, 2 validation pairs"), result.err());
        assertTrue(result.err().matches("(?s).*fn epoch 1: .*, val PSNR [0-9.]+ SSIM [0-9.]+ AE [0-9.]+ \\(mean of 2 folders:"
                + " vcip2020/train [0-9.]+, [01] of 1 below the gray copy; epfl_extra [0-9.]+, [01] of 1 below the gray copy\\).*"),
                result.err());
        List<String> out = result.out().lines().toList();
        assertTrue(out.stream().anyMatch(l -> l.matches("val PSNR=[0-9.]+ SSIM=[0-9.]+ AE=[0-9.]+ n=2")), result.out());
        assertTrue(out.stream().anyMatch(l -> l.matches("  epfl_extra PSNR=[0-9.]+ SSIM=[0-9.]+ AE=[0-9.]+ n=1,"
                + " below the gray copy: [01] of 1")), result.out());
        assertTrue(Files.readAllLines(run.resolve(RunFolder.LOG)).get(0).endsWith(",val_below_gray_copy[epfl_extra],val_of"));
    }

    /** 'none' gives a folder no split: all its pairs train, and only the other folder validates (classic log). */
    @Test
    void splitNoneTrainsOnAllPairsOfItsFolder() throws IOException {
        List<Path> dirs = TestData.twoFolders(tmp.resolve("shared"));
        Path vcipSplit = split("vcip.tsv", "country_0010\ta\ttrain\ncountry_0011\tb\ttrain\ncountry_0019\tc\tval\n");
        Path run = tmp.resolve("run");

        CliRun result = CliRun.of("train", "--data", dirs.get(0).toString(), "--split", vcipSplit.toString(),
                "--data", dirs.get(1).toString(), "--split", "none", "--recipe", TrainingRecipes.withEpochs(tmp, 1).toString(),
                "--out", run.toString(), "--no-progress");

        assertEquals(0, result.exit(), result.toString());
        assertTrue(result.err().contains("epfl_extra: 3 training pairs, 0 validation pairs"), result.err());
        assertEquals(cocolor.train.TrainingLog.HEADER + ",val_of", Files.readAllLines(run.resolve(RunFolder.LOG)).get(0));
    }

    @Test
    void splitsThatDoNotMatchTheFoldersAreUsageErrors() {
        List<Path> dirs = TestData.twoFolders(tmp.resolve("shared"));
        Path run = tmp.resolve("run");
        CliRun one = CliRun.of("train", "--data", dirs.get(0).toString(), "--data", dirs.get(1).toString(),
                "--split", "s.tsv", "--out", run.toString());
        assertEquals(2, one.exit(), one.toString());
        assertTrue(one.errorLines().get(0).contains("give one --split per --data, in the same order (got 2 --data and 1 --split);"
                + " '--split none' trains on all pairs of its folder"), one.toString());
        CliRun twice = CliRun.of("train", "--data", dirs.get(0).toString(), "--data", dirs.get(0) + "/../train",
                "--out", run.toString());
        assertEquals(2, twice.exit(), twice.toString());
        assertTrue(twice.errorLines().get(0).contains("is given twice"), twice.toString());
        assertFalse(Files.exists(run), "nothing was started");
    }

    @Test
    void aFolderWhoseValPairsAreOfSeveralScenesReportsEachScene() throws IOException {
        List<Path> dirs = TestData.twoFolders(tmp.resolve("shared"));
        Path epflSplit = split("epfl.tsv", "country_0010\ta\ttrain\noldbuilding_0030\tb\tval\nurban_0017\tc\tval\n");
        CliRun result = CliRun.of("train", "--data", dirs.get(1).toString(), "--split", epflSplit.toString(),
                "--recipe", TrainingRecipes.withEpochs(tmp, 1).toString(), "--out", tmp.resolve("run").toString(), "--no-progress");

        assertEquals(0, result.exit(), result.toString());
        List<String> out = result.out().lines().toList();
        for (String scene : List.of("oldbuilding", "urban")) {
            assertTrue(out.stream().anyMatch(l -> l.matches("    " + scene + " PSNR=[0-9.]+ SSIM=[0-9.]+ AE=[0-9.]+ n=1,"
                    + " below the gray copy: [01] of 1")), result.out());
        }
    }
}
