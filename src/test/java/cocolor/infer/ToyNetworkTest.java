package cocolor.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import cocolor.TinyData;
import cocolor.engine.EngineSetup;
import cocolor.expr.Expr;
import cocolor.image.FloatImage;
import cocolor.nn.NetworkSpec;
import cocolor.nn.NetworkTypes;
import cocolor.nn.Networks;
import cocolor.nn.ToyNet;
import cocolor.recipe.Mode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network type added as docs/design.md says, one class ({@link ToyNet}) and one registration,
 * works end to end without training: built from its spec, folded, run by the predictor (whole
 * and in tiles), saved in a model file and colorizing through the library API.
 */
class ToyNetworkTest {
    private static final Expr F_N = Expr.parse("f_n(nir)");

    @BeforeAll
    static void register() {
        NetworkTypes.register("toy", ToyNet.Spec.class, ToyNet::new);
    }

    /** The toy with random weights and batch-norm statistics, so that folding has something to fold. */
    private static Networks toy(NDManager manager) {
        Networks nets = new Networks(Map.of("f_n", new ToyNet.Spec(1, 8)), manager);
        Random r = new Random(4);
        for (Pair<String, Parameter> p : nets.block("f_n").getParameters()) {
            NDArray a = p.getValue().getArray();
            float[] v = new float[(int) a.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = p.getKey().endsWith("runningVar") ? 0.5f + r.nextFloat() : (float) r.nextGaussian() * 0.5f;
            }
            a.set(v);
        }
        return nets;
    }

    @Test
    void aRegisteredNetworkIsBuiltFoldedAndPredictsWithoutTraining() {
        try (NDManager manager = EngineSetup.engine().newBaseManager()) {
            Networks nets = toy(manager);
            Networks folded = nets.folded(manager);
            assertTrue(folded.block("f_n").getParameters().isEmpty(), "batch norm folded into the convolution, nothing left that learns");
            FloatImage nir = TinyData.smooth(37, 50, new Random(1));
            FloatImage fast = new Predictor(folded, F_N, manager).predict(nir);
            FloatImage reference = new Predictor(nets, F_N, manager).predict(nir);
            FloatImage tiled = new Predictor(folded, F_N, manager, new Tiling(0, 16, 8, 0)).predict(nir);
            for (FloatImage rgb : new FloatImage[] {fast, tiled}) {
                assertEquals(3, rgb.channels());
                assertEquals(37, rgb.height());
                assertEquals(50, rgb.width());
            }
            float maxDiff = 0;
            for (int i = 0; i < fast.data().length; i++) {
                assertTrue(fast.data()[i] >= 0 && fast.data()[i] <= 1, "output in [0,1]");
                maxDiff = Math.max(maxDiff, Math.abs(fast.data()[i] - reference.data()[i]));
            }
            assertTrue(maxDiff < 1e-5, "folded vs the network in inference mode: " + maxDiff);
        }
    }

    @Test
    void aRegisteredNetworkTravelsInAModelFileAndColorizes(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("toy.cocolor");
        try (NDManager manager = EngineSetup.engine().newBaseManager()) {
            ModelFile.export(file, toy(manager), Map.of(Mode.NIR, F_N), "toy", null, Map.of(), null);
        }
        try (Colorizer colorizer = Colorizer.load(file)) {
            assertEquals(new ToyNet.Spec(1, 8), colorizer.info().networks().get("f_n"));
            FloatImage rgb = colorizer.colorize(TinyData.smooth(30, 41, new Random(2)));
            assertEquals(3, rgb.channels());
            assertEquals(30, rgb.height());
            assertEquals(41, rgb.width());
        }
        ObjectMapper json = new ObjectMapper();
        assertEquals("{\"type\":\"toy\",\"in\":1,\"width\":8}", json.writeValueAsString(json.readValue(
                "{\"type\": \"toy\", \"in\": 1, \"width\": 8}", NetworkSpec.class)));
        assertTrue(NetworkSpec.types().containsAll(java.util.List.of("unet", "patchgan", "toy")));
    }

    /** docs/design.md shows the toy network as it is here, so that the page stays true. */
    @Test
    void theDesignPageShowsThisToyNetwork() throws Exception {
        String source = Files.readString(Path.of("src/test/java/cocolor/nn/ToyNet.java"));
        Matcher inSource = Pattern.compile("// snippet:toy-network\\n(.*?)// end snippet", Pattern.DOTALL).matcher(source);
        assertTrue(inSource.find(), "ToyNet.java marks its class");
        String page = Files.readString(Path.of("docs/design.md"));
        assertTrue(page.contains("```java\n" + inSource.group(1) + "```"), "docs/design.md shows ToyNet's class as it is");
        assertTrue(page.contains("NetworkTypes.register(\"toy\", ToyNet.Spec.class, ToyNet::new);"), "and its registration");
    }
}
