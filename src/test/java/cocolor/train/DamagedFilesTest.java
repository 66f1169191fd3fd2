package cocolor.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import cocolor.TinyModel;
import cocolor.base.UserError;
import cocolor.engine.EngineSetup;
import cocolor.infer.ModelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints and model files cut short or with flipped bytes: every damage that changes what
 * would be loaded is a {@link UserError} naming the file, never an engine failure or wrong weights.
 */
class DamagedFilesTest {
    private static byte[] checkpoint;
    private static byte[] model;

    @TempDir
    Path tmp;

    @BeforeAll
    static void makeFiles(@TempDir Path dir) throws IOException {
        TrainData data = TinyModel.data(dir.resolve("data"));
        Path run = dir.resolve("run");
        new Trainer(TinyModel.recipe(), data, TrainOptions.in(run).withStepLimit(1)).run();
        checkpoint = Files.readAllBytes(run.resolve(RunFolder.CHECKPOINT));
        model = Files.readAllBytes(TinyModel.get());
    }

    @Test
    void aTruncatedCheckpointIsRefusedWhereverItIsCut() throws IOException {
        for (int length : cuts(checkpoint.length)) {
            Path file = Files.write(tmp.resolve("cut-" + length + ".ckpt"), Arrays.copyOf(checkpoint, length));
            UserError e = assertThrows(UserError.class, () -> Checkpoint.read(file), "cut at " + length);
            assertNamesFile(e, file, "truncated or damaged");
        }
    }

    @Test
    void aTruncatedModelIsRefusedWhereverItIsCut() throws IOException {
        for (int length : cuts(model.length)) {
            Path file = Files.write(tmp.resolve("cut-" + length + ".cocolor"), Arrays.copyOf(model, length));
            UserError e = assertThrows(UserError.class, () -> loadModel(file), "cut at " + length);
            assertNamesFile(e, file, "truncated or damaged");
        }
    }

    @Test
    void aFlippedByteInACheckpointIsRefusedOrHarmless() throws IOException {
        Checkpoint.Contents intact = Checkpoint.read(Files.write(tmp.resolve("intact.ckpt"), checkpoint));
        int refused = flipEverywhere(checkpoint, "ckpt", file -> {
            Checkpoint.Contents read = Checkpoint.read(file);
            // Accepted only if the flip hit metadata that does not matter: same content.
            assertEquals(intact.recipeJson(), read.recipeJson(), file.toString());
            assertEquals(intact.nets().keySet(), read.nets().keySet());
            intact.nets().forEach((k, v) -> assertArrayEquals(v, read.nets().get(k)));
            intact.optimizers().forEach((k, v) -> assertArrayEquals(v, read.optimizers().get(k)));
        });
        assertTrue(refused > 0);
    }

    @Test
    void aFlippedByteInAModelIsRefusedOrHarmless() throws IOException {
        int refused = flipEverywhere(model, "cocolor", DamagedFilesTest::loadModel);
        assertTrue(refused > 0);
    }

    @Test
    void filesOfTheWrongKindAreNamedAsSuch() throws IOException {
        Path modelAsCheckpoint = Files.write(tmp.resolve("checkpoint.ckpt"), model);
        assertNamesFile(assertThrows(UserError.class, () -> Checkpoint.read(modelAsCheckpoint)), modelAsCheckpoint,
                "is not a cocolor training checkpoint");
        Path checkpointAsModel = Files.write(tmp.resolve("model.cocolor"), checkpoint);
        assertNamesFile(assertThrows(UserError.class, () -> loadModel(checkpointAsModel)), checkpointAsModel,
                "is a training checkpoint, not a model");
    }

    /**
     * Flips one byte at ~60 offsets spread over the file; each damaged file must either be refused
     * with a UserError naming it, or pass {@code accepted}. Returns how many were refused.
     */
    private int flipEverywhere(byte[] original, String extension, Consumer<Path> accepted) throws IOException {
        int refused = 0;
        int stride = Math.max(1, original.length / 60);
        for (int offset = 0; offset < original.length; offset += stride) {
            byte[] damaged = original.clone();
            damaged[offset] ^= (byte) 0xA5;
            Path file = Files.write(tmp.resolve("flip-" + offset + "." + extension), damaged);
            try {
                accepted.accept(file);
            } catch (UserError e) {
                assertNamesFile(e, file, "");
                refused++;
            }
        }
        return refused;
    }

    private static int[] cuts(int length) {
        return new int[] {0, 1, 10, 100, length / 4, length / 2, 3 * length / 4, length - 100, length - 22, length - 1};
    }

    private static void loadModel(Path file) {
        try (NDManager manager = EngineSetup.engine().newBaseManager()) {
            ModelFile.load(file, manager);
        }
    }

    private static void assertNamesFile(UserError e, Path file, String problem) {
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains(problem), e.getMessage());
        assertTrue(e.getMessage().lines().count() == 1, e.getMessage());
    }
}
