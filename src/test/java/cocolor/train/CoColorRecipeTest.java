package cocolor.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cocolor.TinyData;
import cocolor.TinyModel;
import cocolor.data.Sample;
import cocolor.image.FloatImage;
import cocolor.infer.Colorizer;
import cocolor.recipe.Mode;
import cocolor.recipe.Recipe;
import cocolor.recipe.RecipeLoader;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The full CoColor structure (4 stages, 5 networks, GAN, feature loss, photos) at toy size. */
class CoColorRecipeTest {
    @TempDir
    Path tmp;

    private static Recipe recipe() throws Exception {
        try (InputStream in = CoColorRecipeTest.class.getResourceAsStream("/recipes/tiny-cocolor.yaml")) {
            return RecipeLoader.parse(in, "tiny-cocolor.yaml");
        }
    }

    private TrainData data() {
        TrainData paired = TinyModel.data(tmp.resolve("data"));
        List<Sample> photos = new ArrayList<>();
        Random r = new Random(8);
        for (int i = 0; i < 5; i++) {
            photos.add(new Sample("photo" + i, null, TinyData.colorOf(TinyData.smooth(40, 44, r))));
        }
        return new TrainData(paired.train(), paired.validation(), photos);
    }

    @Test
    void runsEveryStageAndExportsBothModes() throws Exception {
        Trainer.Result r = new Trainer(recipe(), data(), TrainOptions.in(tmp.resolve("run"))).run();
        assertTrue(r.finished());
        List<String> log = Files.readAllLines(tmp.resolve("run").resolve(RunFolder.LOG));
        assertEquals(List.of("prior_fg", "prior_fn", "translate", "cooperate", "cooperate"),
                log.subList(1, log.size()).stream().map(l -> l.split(",")[0]).toList());
        assertTrue(log.get(4).contains("gan[f_n(nir) by d_rgb]="), log.get(4));
        assertTrue(log.get(4).contains("feature[f_n(nir)~detach(f_g(gray))]="), log.get(4));
        // 'every: 2' on the photo and GAN terms: the discriminator and G2N (reached only through the
        // photo term) learn on every other step of the 4 cooperative steps, F_N on all of them.
        var steps = Checkpoint.read(tmp.resolve("run").resolve(RunFolder.CHECKPOINT)).state().optimizerSteps;
        assertEquals(4L, steps.get("f_n"));
        assertEquals(2L, steps.get("d_rgb"));
        assertEquals(2L, steps.get("g2n"));
        assertEquals(4L, steps.get("n2g"), "reached by f_g(n2g(nir)) on every step");
        // Every stage but the last leaves its weights for reuse, e.g. the task priors for --init-from.
        List<String> stageNames = List.of("prior_fg", "prior_fn", "translate");
        for (int i = 0; i < stageNames.size(); i++) {
            Path stageFile = RunFolder.stageSnapshot(tmp.resolve("run"), i + 1, stageNames.get(i));
            assertEquals(i + 1, Checkpoint.read(stageFile).state().stage, stageFile + " is the state after that stage");
            try (var m = cocolor.engine.EngineSetup.engine().newBaseManager()) {
                var nets = new cocolor.nn.Networks(recipe().networks(), m);
                assertEquals(List.of("f_n", "f_g", "n2g", "g2n", "d_rgb"), InitialWeights.apply(List.of(stageFile), nets, m));
            }
        }
        assertFalse(Files.exists(RunFolder.stageSnapshot(tmp.resolve("run"), 4, "cooperate")), "the last stage's result is the model");
        try (Colorizer c = Colorizer.load(r.model())) {
            assertEquals(2, c.modes().size());
            assertEquals(List.of("f_n", "f_g"), new ArrayList<>(c.info().networks().keySet()),
                    "only the networks the modes use are exported");
            FloatImage gray = TinyData.smooth(24, 24, new Random(1));
            assertNotEquals(c.colorize(gray, Mode.NIR).get(0, 3, 3), c.colorize(gray, Mode.GRAY).get(0, 3, 3));
        }
    }

    @Test
    void resumesInsideAndBetweenStagesToTheSameResult() throws Exception {
        Recipe recipe = recipe();
        TrainData data = data();
        Path straight = tmp.resolve("straight");
        new Trainer(recipe, data, TrainOptions.in(straight)).run();
        Path pieces = tmp.resolve("pieces");
        int sessions = 0;
        Trainer.Result r;
        do {
            // 2 steps per session: cuts inside stages, at their ends, and inside the GAN stage
            r = new Trainer(recipe, data, TrainOptions.in(pieces).withResume(sessions > 0).withStepLimit(2)).run();
            sessions++;
        } while (!r.finished());
        assertTrue(sessions > 4, "the run was cut " + sessions + " times");
        assertFalse(Checkpoint.read(pieces.resolve(RunFolder.CHECKPOINT)).state().step
                != Checkpoint.read(straight.resolve(RunFolder.CHECKPOINT)).state().step);
        FloatImage nir = TinyData.smooth(24, 24, new Random(3));
        try (Colorizer a = Colorizer.load(straight.resolve(RunFolder.FINAL_MODEL));
                Colorizer b = Colorizer.load(pieces.resolve(RunFolder.FINAL_MODEL))) {
            float[] x = a.colorize(nir).data();
            float[] y = b.colorize(nir).data();
            for (int i = 0; i < x.length; i++) {
                assertEquals(x[i], y[i], 1e-4, "pixel " + i);
            }
        }
    }
}
