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
    void rejectsUnknownNetworks() {
        Path ckpt = TinyModel.get().resolveSibling(Trainer.CHECKPOINT);
        assertEquals(1, run("export", "--checkpoint", ckpt.toString(), "--nir", "f_x(nir)", "-o", tmp.resolve("x").toString()));
        assertTrue(err.toString().contains("'f_x' is not a network"), err.toString());
    }
}
