package cocolor.infer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import cocolor.TestData;
import cocolor.engine.EngineSetup;
import cocolor.eval.SeamScore;
import cocolor.expr.Expr;
import cocolor.image.FloatImage;
import cocolor.image.Images;
import cocolor.image.Resample;
import cocolor.nn.Networks;
import cocolor.recipe.Mode;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * Seams of tiled colorization with the bundled model's trained weights: random weights have no
 * learned notion of "the top of an image", which is what made each tile's top edge a bright band.
 */
class SeamTest {
    @Test
    void tilesOfALargePhotoLeaveNoSeamWhereTheOldTilesLeftBands() throws Exception {
        // A real scene enlarged 4x and cut to 1024x768: two rows of default tiles, 2x3 of the old ones.
        FloatImage small = Images.readGray(TestData.fixtureNir("country_0010"));
        FloatImage nir = Resample.bicubic(small, 1024, 1024).crop(0, 128, 1024, 768);
        try (NDManager manager = EngineSetup.engine().newBaseManager();
                InputStream in = Colorizer.class.getResourceAsStream(Colorizer.DEFAULT_MODEL_RESOURCE)) {
            ModelFile.Loaded model = ModelFile.load(in, "bundled model", manager);
            Networks folded = model.networks().folded(manager);
            Expr expr = model.info().modes().get(Mode.NIR);
            Tiling d = Tiling.DEFAULT;
            FloatImage whole = new Predictor(folded, expr, manager, new Tiling(Long.MAX_VALUE, d.tile(), d.overlap(), d.border())).predict(nir);
            SeamScore now = SeamScore.of(new Predictor(folded, expr, manager, new Tiling(0, d.tile(), d.overlap(), d.border())).predict(nir), whole);
            SeamScore before = SeamScore.of(new Predictor(folded, expr, manager, new Tiling(0, 512, 64, 0)).predict(nir), whole);
            System.out.printf("seams (row jump, column jump, relative to the image's own variation): now %.4f %.4f %.3f, before %.4f %.4f %.3f%n",
                    now.rowJump(), now.columnJump(), now.relative(), before.rowJump(), before.columnJump(), before.relative());
            assertTrue(before.relative() > 0.3, "the old tiles show bands on this image: " + before);
            // Measured: the session-9 model 0.0025 (relative 0.014), the all-pairs model 0.0059
            // (1.5 gray levels, relative 0.038: each tile's global context differs a little more);
            // the old tiles 0.03-0.12 (relative 0.59-0.63).
            assertTrue(now.relative() < 0.05 && Math.max(now.rowJump(), now.columnJump()) < 2 / 255.0,
                    "seams of the default tiling: " + now);
        }
    }
}
