package cocolor.infer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import cocolor.engine.EngineSetup;
import cocolor.eval.BorderScore;
import cocolor.eval.BorderScore.Edge;
import cocolor.image.FloatImage;
import cocolor.image.Images;
import cocolor.image.Resample;
import cocolor.nn.Networks;
import cocolor.recipe.Mode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bundled model's colours along the four image edges, on the bundled sample photos: real
 * scenes and trained weights, since random weights have no learned notion of an image edge (which
 * is why the gray mode's rainbow bands at the left edge went unseen). Each colorization is compared
 * with the same image colorized inside a wide mirrored surround ({@link BorderScore}): what differs
 * in a 16-pixel band along an edge is the network's response to that edge.
 *
 * <p>Measured on the nine samples (worst band, mean chroma difference), with the model without
 * the encoder: gray mode 0.244 before the mirrored margin in front of the image (left edge of
 * country_0024, where the interior differs by 0.023), 0.023 with it; NIR mode 0.043 and 0.034.
 * With the encoder model: NIR 0.107 at the bottom edge of country_0024 before the margin after the
 * image (the encoder's TensorFlow padding), 0.025 with it; in tiles at twice the size 0.058 and
 * 0.019; gray mode (the same F_G) 0.023, in tiles 0.012.
 */
class BorderBandsTest {
    private static final Path SAMPLES = Path.of("src/main/resources/samples");
    private static final int BAND = 16;
    private static final int CUT = 32;
    /**
     * The top edge is left out: cut a strip off the top and the network paints the new top rows
     * more like a sky (0.05 to 0.17 whatever the margin), a prior about scenes, not a defect of
     * position; the tile seams' top-edge band in {@link Tiling#DEFAULT} is the same effect.
     */
    private static final Edge[] EDGES = {Edge.LEFT, Edge.RIGHT, Edge.BOTTOM};
    /** Above every band with the margins (0.037 at most), well below the bands' 0.107 and 0.244. */
    private static final double MAX_BAND = 0.05;
    private static NDManager manager;
    private static ModelFile.Loaded model;
    private static Networks folded;

    @BeforeAll
    static void load() throws Exception {
        manager = EngineSetup.engine().newBaseManager();
        model = ModelFile.loadBundled(manager).orElseThrow();
        folded = model.networks().folded(manager);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void grayModePaintsNoBandsAlongAnyEdgeOfRealPhotos() throws Exception {
        assertNoBands(Mode.GRAY, "rgb", Tiling.DEFAULT, 1);
    }

    @Test
    void nirModePaintsNoBandsAlongAnyEdgeOfRealScenes() throws Exception {
        assertNoBands(Mode.NIR, "nir", Tiling.DEFAULT, 1);
    }

    @Test
    void tilesAlongTheEdgesOfALargeImagePaintNoBands() throws Exception {
        // Three samples at twice their size, cut into tiles of 256 (default tiles would leave these whole).
        Tiling tiles = new Tiling(0, 256, 128, 32);
        assertNoBands(Mode.GRAY, "rgb", tiles, 2);
        assertNoBands(Mode.NIR, "nir", tiles, 2);
    }

    private static void assertNoBands(Mode mode, String folder, Tiling tiling, int enlarge) throws Exception {
        Predictor predictor = new Predictor(folded, model.info().modes().get(mode), manager, tiling);
        List<String> failures = new ArrayList<>();
        double worst = 0;
        try (Stream<Path> files = Files.list(SAMPLES.resolve(folder))) {
            for (Path file : files.sorted().limit(enlarge > 1 ? 3 : Long.MAX_VALUE).toList()) {
                FloatImage input = Images.readGray(file);
                if (enlarge > 1) {
                    input = Resample.bicubic(input, input.height() * enlarge, input.width() * enlarge);
                }
                FloatImage whole = predictor.predict(input);
                for (Edge edge : EDGES) {
                    int cut = CUT * enlarge;
                    FloatImage cutFirst = predictor.predict(BorderScore.crop(input, edge, cut));
                    FloatImage cutAfter = BorderScore.crop(whole, edge, cut);
                    double band = BorderScore.band(cutFirst, cutAfter, edge, BAND * enlarge);
                    worst = Math.max(worst, band);
                    if (band > MAX_BAND) {
                        failures.add(String.format("%s %s edge: %.3f (interior %.3f)", file.getFileName(),
                                edge.name().toLowerCase(java.util.Locale.ROOT), band, BorderScore.interior(cutFirst, cutAfter, BAND * enlarge)));
                    }
                }
            }
        }
        System.out.printf("border bands, %s mode, x%d: worst band %.3f%n", mode, enlarge, worst);
        assertTrue(failures.isEmpty(), "colours that follow an image edge: " + failures);
    }
}
