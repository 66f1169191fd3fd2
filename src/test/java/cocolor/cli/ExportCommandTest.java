package cocolor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cocolor.TinyData;
import cocolor.TinyModel;
import cocolor.image.FloatImage;
import cocolor.infer.Colorizer;
import cocolor.train.Trainer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportCommandTest {
    @TempDir
    Path tmp;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        var cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        return cl.execute(args);
    }

    @Test
    void reexportsACheckpointWithAnotherModeExpression() {
        Path ckpt = TinyModel.get().resolveSibling(Trainer.CHECKPOINT);
        Path out = tmp.resolve("fused.cocolor");
        assertEquals(0, run("export", "--checkpoint", ckpt.toString(), "--nir", "mean(f_n(nir), f_n(nir))", "-o", out.toString()), err.toString());
        FloatImage nir = TinyData.smooth(20, 30, new Random(1));
        try (Colorizer fused = Colorizer.load(out); Colorizer plain = Colorizer.load(TinyModel.get())) {
            assertEquals("mean(f_n(nir), f_n(nir))", fused.info().modes().get("nir"));
            float[] a = fused.colorize(nir).data();
            float[] b = plain.colorize(nir).data();
            for (int i = 0; i < a.length; i++) {
                assertEquals(b[i], a[i], 1e-5, "the mean of a branch with itself is that branch");
            }
        }
    }

    @Test
    void flipTestTimeAugmentationKeepsSizeAndStaysClose() {
        Path ckpt = TinyModel.get().resolveSibling(Trainer.CHECKPOINT);
        Path out = tmp.resolve("tta.cocolor");
        assertEquals(0, run("export", "--checkpoint", ckpt.toString(), "--nir", "mean(f_n(nir), hflip(f_n(hflip(nir))))", "-o", out.toString()), err.toString());
        // width a multiple of the stride: padding (added on the right) would break the mirror symmetry
        FloatImage nir = TinyData.smooth(21, 32, new Random(2));
        try (Colorizer tta = Colorizer.load(out)) {
            FloatImage rgb = tta.colorize(nir);
            assertEquals(21, rgb.height());
            assertEquals(32, rgb.width());
            // a mirrored input gives the mirrored output: the averaged model is flip-equivariant
            FloatImage mirrored = new FloatImage(1, 21, 32);
            for (int y = 0; y < 21; y++) {
                for (int x = 0; x < 32; x++) {
                    mirrored.set(0, y, x, nir.get(0, y, 31 - x));
                }
            }
            FloatImage rgbOfMirror = tta.colorize(mirrored);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 21; y++) {
                    for (int x = 0; x < 32; x++) {
                        assertEquals(rgb.get(c, y, x), rgbOfMirror.get(c, y, 31 - x), 1e-4);
                    }
                }
            }
        }
    }

    @Test
    void rejectsUnknownNetworks() {
        Path ckpt = TinyModel.get().resolveSibling(Trainer.CHECKPOINT);
        assertEquals(1, run("export", "--checkpoint", ckpt.toString(), "--nir", "f_x(nir)", "-o", tmp.resolve("x").toString()));
        assertTrue(err.toString().contains("'f_x' is not a network"), err.toString());
    }
}
