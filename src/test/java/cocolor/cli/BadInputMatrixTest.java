package cocolor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cocolor.BadInputs;
import cocolor.TinyData;
import cocolor.TinyModel;
import cocolor.image.FloatImage;
import cocolor.image.Images;
import cocolor.infer.Colorizer;
import cocolor.server.ColorizeServer;
import cocolor.server.ServerConfig;
import cocolor.server.ServerLimits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every command that reads images × every kind of {@link BadInputs}: inputs that must work do;
 * the others give a one-line error naming the file and the problem, the other files are still
 * processed, the exit code is non-zero when nothing could be done, and no partial output is left.
 * ({@code demo} reads no user images; its input, the model file, is covered by BadModelFileTest.)
 */
class BadInputMatrixTest {
    private static Colorizer colorizer;
    private static ColorizeServer server;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startServer() {
        colorizer = Colorizer.load(TinyModel.get());
        server = ColorizeServer.start(colorizer, new ServerConfig("127.0.0.1", 0, ServerLimits.defaults()));
    }

    @AfterAll
    static void stopServer() {
        server.close();
        colorizer.close();
    }

    private Path bad(BadInputs kind, Path dir, String stem) {
        Path file = kind.write(dir, stem);
        Assumptions.assumeTrue(kind.enforceable(file), "running as root: file permissions are not enforced");
        return file;
    }

    @ParameterizedTest
    @EnumSource(BadInputs.class)
    void colorizeAFolder(BadInputs kind) throws IOException {
        Path in = tmp.resolve("in");
        Images.writePng(TinyData.smooth(BadInputs.H, BadInputs.W, new Random(1)), in.resolve("good.png"));
        Path file = bad(kind, in, "bad");
        Path out = tmp.resolve("out");

        CliRun run = CliRun.of("colorize", "--model", TinyModel.get().toString(), in.toString(), "-o", out.toString(),
                "--no-progress");

        assertTrue(Files.exists(out.resolve("good.png")), "the good file is still colorized\n" + run);
        if (kind.works) {
            assertEquals(0, run.exit(), run.toString());
            FloatImage result = Images.readRgb(out.resolve("bad.png"));
            assertEquals(kind.height(), result.height());
            assertEquals(kind.width(), result.width());
        } else {
            assertEquals(1, run.exit(), run.toString());
            assertOneErrorNaming(run, file, kind.problem);
            assertFalse(Files.exists(out.resolve("bad.png")), run.toString());
        }
        assertOnlyFinishedFiles(out, kind.works ? 2 : 1);
    }

    @ParameterizedTest
    @EnumSource(BadInputs.class)
    void colorizeOneFile(BadInputs kind) throws IOException {
        Path file = bad(kind, tmp.resolve("in"), "bad");
        Path out = tmp.resolve("out");

        CliRun run = CliRun.of("colorize", "--model", TinyModel.get().toString(), file.toString(), "-o", out.toString(),
                "--no-progress");

        if (kind.works) {
            assertEquals(0, run.exit(), run.toString());
            assertEquals(kind.width(), Images.readRgb(out.resolve("bad.png")).width());
        } else {
            assertEquals(1, run.exit(), "nothing could be done\n" + run);
            assertOneErrorNaming(run, file, null);
            assertOnlyFinishedFiles(out, 0);
        }
    }

    @ParameterizedTest
    @EnumSource(BadInputs.class)
    void evaluate(BadInputs kind) throws IOException {
        Path pred = tmp.resolve("pred");
        Path gt = tmp.resolve("gt");
        FloatImage good = TinyData.colorOf(TinyData.smooth(BadInputs.H, BadInputs.W, new Random(1)));
        Images.writePng(good, pred.resolve("good.png"));
        Images.writePng(good, gt.resolve("good.png"));
        Images.writePng(good.crop(0, 0, kind.height(), kind.width()), gt.resolve("bad.png"));
        Path file = bad(kind, pred, "bad");

        CliRun run = CliRun.of("evaluate", "--pred", pred.toString(), "--gt", gt.toString());

        // SSIM has a 7x7 window (as scikit-image's): a 1x1 image is read but cannot be scored.
        boolean scored = kind.works && kind != BadInputs.ONE_PIXEL;
        if (scored) {
            assertEquals(0, run.exit(), run.toString());
            assertTrue(run.out().strip().endsWith("n=2"), run.toString());
        } else {
            assertEquals(1, run.exit(), run.toString());
            assertTrue(run.out().strip().endsWith("n=1"), "the good pair is still scored\n" + run);
            String line = run.err().lines().filter(l -> l.contains(file.toString())).findFirst().orElse("");
            String problem = kind == BadInputs.ONE_PIXEL ? "SSIM needs images of at least 7x7" : kind.problem;
            assertTrue(line.contains(problem), "names the file and the problem\n" + run);
        }
    }

    @ParameterizedTest
    @EnumSource(BadInputs.class)
    void train(BadInputs kind) throws IOException {
        Path data = TinyData.pairs(tmp.resolve("data"), 4, BadInputs.H, BadInputs.W, 7);
        Path file = bad(kind, data.resolve("nir"), "bad_nir");
        Images.writePng(TinyData.colorOf(TinyData.smooth(kind.height(), kind.width(), new Random(2))),
                data.resolve("rgb/bad_rgb_reg.png"));

        CliRun run = train(data, tmp.resolve("run"));

        assertEquals(0, run.exit(), "the good pairs still train\n" + run);
        assertTrue(Files.exists(tmp.resolve("run/model.cocolor")), run.toString());
        boolean used = kind.works && kind != BadInputs.ONE_PIXEL;
        assertTrue(run.err().contains((used ? 5 : 4) + " training pairs"), run.toString());
        if (!used) {
            String warning = run.err().lines().filter(l -> l.contains(file.toString())).findFirst().orElse("");
            String problem = kind == BadInputs.ONE_PIXEL ? "smaller than the 32 px training crop" : kind.problem;
            assertTrue(warning.contains(problem), "a warning names the file and the problem\n" + run);
        }
    }

    @Test
    void trainingOnNothingButBadPairsFails() throws IOException {
        Path data = tmp.resolve("data");
        for (BadInputs kind : List.of(BadInputs.TRUNCATED_PNG, BadInputs.TEXT_AS_IMAGE, BadInputs.ONE_PIXEL)) {
            kind.write(data.resolve("nir"), kind.name() + "_nir");
            Images.writePng(TinyData.smooth(kind.height(), kind.width(), new Random(3)),
                    data.resolve("rgb/" + kind.name() + "_rgb_reg.png"));
        }
        CliRun run = train(data, tmp.resolve("run"));
        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.errorLines().get(0).contains("none of the 3 pairs could be used"), run.toString());
        assertFalse(Files.exists(tmp.resolve("run/model.cocolor")));
    }

    @Test
    void trainingSkipsPairsOfDifferentSizesAndNirWithoutPartner() throws IOException {
        Path data = TinyData.pairs(tmp.resolve("data"), 4, BadInputs.H, BadInputs.W, 7);
        Path mismatched = data.resolve("nir/wide_nir.png");
        Images.writePng(TinyData.smooth(BadInputs.H, BadInputs.W + 8, new Random(4)), mismatched);
        Images.writePng(TinyData.colorOf(TinyData.smooth(BadInputs.H, BadInputs.W, new Random(4))),
                data.resolve("rgb/wide_rgb_reg.png"));
        Path lonely = data.resolve("nir/lonely_nir.png");
        Images.writePng(TinyData.smooth(BadInputs.H, BadInputs.W, new Random(5)), lonely);

        CliRun run = train(data, tmp.resolve("run"));

        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.err().contains("4 training pairs"), run.toString());
        assertTrue(run.err().lines().anyMatch(l -> l.contains(mismatched.toString()) && l.contains("56x40")
                && l.contains("48x40")), "the size mismatch is named\n" + run);
        assertTrue(run.err().lines().anyMatch(l -> l.contains(lonely.toString()) && l.contains("no RGB image")),
                "the NIR file without partner is named\n" + run);
    }

    @Test
    void evaluateReportsSizeMismatchAndUnpairedFiles() throws IOException {
        Path pred = tmp.resolve("pred");
        Path gt = tmp.resolve("gt");
        FloatImage good = TinyData.colorOf(TinyData.smooth(BadInputs.H, BadInputs.W, new Random(1)));
        Images.writePng(good, pred.resolve("good.png"));
        Images.writePng(good, gt.resolve("good.png"));
        Images.writePng(good, pred.resolve("wide.png"));
        Images.writePng(good.crop(0, 0, BadInputs.H, BadInputs.W - 8), gt.resolve("wide.png"));
        Images.writePng(good, pred.resolve("lonely_nir.png"));

        CliRun run = CliRun.of("evaluate", "--pred", pred.toString(), "--gt", gt.toString());

        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.out().strip().endsWith("n=1"), run.toString());
        assertTrue(run.err().lines().anyMatch(l -> l.contains(pred.resolve("wide.png").toString())
                && l.contains("differs from ground truth")), run.toString());
        assertTrue(run.err().lines().anyMatch(l -> l.contains("without ground truth") && l.contains("lonely")),
                run.toString());
    }

    @ParameterizedTest
    @EnumSource(BadInputs.class)
    void serve(BadInputs kind) throws IOException, InterruptedException {
        byte[] upload = kind.bytes(tmp);
        Assumptions.assumeTrue(upload != null, kind + " is not something that can be uploaded");

        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/colorize"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(upload)).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        String body = new String(response.body(), StandardCharsets.UTF_8);
        if (kind.works) {
            assertEquals(200, response.statusCode(), body);
            var png = ImageIO.read(new ByteArrayInputStream(response.body()));
            assertNotNull(png);
            assertEquals(kind.width(), png.getWidth());
            assertEquals(kind.height(), png.getHeight());
        } else {
            assertEquals(kind == BadInputs.HUGE_HEADER ? 413 : 400, response.statusCode(), body);
            assertTrue(body.startsWith("{\"error\":") && body.contains(kind.problem), body);
        }
    }

    private static CliRun train(Path data, Path run) {
        return CliRun.of("train", "--data", data.toString(), "--out", run.toString(), "--recipe",
                TrainingRecipes.tiny(run.getParent()).toString(), "--epochs", "1", "--no-progress");
    }

    private static void assertOneErrorNaming(CliRun run, Path file, String problem) {
        List<String> errors = run.errorLines();
        assertEquals(1, errors.size(), "one error line\n" + run);
        assertTrue(errors.get(0).contains(file.toString()), "names the file\n" + run);
        if (problem != null) {
            assertTrue(errors.get(0).contains(problem), "names the problem\n" + run);
        }
    }

    /** Exactly {@code expected} finished PNGs and nothing else: no temporary or partial files. */
    private static void assertOnlyFinishedFiles(Path out, int expected) throws IOException {
        if (!Files.exists(out)) {
            assertEquals(0, expected);
            return;
        }
        try (Stream<Path> files = Files.list(out)) {
            List<Path> all = files.toList();
            assertEquals(expected, all.size(), "unexpected files: " + all);
            for (Path f : all) {
                Images.readRgb(f); // complete and decodable
            }
        }
    }
}
