package cocolor.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import cocolor.TinyModel;
import cocolor.base.UserError;
import cocolor.engine.EngineSetup;
import cocolor.infer.Colorizer;
import cocolor.infer.ModelFile;
import cocolor.nn.Networks;
import cocolor.recipe.Recipe;
import cocolor.recipe.RecipeLoader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitialWeightsTest {
    @TempDir
    Path tmp;

    private static float maxDifference(Networks a, Networks b, String name) {
        List<NDArray> x = a.stateArrays(name);
        List<NDArray> y = b.stateArrays(name);
        float max = 0;
        for (int i = 0; i < x.size(); i++) {
            max = Math.max(max, x.get(i).sub(y.get(i)).abs().max().getFloat());
        }
        return max;
    }

    private static Recipe parse(String yaml) throws Exception {
        return RecipeLoader.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    @Test
    void aNewRunStartsFromAModelOrACheckpoint() throws Exception {
        Path trained = TinyModel.get();
        Path checkpoint = trained.resolveSibling(RunFolder.CHECKPOINT);
        try (NDManager m = EngineSetup.engine().newBaseManager()) {
            Recipe recipe = TinyModel.recipe();
            Networks fromCheckpoint = new Networks(recipe.networks(), m);
            Checkpoint.read(checkpoint).restoreNetworks(fromCheckpoint, m);
            // A model file holds the weights rounded to float16 (HalfWeights): 2^-11 relative, weights below 8.
            Networks fromModel = ModelFile.load(trained, m).networks();
            assertSameWeights(fromCheckpoint, fromModel, 4e-3f);
            for (Path source : List.of(trained, checkpoint)) {
                Networks reference = source == trained ? fromModel : fromCheckpoint;
                Networks fresh = new Networks(recipe.networks(), m);
                assertTrue(maxDifference(fresh, reference, "f_n") > 1e-3, "a fresh network differs from the trained one");
                assertEquals(List.of("f_n"), InitialWeights.apply(List.of(source), fresh, m));
                assertEquals(0f, maxDifference(fresh, reference, "f_n"), "weights from " + source);
            }
        }
    }

    @Test
    void networksTheFileLacksKeepTheirInitializationAndMismatchesAreErrors() throws Exception {
        Path trained = TinyModel.get();
        Recipe twoNets = parse("""
                name: two
                data: {crop: 32, batch: 2}
                networks:
                  f_n: {type: unet, in: 1, out: 3, widths: [4, 8], blocks: 1, context: true}
                  f_g: {type: unet, in: 1, out: 3, widths: [4, 8], blocks: 1, context: true}
                stages:
                  - {name: s, epochs: 1, train: [f_g], optimizer: {lr: 0.01},
                     losses: [{type: l1, weight: 1, pred: f_g(gray), target: rgb}]}
                export: {nir: f_n(nir)}
                """);
        try (NDManager m = EngineSetup.engine().newBaseManager()) {
            Networks nets = new Networks(twoNets.networks(), m);
            assertEquals(List.of("f_n"), InitialWeights.apply(List.of(trained), nets, m));

            Recipe wider = parse(new String(java.nio.file.Files.readAllBytes(Path.of("src/test/resources/recipes/tiny.yaml")),
                    StandardCharsets.UTF_8).replace("widths: [4, 8]", "widths: [4, 16]"));
            UserError shape = assertThrows(UserError.class,
                    () -> InitialWeights.apply(List.of(trained), new Networks(wider.networks(), m), m));
            assertTrue(shape.getMessage().contains("network 'f_n' is"), shape.getMessage());

            Recipe other = parse("""
                    name: other
                    data: {crop: 32, batch: 2}
                    networks:
                      f_g: {type: unet, in: 1, out: 3, widths: [4, 8], blocks: 1, context: true}
                    stages:
                      - {name: s, epochs: 1, train: [f_g], optimizer: {lr: 0.01},
                         losses: [{type: l1, weight: 1, pred: f_g(gray), target: rgb}]}
                    export: {nir: f_g(nir)}
                    """);
            UserError none = assertThrows(UserError.class,
                    () -> InitialWeights.apply(List.of(trained), new Networks(other.networks(), m), m));
            assertTrue(none.getMessage().contains("holds none of the recipe's networks"), none.getMessage());

            UserError bundled = assertThrows(UserError.class,
                    () -> InitialWeights.apply(List.of(Path.of(InitialWeights.BUNDLED)), new Networks(wider.networks(), m), m));
            assertTrue(bundled.getMessage().contains("network 'f_n' is UNet(") && bundled.getMessage().contains("there but UNet(in=1, out=3, widths=[4, 16]"),
                    bundled.getMessage());
        }
    }

    @Test
    void theFinetuneRecipeStartsFromTheWholeBundledModel() throws Exception {
        // README: `train --recipe finetune --init-from default`. The recipe must keep the bundled
        // model's architecture whenever that model changes, or the command fails.
        try (NDManager m = EngineSetup.engine().newBaseManager();
                InputStream in = Colorizer.class.getResourceAsStream(Colorizer.DEFAULT_MODEL_RESOURCE)) {
            Networks finetune = new Networks(RecipeLoader.builtin("finetune").networks(), m);
            assertEquals(List.of("f_n"), InitialWeights.apply(List.of(Path.of(InitialWeights.BUNDLED)), finetune, m));
            assertSameWeights(ModelFile.load(in, "bundled model", m).networks(), finetune, 0f);
        }
    }

    @Test
    void theTrainerStartsANewRunFromTheGivenModel() throws Exception {
        // One step at a negligible learning rate: the trained weights must still be the source's.
        Recipe r = TinyModel.recipe();
        var s = r.stages().get(0);
        var still = new cocolor.recipe.OptimizerSpec(1e-12, null, null, null, "constant", 0, null);
        Recipe oneStep = new Recipe(r.name(), null, r.seed(), r.data(), r.networks(),
                List.of(new cocolor.recipe.StageSpec(s.name(), 1, null, s.train(), still, s.losses(), null, null, null, null)),
                r.export(), null);
        Path run = tmp.resolve("run");
        new Trainer(oneStep, TinyModel.data(tmp.resolve("data")),
                TrainOptions.in(run).withStepLimit(1).withInitFrom(List.of(TinyModel.get()))).run();
        try (NDManager m = EngineSetup.engine().newBaseManager()) {
            Networks source = ModelFile.load(TinyModel.get(), m).networks();
            Networks continued = new Networks(r.networks(), m);
            Checkpoint.read(run.resolve(RunFolder.CHECKPOINT)).restoreNetworks(continued, m);
            assertSameWeights(source, continued, 1e-6f);
        }
    }

    /** Every trainable array of f_n differs by at most {@code tolerance} between the two. */
    private static void assertSameWeights(Networks expected, Networks actual, float tolerance) {
        List<NDArray> x = expected.trainableArrays("f_n");
        List<NDArray> y = actual.trainableArrays("f_n");
        assertEquals(x.size(), y.size());
        for (int i = 0; i < x.size(); i++) {
            float diff = x.get(i).sub(y.get(i)).abs().max().getFloat();
            assertTrue(diff <= tolerance, "parameter " + i + " differs by " + diff);
        }
    }
}
