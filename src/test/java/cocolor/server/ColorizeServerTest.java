package cocolor.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import cocolor.TestData;
import cocolor.TinyModel;
import cocolor.engine.EngineSetup;
import cocolor.image.FloatImage;
import cocolor.image.Images;
import cocolor.infer.Colorizer;
import cocolor.infer.ModelFile;
import cocolor.infer.Scale;
import cocolor.recipe.Mode;
import cocolor.train.TrainingLog;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST API against a real server on an ephemeral loopback port, with a tiny trained model. */
class ColorizeServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ServerLimits LIMITS = ServerLimits.defaults()
            .withMaxUploadBytes(200_000).withMaxPixels(300 * 300).withRequestTimeout(Duration.ofSeconds(30));

    private static Colorizer colorizer;
    private static ColorizeServer server;
    private static ApiClient api;
    private static byte[] nirPng; // 256 x 256

    @BeforeAll
    static void start() throws IOException {
        colorizer = Colorizer.load(TinyModel.get());
        server = ColorizeServer.start(colorizer, new ServerConfig("127.0.0.1", 0, LIMITS));
        api = new ApiClient(server.port());
        nirPng = Files.readAllBytes(TestData.fixtureNir("country_0010"));
    }

    @AfterAll
    static void stop() {
        server.close();
        colorizer.close();
    }

    @Test
    void rawBodyIsColorizedToAPngOfTheSameSize() throws Exception {
        HttpResponse<byte[]> r = api.postRaw("/api/colorize?mode=nir", nirPng);
        assertEquals(200, r.statusCode(), ApiClient.text(r));
        assertEquals("image/png", r.headers().firstValue("Content-Type").orElse(""));
        assertColourImage(r.body(), 256, 256);
    }

    @Test
    void multipartFileFieldIsColorized() throws Exception {
        HttpResponse<byte[]> r = api.postMultipart("/api/colorize", nirPng, "nir");
        assertEquals(200, r.statusCode(), ApiClient.text(r));
        assertColourImage(r.body(), 256, 256);
    }

    @Test
    void modeDefaultsToNir() throws Exception {
        assertEquals(200, api.postRaw("/api/colorize", nirPng).statusCode());
    }

    @Test
    void scaleChoosesWhereColourIsDecidedAndDefaultsToAuto() throws Exception {
        // The tiny model's working scale is 40 px: a 256-pixel upload is colorized reduced at auto.
        FloatImage nir = Images.readGray(TestData.fixtureNir("country_0010"));
        for (Scale scale : Scale.values()) {
            HttpResponse<byte[]> r = api.postRaw("/api/colorize?scale=" + scale.key(), nirPng);
            assertEquals(200, r.statusCode(), ApiClient.text(r));
            assertArrayEquals(Images.encodePng(colorizer.colorize(nir, Mode.NIR, scale)), r.body(), scale.key());
        }
        assertArrayEquals(api.postRaw("/api/colorize?scale=auto", nirPng).body(), api.postRaw("/api/colorize", nirPng).body());
        assertFalse(Arrays.equals(api.postRaw("/api/colorize?scale=auto", nirPng).body(),
                api.postRaw("/api/colorize?scale=native", nirPng).body()), "the two scales give different colours here");
    }

    @Test
    void unknownScaleIs400() throws Exception {
        assertError(api.postRaw("/api/colorize?scale=huge", nirPng), 400, "unknown scale 'huge'; use auto or native");
    }

    @Test
    void health() throws Exception {
        HttpResponse<byte[]> r = api.get("/api/health");
        assertEquals(200, r.statusCode());
        assertEquals("ok", json(r).get("status").asText());
    }

    @Test
    void modelDescribesModesRecipeNetworksAndTraining() throws Exception {
        HttpResponse<byte[]> r = api.get("/api/model");
        assertEquals(200, r.statusCode());
        JsonNode model = json(r);
        assertEquals("f_n(nir)", model.path("modes").path("nir").asText());
        assertEquals("tiny", model.path("recipe").asText());
        assertTrue(model.path("networks").has("f_n"), model.toString());
        assertTrue(model.has("validation") && model.has("training"), model.toString());
    }

    /**
     * The bundled model is trained on all pairs, so it has no scores of its own: it is described
     * with its reference run's final NIR scores, not with the gray colorizer's of that run's last stage.
     */
    @Test
    void theBundledModelIsDescribedWithTheHeldOutNirScoresOfItsReferenceRun() throws Exception {
        try (Colorizer bundled = Colorizer.loadDefault();
                ColorizeServer other = ColorizeServer.start(bundled, new ServerConfig("127.0.0.1", 0, LIMITS))) {
            JsonNode model = json(new ApiClient(other.port()).get("/api/model"));
            assertFalse(model.has("validation"), "trained on all pairs\n" + model);
            JsonNode reference = model.path("reference_validation");
            TrainingLog.Row last = TrainingLog.lastValidated(bundled.referenceLog().orElseThrow(), "f_n(nir)").orElseThrow();
            assertEquals(last.valPsnr(), reference.path("psnr").asDouble(), 0, model.toString());
            assertEquals(last.stage(), reference.path("stage").asText(), model.toString());
            assertTrue(reference.path("psnr").asDouble() > 15, "a trained model's held-out PSNR\n" + model);
            assertEquals(List.of("gray", "nir"), sorted(model.path("modes").fieldNames()), model.toString());
        }
    }

    @Test
    void aModelTrainedOnAllPairsIsDescribedWithTheHeldOutScoresOfItsReferenceRun(@TempDir Path dir) throws Exception {
        Path bare = dir.resolve("all-pairs.cocolor");
        Path withLog = dir.resolve("with-log.cocolor");
        String referenceLog;
        try (NDManager manager = EngineSetup.engine().newBaseManager();
                Colorizer tiny = Colorizer.load(TinyModel.get())) {
            // The reference run ends, as the bundled recipe does, with a stage that scores the gray colorizer.
            referenceLog = tiny.trainingLog().orElseThrow()
                    + "fg,1,999,9.0,9.00,0.00100,0.10000,\"l1[f_g(gray)~rgb]=0.1\",29.000,0.9500,3.000,\"f_g(gray)\"\n";
            ModelFile.Loaded loaded = ModelFile.load(TinyModel.get(), manager);
            ModelFile.export(bare, loaded.networks(), loaded.info().modes(), "all-pairs", null, Map.of(), null);
        }
        ModelFile.withReferenceLog(bare, referenceLog, withLog);
        try (Colorizer model = Colorizer.load(withLog);
                ColorizeServer other = ColorizeServer.start(model, new ServerConfig("127.0.0.1", 0, LIMITS))) {
            JsonNode info = json(new ApiClient(other.port()).get("/api/model"));
            assertFalse(info.has("validation"), "trained on all pairs: no scores of its own\n" + info);
            JsonNode scores = info.path("reference_validation");
            // The reference run's last row with scores of the model's NIR mode, read here from the end
            // of its line: ...,val_psnr,val_ssim,val_ae,"f_n(nir)"
            List<String> last = List.of(referenceLog.strip().lines().filter(l -> l.endsWith(",\"f_n(nir)\"")).reduce((a, b) -> b)
                    .orElseThrow().split(","));
            assertEquals(Double.parseDouble(last.get(last.size() - 4)), scores.path("psnr").asDouble(), 0, info.toString());
            assertEquals(Double.parseDouble(last.get(last.size() - 3)), scores.path("ssim").asDouble(), 0, info.toString());
            assertEquals(Double.parseDouble(last.get(last.size() - 2)), scores.path("ae").asDouble(), 0, info.toString());
            assertTrue(scores.path("about").asText().contains("without the validation pairs"), info.toString());
        }
    }

    private static List<String> sorted(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list.stream().sorted().toList();
    }

    @Test
    void pageIsServedFromTheClasspath() throws Exception {
        HttpResponse<byte[]> page = api.get("/");
        assertEquals(200, page.statusCode());
        assertTrue(ApiClient.text(page).contains("<script src=\"/app.js\""));
        assertEquals(200, api.get("/app.js").statusCode());
        assertEquals(200, api.get("/app.css").statusCode());
    }

    @Test
    void notAnImageIs400() throws Exception {
        assertError(api.postRaw("/api/colorize", "hello, not an image".getBytes()), 400, "not an image");
    }

    @Test
    void truncatedImageIs400() throws Exception {
        assertError(api.postRaw("/api/colorize", Arrays.copyOf(nirPng, nirPng.length / 2)), 400, "truncated");
    }

    @Test
    void emptyBodyIs400() throws Exception {
        assertError(api.postRaw("/api/colorize", new byte[0]), 400, "empty");
    }

    @Test
    void unknownModeIs400() throws Exception {
        assertError(api.postRaw("/api/colorize?mode=gray", nirPng), 400, "unknown mode 'gray'");
        assertError(api.postRaw("/api/colorize?mode=sepia", nirPng), 400, "unknown mode");
    }

    @Test
    void multipartWithoutFileFieldIs400() throws Exception {
        String modeOnly = "--b\r\nContent-Disposition: form-data; name=\"mode\"\r\n\r\nnir\r\n--b--\r\n";
        assertError(api.post("/api/colorize", "multipart/form-data; boundary=b", modeOnly), 400, "'file'");
    }

    @Test
    void malformedMultipartIs400() throws Exception {
        assertError(api.post("/api/colorize", "multipart/form-data; boundary=b", "garbage"), 400, "malformed multipart");
    }

    @Test
    void uploadOverTheByteLimitIs413() throws Exception {
        byte[] big = Arrays.copyOf(nirPng, 300_000);
        assertError(api.postRaw("/api/colorize", big), 413, "upload too large");
        assertError(api.postMultipart("/api/colorize", big, "nir"), 413, "upload too large");
    }

    @Test
    void imageOverThePixelLimitIs413BeforeDecoding() throws Exception {
        BufferedImage wide = new BufferedImage(400, 300, BufferedImage.TYPE_BYTE_GRAY); // 120k > 90k pixels
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        ImageIO.write(wide, "png", png);
        assertError(api.postRaw("/api/colorize", png.toByteArray()), 413,
                "400x300 (0.12 megapixels) exceed the limit of 0.09 megapixels");
    }

    @Test
    void aRequestHeaderTooLargeIsAJson431() throws Exception {
        HttpResponse<byte[]> r = api.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.port()
                + "/api/health")).header("X-Padding", "x".repeat(20_000)).GET());
        assertError(r, 431, "request header fields too large");
    }

    @Test
    void anotherMethodOnAnApiPathIs405NamingTheAllowedOne() throws Exception {
        HttpResponse<byte[]> r = api.get("/api/colorize");
        assertError(r, 405, "use POST");
        assertEquals("POST", r.headers().firstValue("Allow").orElse(""), r.headers().toString());
        HttpResponse<byte[]> m = api.post("/api/model", "application/json", "{}");
        assertError(m, 405, "use GET");
        assertEquals("GET", m.headers().firstValue("Allow").orElse(""));
    }

    @Test
    void unknownPathIsJson404() throws Exception {
        assertError(api.get("/api/nothing"), 404, "");
    }

    /** A status, a JSON body with the message, and nothing that looks like a Java stack trace. */
    static void assertError(HttpResponse<byte[]> r, int status, String messagePart) throws IOException {
        String body = ApiClient.text(r);
        assertEquals(status, r.statusCode(), body);
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), body);
        assertTrue(json(r).path("error").asText().contains(messagePart), body);
        assertNoStackTrace(body);
    }

    static void assertNoStackTrace(String body) {
        assertFalse(body.contains("\tat ") || body.contains("at cocolor.") || body.contains("Exception"), body);
    }

    /** A PNG of the given size whose pixels are coloured: not every pixel has R = G = B. */
    static void assertColourImage(byte[] png, int width, int height) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(width, image.getWidth());
        assertEquals(height, image.getHeight());
        int coloured = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = image.getRGB(x, y);
                int r = rgb >> 16 & 0xff;
                int g = rgb >> 8 & 0xff;
                int b = rgb & 0xff;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 8) {
                    coloured++;
                }
            }
        }
        assertTrue(coloured > width * height / 10, "only " + coloured + " coloured pixels");
    }

    private static JsonNode json(HttpResponse<byte[]> r) throws IOException {
        return JSON.readTree(r.body());
    }
}
