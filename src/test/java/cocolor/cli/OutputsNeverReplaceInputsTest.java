package cocolor.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cocolor.TinyData;
import cocolor.TinyModel;
import cocolor.image.Images;
import cocolor.train.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command whose output would be one of its inputs is refused before any work, with exit code 2
 * and one line saying what to do; the input keeps its bytes.
 */
class OutputsNeverReplaceInputsTest {
    @TempDir
    Path tmp;

    @Test
    void colorizingAFolderIntoItselfIsRefusedAndTheInputsKeepTheirBytes() throws IOException {
        Path in = tmp.resolve("in");
        Images.writePng(TinyData.smooth(20, 24, new Random(1)), in.resolve("a_nir.png"));
        Images.writePng(TinyData.smooth(20, 24, new Random(2)), in.resolve("b_nir.png"));
        List<byte[]> before = contents(in);

        CliRun run = CliRun.of("colorize", "--model", TinyModel.get().toString(), in.toString(), "--output", in.toString(),
                "--no-progress");

        assertEquals(2, run.exit(), run.toString());
        assertEquals(1, run.errorLines().size(), run.toString());
        assertTrue(run.errorLines().get(0).contains("is the input") && run.errorLines().get(0).contains("--output folder"),
                run.toString());
        assertSameContents(before, contents(in));
    }

    @Test
    void colorizingIntoAFolderThatHoldsOneInputIsRefusedToo() throws IOException {
        Path in = tmp.resolve("in");
        Path out = tmp.resolve("out");
        Images.writePng(TinyData.smooth(20, 24, new Random(1)), in.resolve("a.png"));
        Images.writePng(TinyData.smooth(20, 24, new Random(2)), out.resolve("b.png"));
        List<byte[]> before = contents(out);

        // out/b.png is an input named by a path with a detour, and its own output.
        CliRun run = CliRun.of("colorize", "--model", TinyModel.get().toString(), in.toString(),
                in.resolve("../out/b.png").toString(), "--output", out.toString(), "--no-progress");

        assertEquals(2, run.exit(), run.toString());
        assertSameContents(before, contents(out));
    }

    @Test
    void exportingOntoItsOwnModelFileIsRefused() throws IOException {
        Path model = Files.copy(TinyModel.get(), tmp.resolve("model.cocolor"));
        Path log = TinyModel.get().resolveSibling(RunFolder.LOG);
        byte[] before = Files.readAllBytes(model);

        CliRun run = CliRun.of("export", "--model", model.toString(), "--reference-log", log.toString(), "-o", model.toString());

        assertEquals(2, run.exit(), run.toString());
        assertTrue(run.errorLines().get(0).contains("is the input"), run.toString());
        assertArrayEquals(before, Files.readAllBytes(model));
    }

    @Test
    void evaluationScoresWrittenOverAPredictionAreRefused() throws IOException {
        Path pred = tmp.resolve("pred");
        Path gt = tmp.resolve("gt");
        Images.writePng(TinyData.colorOf(TinyData.smooth(20, 24, new Random(1))), pred.resolve("a.png"));
        Images.writePng(TinyData.colorOf(TinyData.smooth(20, 24, new Random(2))), gt.resolve("a.png"));
        byte[] before = Files.readAllBytes(pred.resolve("a.png"));

        CliRun run = CliRun.of("evaluate", "--pred", pred.toString(), "--gt", gt.toString(), "--json", pred.resolve("a.png").toString());

        assertEquals(2, run.exit(), run.toString());
        assertArrayEquals(before, Files.readAllBytes(pred.resolve("a.png")));
    }

    @Test
    void trainingIntoTheFolderOfItsInitialWeightsIsRefusedBeforeLoadingPairs() throws IOException {
        Path runDir = Files.createDirectories(tmp.resolve("run"));
        Path model = Files.copy(TinyModel.get(), runDir.resolve(RunFolder.FINAL_MODEL));
        byte[] before = Files.readAllBytes(model);
        Path data = TinyData.pairs(tmp.resolve("data"), 4, 40, 48, 3);

        CliRun run = CliRun.of("train", "--data", data.toString(), "--out", runDir.toString(), "--init-from", model.toString(),
                "--recipe", TrainingRecipes.tiny(tmp).toString(), "--epochs", "1", "--no-progress");

        assertEquals(2, run.exit(), run.toString());
        assertTrue(run.errorLines().get(0).contains("choose another --out"), run.toString());
        assertTrue(run.err().lines().noneMatch(l -> l.contains("training pairs")), "no pair was loaded\n" + run);
        assertArrayEquals(before, Files.readAllBytes(model));
    }

    @Test
    void aNewRunIntoAFolderHoldingARunIsRefusedBeforeAnyPairIsLoaded() throws IOException {
        Path runDir = Files.createDirectories(tmp.resolve("run"));
        Path checkpoint = Files.copy(TinyModel.get().resolveSibling(RunFolder.CHECKPOINT), runDir.resolve(RunFolder.CHECKPOINT));
        byte[] before = Files.readAllBytes(checkpoint);
        Path data = TinyData.pairs(tmp.resolve("data"), 4, 40, 48, 3);
        Files.writeString(data.resolve("nir/broken_nir.png"), "not an image"); // loading it would warn

        CliRun run = CliRun.of("train", "--data", data.toString(), "--out", runDir.toString(),
                "--recipe", TrainingRecipes.tiny(tmp).toString(), "--no-progress");

        assertEquals(1, run.exit(), run.toString());
        assertEquals(List.of("error: " + runDir + " already holds a training run; pass --resume to continue it, or choose another --out"),
                run.err().lines().toList(), "the refusal, and nothing loaded before it\n" + run);
        assertArrayEquals(before, Files.readAllBytes(checkpoint));
    }

    /** The files of {@code dir}, in name order. */
    private static List<byte[]> contents(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().map(f -> {
                try {
                    return Files.readAllBytes(f);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }

    private static void assertSameContents(List<byte[]> expected, List<byte[]> actual) {
        assertEquals(expected.size(), actual.size(), "no file added or removed");
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "file " + i + " kept its bytes");
        }
    }
}
