package cocolor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import cocolor.TinyModel;
import cocolor.engine.EngineSetup;
import cocolor.expr.Expr;
import cocolor.image.FloatImage;
import cocolor.image.Images;
import cocolor.recipe.Mode;
import cocolor.video.VideoReader;
import cocolor.infer.ModelFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
    /** The bundled samples: six VCIP 2020 val pairs and three of epfl_extra's buildings and streets. */
    private static final int SAMPLES = 9;

    @TempDir
    Path tmp;

    @Test
    void aModelWithAGrayModeAlsoColorizesEverySampleReducedToItsLuminance() throws Exception {
        Path model = tmp.resolve("both.cocolor");
        try (NDManager manager = EngineSetup.engine().newBaseManager()) {
            ModelFile.Loaded tiny = ModelFile.load(TinyModel.get(), manager);
            ModelFile.export(model, tiny.networks(), Map.of(Mode.NIR, Expr.parse("f_n(nir)"), Mode.GRAY, Expr.parse("f_n(gray)")), "both", null, Map.of(), null);
        }
        Path out = tmp.resolve("demo");
        assertEquals(0, Main.commandLine().setOut(new PrintWriter(new StringWriter())).execute("demo", "--model", model.toString(),
                "-o", out.toString()));

        String html = Files.readString(out.resolve("index.html"));
        assertTrue(html.contains("--mode gray"), "a section for the gray mode");
        assertEquals(SAMPLES, html.lines().filter(l -> l.contains("_gray_colorized.png")).count(), "one gray row per sample");
        assertEquals(2, html.lines().filter(l -> l.contains("Mean over " + SAMPLES + " images")).count(), "a mean per section");
        for (String stem : List.of("field_0006", "urban_0014")) {
            FloatImage gray = Images.readGray(out.resolve("images/" + stem + "_gray.png"));
            FloatImage rgb = Images.readRgb(out.resolve("images/" + stem + "_rgb.png"));
            assertEquals(rgb.width(), gray.width());
            assertEquals(1, gray.channels());
            assertTrue(Files.isRegularFile(out.resolve("images/" + stem + "_gray_colorized.png")));
        }
    }

    @Test
    void writesAPageWithEverySampleAndPrintsItsPath() throws Exception {
        StringWriter out = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        int exit = cl.execute("demo", "--model", TinyModel.get().toString(), "-o", tmp.toString());
        assertEquals(0, exit);
        Path page = tmp.resolve("index.html");
        assertTrue(Files.isRegularFile(page));
        String html = Files.readString(page);
        long rows = html.lines().filter(l -> l.contains("_colorized.png")).count();
        assertEquals(SAMPLES, rows, "one row per sample image");
        assertTrue(html.contains("Mean over " + SAMPLES + " images"));
        assertFalse(html.contains("--mode gray"), "the tiny model has no gray mode");
        assertTrue(html.contains("<svg"), "training curves are drawn");
        try (var files = Files.list(tmp.resolve("images"))) {
            assertEquals(3 * SAMPLES, files.count(), "input, output and ground truth per sample");
        }
        assertTrue(out.toString().contains(page.toAbsolutePath().toString()));
        assertTrue(html.contains("<video src=\"videos/camera_trap_night_3s_colorized.mp4\""), "the page plays the colorized clip");
        try (VideoReader in = VideoReader.open(tmp.resolve("videos/camera_trap_night_3s.mp4"));
                VideoReader colorized = VideoReader.open(tmp.resolve("videos/camera_trap_night_3s_colorized.mp4"))) {
            assertEquals(in.info().width(), colorized.info().width());
            assertEquals(in.info().announcedFrames(), colorized.info().announcedFrames(), "every frame of the clip");
        }
    }

    @Test
    void printsThePagesPathNormalized() throws Exception {
        StringWriter out = new StringWriter();
        Files.createDirectories(tmp.resolve("main"));
        int exit = Main.commandLine().setOut(new PrintWriter(out, true)).execute("demo", "--model", TinyModel.get().toString(),
                "-o", tmp.resolve("main/../demo_mine").toString());
        assertEquals(0, exit);

        assertEquals(tmp.toAbsolutePath().resolve("demo_mine/index.html").toString(), out.toString().strip(), "was main/../demo_mine/...");
    }

    /**
     * Every line of every chart title on a demo page fits the chart (the bundled model's second
     * title was cut off at "...validation pai"), and together they are the whole title; returns
     * the titles' text.
     */
    static String assertChartTitlesFit(String html) {
        java.util.regex.Matcher title = java.util.regex.Pattern.compile("<tspan[^>]*>([^<]*)</tspan>").matcher(html);
        StringBuilder titles = new StringBuilder();
        while (title.find()) {
            assertTrue(title.group(1).length() <= cocolor.eval.SvgChart.MAX_TITLE_CHARS, "a title line too long: " + title.group(1));
            titles.append(title.group(1)).append(' ');
        }
        return titles.toString();
    }
}
