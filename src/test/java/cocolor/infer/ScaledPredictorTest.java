package cocolor.infer;

import cocolor.ImageDifference;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import cocolor.TinyData;
import cocolor.TinyModel;
import cocolor.engine.EngineSetup;
import cocolor.expr.Expr;
import cocolor.image.FloatImage;
import cocolor.image.Resample;
import cocolor.recipe.Mode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The route by scale, with a tiny trained model whose training images were 40×48 (working scale 40). */
class ScaledPredictorTest {
    @Test
    void anInputWellAboveTheModelsScaleIsColorizedReducedAndCarriedBackWithItselfAsGuide() {
        try (Colorizer c = Colorizer.load(TinyModel.get())) {
            assertEquals(40, c.workingScale().imageSize());
            FloatImage nir = TinyData.smooth(160, 200, new Random(3));
            FloatImage auto = c.colorize(nir, Mode.NIR, Scale.AUTO);
            FloatImage reduced = Resample.area(nir, 40, 50);
            FloatImage expected = ScaledPredictor.UPSAMPLING.upsample(nir, reduced, c.colorize(reduced, Mode.NIR, Scale.NATIVE));
            assertEquals(160, auto.height());
            assertEquals(200, auto.width());
            assertArrayEquals(expected.data(), auto.data(), 1e-6f);
            FloatImage atNative = c.colorize(nir, Mode.NIR, Scale.NATIVE);
            assertTrue(ImageDifference.max(atNative, auto) > 0.01, "native scale colorizes the full-resolution input itself");
        }
    }

    @Test
    void inputsUpToOneAndAHalfTimesTheModelsScaleAreColorizedAsTheyAre() {
        try (Colorizer c = Colorizer.load(TinyModel.get())) {
            FloatImage nir = TinyData.smooth(60, 90, new Random(4));
            assertArrayEquals(c.colorize(nir, Mode.NIR, Scale.NATIVE).data(), c.colorize(nir).data());
        }
    }

    @Test
    void aBatchFollowsTheSameRouteAsSingleImages() {
        try (Colorizer c = Colorizer.load(TinyModel.get())) {
            List<FloatImage> inputs = List.of(TinyData.smooth(120, 96, new Random(5)), TinyData.smooth(120, 96, new Random(6)));
            List<FloatImage> batch = c.colorizeBatch(inputs, Mode.NIR, Scale.AUTO);
            for (int i = 0; i < inputs.size(); i++) {
                assertArrayEquals(c.colorize(inputs.get(i)).data(), batch.get(i).data(), 1e-4f);
            }
        }
    }

    @Test
    void grayModeKeepsTheInputAsTheOutputsLuminanceAtBothScales(@TempDir Path dir) throws Exception {
        // The tiny network has an RGB head, so without the luminance put back neither route keeps it.
        Path model = dir.resolve("gray.cocolor");
        try (NDManager manager = EngineSetup.engine().newBaseManager()) {
            ModelFile.Loaded tiny = ModelFile.load(TinyModel.get(), manager);
            ModelFile.export(model, tiny.networks(), Map.of(Mode.NIR, Expr.parse("f_n(nir)"), Mode.GRAY, Expr.parse("f_n(gray)")),
                    "gray", null, Map.of(), null);
        }
        try (Colorizer c = Colorizer.load(model)) {
            FloatImage gray = TinyData.smooth(160, 200, new Random(7));
            for (Scale scale : Scale.values()) {
                FloatImage rgb = c.colorize(gray, Mode.GRAY, scale);
                assertTrue(ImageDifference.max(rgb.toGray(), gray) < 1e-5, scale + ": luminance off by " + ImageDifference.max(rgb.toGray(), gray));
                assertTrue(ImageDifference.max(c.colorize(gray, Mode.NIR, scale).toGray(), gray) > 0.01,
                        scale + ": the nir mode's output has a luminance of its own");
            }
        }
    }

}
