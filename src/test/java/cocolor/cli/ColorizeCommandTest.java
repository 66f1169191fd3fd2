package cocolor.cli;

import cocolor.ImageDifference;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cocolor.TestData;
import cocolor.TinyData;
import cocolor.TinyModel;
import cocolor.image.FloatImage;
import cocolor.image.Images;
import cocolor.infer.Scale;
import cocolor.recipe.Mode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ColorizeCommandTest {
    @TempDir
    Path tmp;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        return cl.execute(args);
    }

    private Path inputs() {
        Path in = tmp.resolve("in");
        Images.writePng(TinyData.smooth(37, 53, new Random(1)), in.resolve("a_nir.png"));
        Images.writePng(TinyData.smooth(16, 16, new Random(2)), in.resolve("b.png"));
        Images.writePng(TinyData.colorOf(TinyData.smooth(40, 24, new Random(3))), in.resolve("c.png"));
        return in;
    }

    @Test
    void colorizesAFolderAtEachInputsSize() {
        Path out = tmp.resolve("out");
        int exit = run("colorize", "--model", TinyModel.get().toString(), inputs().toString(), "-o", out.toString(), "--no-progress");
        assertEquals(0, exit, err.toString());
        FloatImage a = Images.readRgb(out.resolve("a_nir.png"));
        assertEquals(37, a.height());
        assertEquals(53, a.width());
        assertEquals(16, Images.readRgb(out.resolve("b.png")).width());
        assertEquals(24, Images.readRgb(out.resolve("c.png")).width());
    }

    @Test
    void aBadFileIsReportedSkippedAndFailsTheExitCode() throws Exception {
        Path in = inputs();
        Files.writeString(in.resolve("broken.png"), "not an image");
        Path out = tmp.resolve("out");
        int exit = run("colorize", "--model", TinyModel.get().toString(), in.toString(), "-o", out.toString(), "--no-progress");
        assertEquals(1, exit);
        assertTrue(err.toString().contains("broken.png"), err.toString());
        assertTrue(Files.exists(out.resolve("a_nir.png")));
        assertTrue(Files.exists(out.resolve("c.png")));
        assertFalse(Files.exists(out.resolve("broken.png")));
        try (var files = Files.list(out)) {
            assertEquals(3, files.count(), "no temporary or partial files left");
        }
    }

    @Test
    void aHundredFilesWithABadOneAreAllWrittenButTheBadOne() throws Exception {
        Path in = tmp.resolve("many");
        for (int i = 0; i < 100; i++) {
            // Mostly one size (batched together), some others in between.
            int h = i % 7 == 0 ? 37 : 24;
            Images.writePng(TinyData.smooth(h, 32, new Random(i)), in.resolve(String.format("img%03d.png", i)));
        }
        Files.writeString(in.resolve("img050_bad.png"), "truncated");
        Path out = tmp.resolve("out");
        int exit = run("colorize", "--model", TinyModel.get().toString(), in.toString(), "-o", out.toString(), "--no-progress");
        assertEquals(1, exit, "a failed file fails the exit code");
        assertTrue(err.toString().contains("img050_bad.png"), err.toString());
        assertTrue(err.toString().contains("colorized 100 of 101 images"), err.toString());
        try (var files = Files.list(out)) {
            assertEquals(100, files.count());
        }
        // A batched result equals the image colorized alone (up to PNG rounding).
        try (cocolor.infer.Colorizer c = cocolor.infer.Colorizer.load(TinyModel.get())) {
            FloatImage alone = c.colorize(Images.readGray(in.resolve("img002.png")));
            FloatImage batched = Images.readRgb(out.resolve("img002.png"));
            for (int i = 0; i < alone.data().length; i++) {
                assertEquals(alone.data()[i], batched.data()[i], 1.0 / 255 + 1e-4);
            }
        }
    }

    @Test
    void scaleAutoIsTheDefaultAndNativeColorizesAtTheInputsOwnResolution() throws Exception {
        // Four times the tiny model's 40-pixel working scale: auto colorizes a 40x50 copy.
        Path in = tmp.resolve("big");
        FloatImage nir = TinyData.smooth(160, 200, new Random(8));
        Images.writePng(nir, in.resolve("big.png"));
        FloatImage decoded = Images.readGray(in.resolve("big.png"));
        try (cocolor.infer.Colorizer c = cocolor.infer.Colorizer.load(TinyModel.get())) {
            for (String scale : new String[] {null, "auto", "native"}) {
                Path out = tmp.resolve("out-" + scale);
                List<String> args = new java.util.ArrayList<>(List.of("colorize", "--model", TinyModel.get().toString(),
                        in.toString(), "-o", out.toString(), "--no-progress"));
                if (scale != null) {
                    args.addAll(List.of("--scale", scale));
                }
                assertEquals(0, run(args.toArray(String[]::new)), err.toString());
                Scale expected = "native".equals(scale) ? Scale.NATIVE : Scale.AUTO;
                float[] want = c.colorize(decoded, Mode.NIR, expected).data();
                float[] got = Images.readRgb(out.resolve("big.png")).data();
                for (int i = 0; i < want.length; i++) {
                    assertEquals(want[i], got[i], 0.5 / 255 + 1e-4, "--scale " + scale);
                }
            }
        }
    }

    @Test
    void skipExistingLeavesDoneOutputsAlone() throws Exception {
        Path in = inputs();
        Path out = tmp.resolve("out");
        Path done = out.resolve("b.png");
        Images.writePng(TinyData.colorOf(TinyData.smooth(16, 16, new Random(9))), done);
        FileTime before = FileTime.fromMillis(1_000_000);
        Files.setLastModifiedTime(done, before);
        int exit = run("colorize", "--model", TinyModel.get().toString(), in.toString(), "-o", out.toString(), "--skip-existing", "--no-progress");
        assertEquals(0, exit, err.toString());
        assertEquals(before, Files.getLastModifiedTime(done));
        assertTrue(Files.exists(out.resolve("a_nir.png")));
    }

    @Test
    void skipExistingRedoesAnOutputCutShortOrOfAnotherSizeAsTheSparkJobDoes() throws Exception {
        Path in = inputs();
        Path out = tmp.resolve("out");
        assertEquals(0, run("colorize", "--model", TinyModel.get().toString(), in.toString(), "-o", out.toString(), "--no-progress"));
        Path cut = out.resolve("a_nir.png");
        byte[] whole = Files.readAllBytes(cut);
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
        Images.writePng(TinyData.colorOf(TinyData.smooth(1, 1, new Random(5))), out.resolve("b.png")); // a 1x1 placeholder
        FileTime before = FileTime.fromMillis(1_000_000);
        Files.setLastModifiedTime(out.resolve("c.png"), before);

        err.getBuffer().setLength(0);
        int exit = run("colorize", "--model", TinyModel.get().toString(), in.toString(), "-o", out.toString(), "--skip-existing",
                "--no-progress");

        assertEquals(0, exit, err.toString());
        assertTrue(err.toString().contains("colorized 2 of 2 images"), err.toString());
        assertEquals(37, Images.readRgb(cut).height(), "the output cut short is redone");
        assertEquals(16, Images.readRgb(out.resolve("b.png")).width(), "the 1x1 output is redone");
        assertEquals(before, Files.getLastModifiedTime(out.resolve("c.png")), "the complete output is left alone");
    }

    /**
     * colorize batches consecutive small images of one size; PyTorch sums a batch in another order
     * than a single image, so a few samples round the other way: the CLI's outputs are within 1/255
     * of the library's image-by-image colorization (which the Spark job writes exactly, see
     * ColorizeJobTest), as README and docs/spark.md say.
     */
    @Test
    void batchedOutputsAreWithinOneGrayLevelOfTheImageByImageColorization() throws Exception {
        Path in = tmp.resolve("same-size");
        for (int i = 0; i < 6; i++) {
            Images.writePng(TinyData.smooth(40, 48, new Random(20 + i)), in.resolve("s" + i + ".png"));
        }
        Path out = tmp.resolve("out");
        assertEquals(0, run("colorize", "--model", TinyModel.get().toString(), in.toString(), "-o", out.toString(), "--no-progress"));
        try (cocolor.infer.Colorizer colorizer = cocolor.infer.Colorizer.load(TinyModel.get())) {
            for (int i = 0; i < 6; i++) {
                var alone = Images.toBufferedImage(colorizer.colorize(Images.readGray(in.resolve("s" + i + ".png"))));
                var batched = javax.imageio.ImageIO.read(out.resolve("s" + i + ".png").toFile());
                for (int y = 0; y < 40; y++) {
                    for (int x = 0; x < 48; x++) {
                        int a = alone.getRGB(x, y);
                        int b = batched.getRGB(x, y);
                        for (int shift = 0; shift < 24; shift += 8) {
                            assertTrue(Math.abs((a >> shift & 0xff) - (b >> shift & 0xff)) <= 1, "s" + i + " at " + x + "," + y);
                        }
                    }
                }
            }
        }
    }

    @Test
    void missingInputAndBadModeAreOneLineErrors() {
        int exit = run("colorize", "--model", TinyModel.get().toString(), tmp.resolve("nope.png").toString(), "-o", tmp.toString());
        assertEquals(1, exit);
        assertTrue(err.toString().startsWith("error: input not found"), err.toString());
        assertEquals(1, err.toString().strip().lines().count());

        err.getBuffer().setLength(0);
        exit = run("colorize", "--model", TinyModel.get().toString(), "--mode", "thermal", inputs().toString(), "-o", tmp.toString());
        assertEquals(2, exit, "a bad option value is a usage error");
        assertTrue(err.toString().contains("--mode must be 'nir' or 'gray'"), err.toString());
    }

    @Test
    void aMissingPathAmongGoodInputsIsOneErrorLineAndTheOthersAreColorized() {
        Path missing = tmp.resolve("nope.png");
        Path out = tmp.resolve("out");
        CliRun run = CliRun.of("colorize", "--model", TinyModel.get().toString(), inputs().toString(), missing.toString(),
                "-o", out.toString(), "--no-progress");
        assertEquals(1, run.exit(), "a missing input fails the exit code\n" + run);
        assertEquals(List.of("error: input not found: " + missing), run.errorLines(), run.toString());
        assertTrue(Files.exists(out.resolve("a_nir.png")) && Files.exists(out.resolve("c.png")), run.toString());
    }

    @Test
    void anEmptyFolderBesideAGoodFileIsOneErrorLineAndFailsTheExitCode() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Path good = inputs().resolve("b.png");
        Path out = tmp.resolve("out");
        CliRun run = CliRun.of("colorize", "--model", TinyModel.get().toString(), good.toString(), empty.toString(),
                "-o", out.toString(), "--no-progress");
        assertEquals(1, run.exit(), run.toString());
        assertEquals(List.of("error: no images or videos in " + empty + " (supported: PNG, JPEG, BMP, TIFF; MP4, MOV, MKV, AVI, WEBM, ...)"), run.errorLines(), run.toString());
        assertFalse(run.err().contains("warning:"), run.toString());
        assertTrue(Files.exists(out.resolve("b.png")), run.toString());
    }

    @Test
    void anEmptyFolderAloneIsOneErrorLineAndNoOutputFolder() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Path out = tmp.resolve("out");
        CliRun run = CliRun.of("colorize", "--model", TinyModel.get().toString(), empty.toString(), "-o", out.toString());
        assertEquals(1, run.exit(), run.toString());
        assertEquals(1, run.err().strip().lines().count(), "one line, an error\n" + run);
        assertEquals(1, run.errorLines().size(), run.toString());
        assertFalse(Files.exists(out), "nothing to write, no folder");
    }

    @Test
    void inputsThatWouldWriteTheSameOutputAreEachAnErrorLineAndTheOthersAreColorized() throws Exception {
        Path in = inputs();
        Path other = tmp.resolve("other");
        Images.writePng(TinyData.smooth(16, 16, new Random(4)), other.resolve("b.bmp"));
        Path out = tmp.resolve("out");
        CliRun run = CliRun.of("colorize", "--model", TinyModel.get().toString(), in.toString(), other.toString(),
                "-o", out.toString(), "--no-progress");
        assertEquals(1, run.exit(), run.toString());
        List<String> errors = run.errorLines();
        assertEquals(2, errors.size(), run.toString());
        assertTrue(errors.get(0).startsWith("error: " + in.resolve("b.png")) && errors.get(1).startsWith("error: " + other.resolve("b.bmp"))
                && errors.stream().allMatch(e -> e.contains(out.resolve("b.png").toString())), run.toString());
        assertFalse(Files.exists(out.resolve("b.png")), "neither is written");
        assertTrue(Files.exists(out.resolve("a_nir.png")) && Files.exists(out.resolve("c.png")), run.toString());
    }

    @Test
    void grayModeWorksWithTheBundledModelAndKeepsThePhotosLuminance() throws Exception {
        Path out = tmp.resolve("out");
        Path photo = TestData.fixtureRgb("country_0010"); // an RGB photo: colorize reduces it to its gray first
        CliRun run = CliRun.of("colorize", "--mode", "gray", photo.toString(), "-o", out.toString(), "--no-progress");
        assertEquals(0, run.exit(), run.toString());
        FloatImage gray = Images.readGray(photo);
        FloatImage colour = Images.readRgb(out.resolve("country_0010_rgb_reg.png"));
        double worst = 0;
        double chroma = 0;
        FloatImage luma = colour.toGray();
        for (int i = 0; i < gray.data().length; i++) {
            worst = Math.max(worst, Math.abs(luma.data()[i] - gray.data()[i]));
            chroma += Math.abs(colour.data()[i] - colour.data()[2 * gray.data().length + i]);
        }
        assertTrue(worst <= 1.5 / 255, "the output's luminance is the photo's gray, to 8-bit rounding: off by " + worst * 255 + "/255");
        assertTrue(chroma / gray.data().length > 0.02, "and it has colour: mean |R - B| " + chroma / gray.data().length);
    }

    @Test
    void fallbackMovesTheBundledModelsColourTowardTheInputsGrayAndRejectsABadScale() throws Exception {
        Path nir = TestData.fixtureNir("country_0010");
        Path plain = tmp.resolve("plain");
        Path muted = tmp.resolve("muted");
        assertEquals(0, CliRun.of("colorize", nir.toString(), "-o", plain.toString(), "--no-progress").exit());
        CliRun run = CliRun.of("colorize", nir.toString(), "-o", muted.toString(), "--fallback", "0.02", "--no-progress");
        assertEquals(0, run.exit(), run.toString());
        FloatImage grayCopy = Images.readGray(nir).toRgb();
        String name = nir.getFileName().toString();
        double plainToGray = ImageDifference.mean(Images.readRgb(plain.resolve(name)), grayCopy);
        double mutedToGray = ImageDifference.mean(Images.readRgb(muted.resolve(name)), grayCopy);
        assertTrue(mutedToGray < 0.8 * plainToGray, "closer to the NIR's gray: " + mutedToGray + " against " + plainToGray);
        assertTrue(mutedToGray > 0.01, "but not the gray copy itself: " + mutedToGray);

        CliRun bad = CliRun.of("colorize", nir.toString(), "-o", tmp.resolve("bad").toString(), "--fallback", "0");
        assertEquals(2, bad.exit(), bad.toString());
        assertTrue(bad.err().contains("--fallback must be a number in (0, 10], got 0.0"), bad.toString());
        assertFalse(Files.exists(tmp.resolve("bad")));
    }


    @Test
    void grayModeWithAModelWithoutOneSaysHowToGetOneAndCreatesNoFolder() {
        Path out = tmp.resolve("out");
        CliRun run = CliRun.of("colorize", "--model", TinyModel.get().toString(), "--mode", "gray", inputs().resolve("b.png").toString(),
                "-o", out.toString());
        assertEquals(1, run.exit(), run.toString());
        assertEquals(1, run.errorLines().size(), run.toString());
        String error = run.errorLines().get(0);
        assertTrue(error.contains("has no 'gray' mode") && error.contains("--recipe") && error.contains("--model"),
                "names the way to a model with a gray mode\n" + run);
        assertFalse(Files.exists(out), "nothing was written, so no output folder");
    }

    @Test
    void aModelFileOfTheWrongKindIsRejectedClearly() throws Exception {
        Path notAModel = tmp.resolve("model.cocolor");
        Files.writeString(notAModel, "hello");
        int exit = run("colorize", "--model", notAModel.toString(), inputs().toString(), "-o", tmp.resolve("o").toString());
        assertEquals(1, exit);
        assertTrue(err.toString().contains("is not a cocolor model"), err.toString());
    }
}
