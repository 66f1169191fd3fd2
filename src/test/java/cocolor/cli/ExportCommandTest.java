package cocolor.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cocolor.TinyData;
import cocolor.TinyModel;
import cocolor.image.FloatImage;
import cocolor.infer.Colorizer;
import cocolor.recipe.Mode;
import cocolor.train.RunFolder;
import cocolor.train.TrainingLog;
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
        Path ckpt = TinyModel.get().resolveSibling(RunFolder.CHECKPOINT);
        Path out = tmp.resolve("fused.cocolor");
        assertEquals(0, run("export", "--checkpoint", ckpt.toString(), "--nir", "mean(f_n(nir), f_n(nir))", "-o", out.toString()), err.toString());
        FloatImage nir = TinyData.smooth(20, 30, new Random(1));
        try (Colorizer fused = Colorizer.load(out); Colorizer plain = Colorizer.load(TinyModel.get())) {
            assertEquals("mean(f_n(nir), f_n(nir))", fused.info().modes().get(Mode.NIR).toString());
            assertEquals(40, fused.info().imageSize(), "the training images' size travels with the checkpoint");
            float[] a = fused.colorize(nir).data();
            float[] b = plain.colorize(nir).data();
            for (int i = 0; i < a.length; i++) {
                assertEquals(b[i], a[i], 1e-5, "the mean of a branch with itself is that branch");
            }
        }
    }

    @Test
    void flipTestTimeAugmentationKeepsSizeAndStaysClose() {
        Path ckpt = TinyModel.get().resolveSibling(RunFolder.CHECKPOINT);
        Path out = tmp.resolve("tta.cocolor");
        assertEquals(0, run("export", "--checkpoint", ckpt.toString(), "--nir", "mean(f_n(nir), hflip(f_n(hflip(nir))))", "-o", out.toString()), err.toString());
        FloatImage nir = TinyData.smooth(21, 32, new Random(2));
        try (Colorizer tta = Colorizer.load(out); Colorizer plain = Colorizer.load(TinyModel.get())) {
            FloatImage rgb = tta.colorize(nir);
            assertEquals(21, rgb.height());
            assertEquals(32, rgb.width());
            // A mirrored input gives nearly the mirrored output: the averaged model is flip-equivariant
            // but for the mirrored margin the predictor puts in front of the image (left only).
            double averaged = mirrorDifference(tta, nir);
            double single = mirrorDifference(plain, nir);
            assertTrue(averaged < single / 3, "mirror difference of the averaged model " + averaged + ", of the plain one " + single);
        }
    }

    /** Mean absolute difference between the colorization of {@code nir} and the mirrored colorization of its mirror image. */
    private static double mirrorDifference(Colorizer c, FloatImage nir) {
        int h = nir.height();
        int w = nir.width();
        FloatImage mirrored = new FloatImage(1, h, w);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                mirrored.set(0, y, x, nir.get(0, y, w - 1 - x));
            }
        }
        FloatImage rgb = c.colorize(nir);
        FloatImage rgbOfMirror = c.colorize(mirrored);
        double sum = 0;
        for (int ch = 0; ch < 3; ch++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    sum += Math.abs(rgb.get(ch, y, x) - rgbOfMirror.get(ch, y, w - 1 - x));
                }
            }
        }
        return sum / (3.0 * h * w);
    }

    /** A model exported from a checkpoint has no log of its own: the reference log gives the demo its validation curve. */
    @Test
    void attachesAReferenceLogThatTheDemoPlots() throws Exception {
        Path run = TinyModel.get().getParent();
        Path log = run.resolve(RunFolder.LOG);
        Path bare = tmp.resolve("bare.cocolor");
        Path withLog = tmp.resolve("with-log.cocolor");
        assertEquals(0, run("export", "--checkpoint", run.resolve(RunFolder.CHECKPOINT).toString(), "-o", bare.toString()), err.toString());
        assertEquals(0, run("export", "--model", bare.toString(), "--reference-log", log.toString(), "-o", withLog.toString()), err.toString());
        try (Colorizer a = Colorizer.load(bare); Colorizer b = Colorizer.load(withLog)) {
            assertTrue(a.referenceLog().isEmpty());
            assertEquals(java.nio.file.Files.readString(log), b.referenceLog().orElseThrow());
            FloatImage nir = TinyData.smooth(20, 30, new Random(3));
            assertArrayEquals(a.colorize(nir).data(), b.colorize(nir).data(), "the weights are copied unchanged");
        }
        assertEquals(0, run("demo", "--model", withLog.toString(), "-o", tmp.resolve("demo").toString()), err.toString());
        String html = java.nio.file.Files.readString(tmp.resolve("demo").resolve("index.html"));
        String titles = DemoCommandTest.assertChartTitlesFit(html); // this long title is in lines
        assertTrue(titles.contains("validation PSNR (dB) of the same recipe trained without the validation pairs, f_n(nir)"), titles);
        assertTrue(html.contains("not a held-out measure"), "a model without a validation split may have trained on the samples");
        assertFalse(html.contains("training loss"), "the bare model has no log of its own");
    }

    @Test
    void referenceLogNeedsValidationScoresAndAModel() throws Exception {
        Path run = TinyModel.get().getParent();
        String out = tmp.resolve("x.cocolor").toString();
        Path noVal = tmp.resolve("noval.csv");
        java.nio.file.Files.writeString(noVal, TrainingLog.HEADER + "," + TrainingLog.VAL_OF
                + "\nfn,1,4,1.0,9.00,0.001,0.20000,\"l1[mean(f_n(nir), f_n(nir))~rgb]=0.2\",,,,\n");
        assertEquals(1, run("export", "--model", TinyModel.get().toString(), "--reference-log", noVal.toString(), "-o", out));
        assertTrue(err.toString().contains("has no validation scores"), err.toString());
        assertEquals(1, run("export", "--model", TinyModel.get().toString(), "--reference-log", TinyModel.get().toString(), "-o", out));
        assertTrue(err.toString().contains("is not a cocolor training log"), err.toString());
        assertEquals(1, run("export", "--model", run.resolve(RunFolder.CHECKPOINT).toString(), "--reference-log", run.resolve(RunFolder.LOG).toString(), "-o", out));
        assertTrue(err.toString().contains("is not a cocolor model file"), err.toString());
        assertEquals(2, run("export", "--model", TinyModel.get().toString(), "-o", out));
        assertEquals(2, run("export", "--model", TinyModel.get().toString(), "--checkpoint", run.resolve(RunFolder.CHECKPOINT).toString(), "-o", out));
        assertEquals(2, run("export", "--model", TinyModel.get().toString(), "--nir", "f_n(nir)", "--reference-log", run.resolve(RunFolder.LOG).toString(), "-o", out));
        assertFalse(java.nio.file.Files.exists(tmp.resolve("x.cocolor")), "no failed call writes the output");
    }

    @Test
    void rejectsUnknownNetworksAndInputsAsARecipeDoes() {
        Path ckpt = TinyModel.get().resolveSibling(RunFolder.CHECKPOINT);
        assertEquals(1, run("export", "--checkpoint", ckpt.toString(), "--nir", "f_x(nir)", "-o", tmp.resolve("x").toString()));
        assertTrue(err.toString().contains("--nir: 'f_x' is neither a network [f_n] nor a built-in"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(1, run("export", "--checkpoint", ckpt.toString(), "--gray", "f_n(photo_gray)", "-o", tmp.resolve("x").toString()));
        assertTrue(err.toString().contains("--gray: unknown input 'photo_gray'; inputs are nir, rgb, gray"), err.toString());
    }

    @Test
    void aModelCopyTakesAnotherModelsGrayModeWithItsNetworksAndWeights() throws Exception {
        Path withGray = tmp.resolve("with-gray.cocolor");
        Path bundled = tmp.resolve("bundled.cocolor");
        try (java.io.InputStream in = Colorizer.class.getResourceAsStream(Colorizer.DEFAULT_MODEL_RESOURCE)) {
            java.nio.file.Files.copy(in, bundled);
        }
        assertEquals(0, run("export", "--model", TinyModel.get().toString(), "--gray-from", bundled.toString(),
                "-o", withGray.toString()), err.toString());
        FloatImage gray = TinyData.smooth(40, 48, new Random(3));
        try (Colorizer both = Colorizer.load(withGray); Colorizer tiny = Colorizer.load(TinyModel.get());
                Colorizer donor = Colorizer.loadDefault()) {
            assertEquals(java.util.Set.of(Mode.NIR, Mode.GRAY), both.modes());
            assertArrayEquals(donor.colorize(gray, Mode.GRAY).data(), both.colorize(gray, Mode.GRAY).data());
            assertArrayEquals(tiny.colorize(gray, Mode.NIR).data(), both.colorize(gray, Mode.NIR).data());
        }
        err.getBuffer().setLength(0);
        assertEquals(1, run("export", "--model", bundled.toString(), "--gray-from", TinyModel.get().toString(),
                "-o", tmp.resolve("y.cocolor").toString()));
        assertTrue(err.toString().contains("has no 'gray' mode"), err.toString());
    }
}
