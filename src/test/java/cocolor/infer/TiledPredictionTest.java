package cocolor.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import cocolor.RandomColorizer;
import cocolor.TinyData;
import cocolor.engine.EngineSetup;
import cocolor.eval.Metrics;
import cocolor.expr.Expr;
import cocolor.image.FloatImage;
import cocolor.nn.Networks;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tiling on the production architecture (random weights): same result as one pass, any size. */
class TiledPredictionTest {
    private static NDManager manager;
    private static Networks folded;

    @BeforeAll
    static void load() {
        manager = EngineSetup.engine().newBaseManager();
        folded = RandomColorizer.networks(manager, 11).folded(manager);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static Predictor predictor(long maxUntiledPixels, int tile, int overlap) {
        return new Predictor(folded, Expr.parse("f_n(nir)"), manager, new Tiling(maxUntiledPixels, tile, overlap, 0));
    }

    @Test
    void tiledMatchesUntiled() {
        FloatImage nir = TinyData.smooth(300, 470, new Random(5));
        FloatImage whole = predictor(Long.MAX_VALUE, 64, 0).predict(nir);
        FloatImage tiled = predictor(0, 192, 64).predict(nir); // 3 x 4 tiles
        double psnr = Metrics.psnr(tiled, whole);
        System.out.printf("tiled vs untiled PSNR %.2f dB%n", psnr);
        assertTrue(psnr >= 40, "tiled vs untiled PSNR " + psnr);
    }

    @Test
    void anySizeComesBackAtItsOwnSize() {
        Predictor tiny = predictor(0, 64, 32); // tiles even for small images
        for (int[] size : new int[][] {{1, 1}, {16, 16}, {17, 33}, {63, 129}, {2, 300}}) {
            FloatImage nir = TinyData.smooth(size[0], size[1], new Random(size[0]));
            for (FloatImage rgb : new FloatImage[] {tiny.predict(nir), predictor(Long.MAX_VALUE, 64, 32).predict(nir)}) {
                assertEquals(3, rgb.channels());
                assertEquals(size[0], rgb.height());
                assertEquals(size[1], rgb.width());
                for (float v : rgb.data()) {
                    assertTrue(v >= 0 && v <= 1, "output in [0,1]");
                }
            }
        }
    }

    @Test
    void aLargeImageIsTiledByDefault() {
        FloatImage nir = TinyData.smooth(1100, 1500, new Random(3)); // above 1 MP: 2x2 tiles
        FloatImage rgb = new Predictor(folded, Expr.parse("f_n(nir)"), manager).predict(nir);
        assertEquals(1100, rgb.height());
        assertEquals(1500, rgb.width());
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : rgb.data()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertTrue(min >= 0 && max <= 1 && max > min, "plausible output range " + min + ".." + max);
    }
}
