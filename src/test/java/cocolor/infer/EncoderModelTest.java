package cocolor.infer;

import cocolor.ImageDifference;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import cocolor.RandomColorizer;
import cocolor.TinyData;
import cocolor.engine.EngineSetup;
import cocolor.expr.Expr;
import cocolor.image.FloatImage;
import cocolor.nn.EncoderSpec;
import cocolor.nn.Networks;
import cocolor.nn.OutputSpace;
import cocolor.nn.UNetConfig;
import cocolor.recipe.Mode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A colorizer with a pretrained encoder goes through a model file like any other. */
class EncoderModelTest {
    /** Weights of MobileNetV1 from conv1 to conv_pw_12. */
    private static final long ENCODER_WEIGHTS = 2_100_000;

    private static final UNetConfig FROZEN = new UNetConfig(1, 3, new int[] {8, 16, 32, 64}, 1, true, false, OutputSpace.AFFINE, 4, 0)
            .withEncoder(new EncoderSpec(List.of("conv_pw_5", "conv_pw_12"), EncoderSpec.Join.SKIPS, 0, 1));

    @Test
    void aModelFileNamesTheShippedCopyOfAFrozenEncoderInsteadOfCarryingItAndColorizesAsBefore(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("frozen.cocolor");
        Path carrying = dir.resolve("carrying.params");
        FloatImage nir = TinyData.smooth(70, 90, new Random(5));
        FloatImage before;
        try (NDManager manager = EngineSetup.engine().newBaseManager()) {
            Networks nets = RandomColorizer.networks(manager, 6, FROZEN, true); // the encoder holds the shipped weights
            Expr expr = Expr.parse("f_n(nir)");
            ModelFile.export(file, nets, Map.of(Mode.NIR, expr), "frozen-test", null, Map.of(), null);
            before = new Predictor(nets.folded(manager), expr, manager).predict(nir);
            try (var out = new java.io.DataOutputStream(Files.newOutputStream(carrying))) {
                cocolor.nn.HalfWeights.write(nets.block("f_n"), out, java.util.Set.of()); // as files carried it before
            }
            Networks reread = new Networks(Map.of("f_n", FROZEN), manager);
            try (var in = new java.io.DataInputStream(Files.newInputStream(carrying))) {
                reread.loadHalf("f_n", manager, in);
            }
            assertEquals(0, ImageDifference.max(before, new Predictor(reread.folded(manager), expr, manager).predict(nir)), 0.01,
                    "a file that carries the frozen encoder still reads (its weights rounded to float16 too)");
        }
        assertTrue(Files.size(file) < ENCODER_WEIGHTS / 2, "the U-Net's own weights only: " + Files.size(file) + " bytes");
        try (Colorizer colorizer = Colorizer.load(file)) {
            assertEquals(0, ImageDifference.max(before, colorizer.colorize(nir, Mode.NIR, Scale.NATIVE)), 0.01);
        }
    }


    @Test
    void aModelWithAPretrainedEncoderSavesLoadsAndColorizesAsTheNetworksItWasSavedFrom(@TempDir Path dir) throws Exception {
        UNetConfig config = new UNetConfig(1, 3, new int[] {8, 16, 32, 64}, 1, true, false, OutputSpace.AFFINE, 4, 0)
                .withEncoder(new EncoderSpec(List.of("conv_pw_5", "conv_pw_12"), EncoderSpec.Join.SKIPS, 1, 1));
        Path file = dir.resolve("encoder.cocolor");
        FloatImage nir = TinyData.smooth(70, 90, new Random(4));
        FloatImage before;
        try (NDManager manager = EngineSetup.engine().newBaseManager()) {
            Networks nets = RandomColorizer.networks(manager, 5, config);
            Expr expr = Expr.parse("f_n(nir)");
            ModelFile.export(file, nets, Map.of(Mode.NIR, expr), "encoder-test", null, Map.of(), null);
            before = new Predictor(nets.folded(manager), expr, manager).predict(nir);
        }
        // Weights unlike the shipped encoder's (random here) travel in the file (half precision: about 2 bytes a weight).
        assertTrue(Files.size(file) > ENCODER_WEIGHTS * 2 * 0.9, "file of " + Files.size(file) + " bytes");
        try (Colorizer colorizer = Colorizer.load(file)) {
            assertTrue(colorizer.info().networks().get("f_n").toString().contains("encoder("), colorizer.info().networks().toString());
            FloatImage after = colorizer.colorize(nir, Mode.NIR, Scale.NATIVE);
            assertEquals(before.width(), after.width());
            float max = 0;
            for (int i = 0; i < before.data().length; i++) {
                max = Math.max(max, Math.abs(before.data()[i] - after.data()[i]));
            }
            assertTrue(max < 0.01, "saved in half precision, colorizes as before: max difference " + max);
        }
    }
}
