package cocolor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cocolor.TestData;
import cocolor.data.Stems;
import cocolor.infer.Colorizer;
import cocolor.image.FloatImage;
import cocolor.image.Images;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EvaluateCommandTest {
    private static final Pattern IMAGE_LINE =
            Pattern.compile("(\\S+)  PSNR=(\\d+\\.\\d{3}) SSIM=(\\d\\.\\d{4}) AE=(\\d+\\.\\d{3})");
    private static final Pattern SUMMARY_LINE =
            Pattern.compile("PSNR=(\\d+\\.\\d{3}) SSIM=(\\d\\.\\d{4}) AE=(\\d+\\.\\d{3}) n=(\\d+)");

    @TempDir Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void identicalFoldersScoreNoAngularError() {
        int exit = run("--pred", rgbDir().toString(), "--gt", rgbDir().toString());

        assertEquals(0, exit, err.toString());
        Matcher mean = matches(SUMMARY_LINE, out.toString().strip().lines().reduce((a, b) -> b).orElseThrow());
        assertEquals("0.000", mean.group(3), out.toString());
        assertEquals("1.0000", mean.group(2), out.toString());
    }

    @Test
    void scoresFixturePairsAndEndsWithTheMean() {
        // Prediction = the NIR images themselves, named <stem>_nir.png; ground truth <stem>_rgb_reg.png.
        int exit = run("--pred", nirDir().toString(), "--gt", rgbDir().toString());

        assertEquals(0, exit, err.toString());
        List<String> lines = out.toString().lines().toList();
        assertEquals(4, lines.size(), out.toString());
        double[] sum = new double[3];
        for (int i = 0; i < 3; i++) {
            Matcher m = matches(IMAGE_LINE, lines.get(i));
            assertEquals(TestData.FIXTURE_STEMS.get(i), m.group(1));
            for (int k = 0; k < 3; k++) {
                sum[k] += Double.parseDouble(m.group(k + 2));
            }
        }
        assertTrue(lines.get(0).endsWith("PSNR=9.160 SSIM=0.3492 AE=6.908"), lines.get(0));

        Matcher summary = matches(SUMMARY_LINE, lines.get(3));
        assertEquals(sum[0] / 3, Double.parseDouble(summary.group(1)), 0.001);
        assertEquals(sum[1] / 3, Double.parseDouble(summary.group(2)), 0.0001);
        assertEquals(sum[2] / 3, Double.parseDouble(summary.group(3)), 0.001);
        assertEquals("3", summary.group(4));
    }

    @Test
    void breakdownComesBeforeTheSummaryLine() {
        int exit = run("--pred", nirDir().toString(), "--gt", rgbDir().toString(), "--breakdown");

        assertEquals(0, exit, err.toString());
        List<String> lines = out.toString().lines().toList();
        assertEquals(5, lines.size(), out.toString());
        Matcher m = matches(Pattern.compile(
                "breakdown: PSNR ([0-9.]+) as predicted, ([0-9.]+) with the true luminance, ([0-9.]+) with the true mean colour;"
                        + " brightness ([+-][0-9.]+) against the ground truth \\(([0-3]) of 3 images darker\\)"),
                lines.get(3));
        Matcher summary = matches(SUMMARY_LINE, lines.get(4));
        assertEquals(Double.parseDouble(summary.group(1)), Double.parseDouble(m.group(1)), 0.0005);
        // NIR shown as gray has no chroma: with the true luminance, it is the ground truth's gray.
        assertTrue(Double.parseDouble(m.group(2)) > Double.parseDouble(m.group(1)), lines.get(3));
        // The mean bias and the count of darker images agree in sign at the extremes.
        int darker = Integer.parseInt(m.group(5));
        double bias = Double.parseDouble(m.group(4));
        assertTrue(darker > 0 || bias >= 0, lines.get(3));
        assertTrue(darker < 3 || bias < 0, lines.get(3));
    }

    @Test
    void writesJsonReport() throws IOException {
        Path json = dir.resolve("report.json");
        int exit = run("--pred", nirDir().toString(), "--gt", rgbDir().toString(),
                "--json", json.toString());

        assertEquals(0, exit, err.toString());
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertEquals(3, report.get("mean").get("count").asInt());
        assertEquals(3, report.get("images").size());
        assertEquals("country_0010", report.get("images").get(0).get("name").asText());
        assertEquals(9.160, report.get("images").get(0).get("psnr").asDouble(), 0.0005);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(json), files.toList(), "no temporary file left");
        }
    }

    @Test
    void skipsBadPairsWarnsAboutUnpairedAndFails() throws IOException {
        Path pred = Files.createDirectory(dir.resolve("pred"));
        Files.copy(TestData.fixtureNir("country_0010"), pred.resolve("country_0010_nir.png"));
        Images.writePng(new FloatImage(3, 10, 10), pred.resolve("country_0011.png")); // wrong size
        Files.writeString(pred.resolve("country_0019_nir.png"), "not a png");
        Files.copy(TestData.fixtureNir("country_0010"), pred.resolve("extra_0001_nir.png"));

        int exit = run("--pred", pred.toString(), "--gt", rgbDir().toString());

        assertEquals(1, exit);
        String errors = err.toString();
        assertTrue(errors.contains("without ground truth, ignored: extra_0001"), errors);
        assertTrue(errors.contains("skipped country_0011: ") && errors.contains("differs"), errors);
        assertTrue(errors.contains("skipped country_0019: "), errors);
        assertTrue(errors.contains("country_0019_nir.png: not an image"), errors);
        List<String> lines = out.toString().lines().toList();
        assertEquals(2, lines.size(), out.toString());
        assertEquals("1", matches(SUMMARY_LINE, lines.get(1)).group(4));
    }

    /**
     * The bundled model's colorizations of the epfl_extra fixtures (buildings, where it can paint
     * worse than no colour), with their NIR images as --input: the count of images below their gray
     * copy agrees with scoring the NIR images themselves as predictions (evaluate reads a NIR
     * prediction as its gray copy).
     */
    @Test
    void inputImagesCountThePredictionsBelowTheirGrayCopyBeforeTheSummary() throws IOException {
        Path pred = dir.resolve("pred");
        Path gt = TestData.epflFixtures().resolve("rgb");
        Path input = Files.createDirectory(dir.resolve("input"));
        try (Colorizer model = Colorizer.loadDefault(); Stream<Path> nirs = Files.list(TestData.epflFixtures().resolve("nir"))) {
            for (Path nir : nirs.toList()) {
                Files.copy(nir, input.resolve(nir.getFileName()));
                Images.writePng(model.colorize(Images.readGray(nir)), pred.resolve(Stems.stem(nir) + ".png"));
            }
        }
        Map<String, Double> copies = imageLines(runAndReturnOut("--pred", input.toString(), "--gt", gt.toString()));
        assertEquals(3, copies.size());

        String output = runAndReturnOut("--pred", pred.toString(), "--gt", gt.toString(), "--input", input.toString());

        Map<String, Double> predicted = imageLines(output);
        long below = predicted.keySet().stream().filter(stem -> predicted.get(stem) < copies.get(stem)).count();
        double copyMean = copies.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        List<String> lines = output.lines().toList();
        assertEquals(String.format(Locale.ROOT, "below gray copy: %d of 3 (gray copy PSNR=%.3f)", below, copyMean),
                lines.get(lines.size() - 2));
        matches(SUMMARY_LINE, lines.get(lines.size() - 1));
        // two scene categories among the three: a line each, with their own gray-copy count
        long urbanBelow = predicted.keySet().stream().filter(stem -> stem.startsWith("urban") && predicted.get(stem) < copies.get(stem)).count();
        assertTrue(lines.get(lines.size() - 4).startsWith("category oldbuilding: PSNR="), output);
        assertTrue(lines.get(lines.size() - 4).contains(" n=1, below gray copy: "), output);
        assertTrue(lines.get(lines.size() - 3).startsWith("category urban: PSNR="), output);
        assertTrue(lines.get(lines.size() - 3).contains(" n=2, below gray copy: " + urbanBelow + " of 2 (gray copy PSNR="), output);

        Files.delete(input.resolve("urban_0020_nir.png"));
        Files.writeString(input.resolve("urban_0017_nir.png"), "not a png");
        out.getBuffer().setLength(0);
        int exit = run("--pred", pred.toString(), "--gt", gt.toString(), "--input", input.toString());
        assertEquals(1, exit, "an unreadable input image fails the job");
        assertTrue(err.toString().contains("1 scored image(s) without an image in " + input
                + ", not compared with a gray copy: urban_0020"), err.toString());
        assertTrue(err.toString().contains("skipped the input of urban_0017: "), err.toString());
        assertTrue(out.toString().contains("below gray copy: ") && out.toString().contains(" of 1 (gray copy PSNR="), out.toString());
    }

    private String runAndReturnOut(String... args) {
        out.getBuffer().setLength(0);
        assertEquals(0, run(args), err.toString());
        return out.toString();
    }

    /** Stem to PSNR, from the per-image lines. */
    private static Map<String, Double> imageLines(String output) {
        Map<String, Double> psnr = new TreeMap<>();
        output.lines().map(IMAGE_LINE::matcher).filter(Matcher::matches)
                .forEach(m -> psnr.put(m.group(1), Double.parseDouble(m.group(2))));
        return psnr;
    }

    @Test
    void anEmptyFolderIsOneErrorLine() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));

        int exit = run("--pred", empty.toString(), "--gt", rgbDir().toString());

        assertEquals(1, exit);
        assertEquals(List.of("error: no images in " + empty + " (supported: PNG, JPEG, BMP, TIFF)"), err.toString().lines().toList());
        assertEquals("", out.toString());
    }

    @Test
    void failsWhenNothingCanBeScored() throws IOException {
        Path other = dir.resolve("other");
        Images.writePng(new FloatImage(3, 8, 8), other.resolve("unrelated.png"));

        int exit = run("--pred", other.toString(), "--gt", rgbDir().toString());

        assertEquals(1, exit);
        assertTrue(err.toString().contains("3 ground truth image(s) without prediction"), err.toString());
        assertTrue(err.toString().contains("no image pair could be scored"), err.toString());
        assertEquals("", out.toString());
    }

    private int run(String... args) {
        CommandLine cl = new CommandLine(new EvaluateCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private static Matcher matches(Pattern pattern, String line) {
        Matcher m = pattern.matcher(line);
        assertTrue(m.matches(), "unexpected line: " + line);
        return m;
    }

    private static Path nirDir() {
        return TestData.fixtures().resolve("nir");
    }

    private static Path rgbDir() {
        return TestData.fixtures().resolve("rgb");
    }
}
