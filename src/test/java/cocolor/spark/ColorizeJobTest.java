package cocolor.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cocolor.TinyData;
import cocolor.TinyModel;
import cocolor.commandline.UsageError;
import cocolor.image.FloatImage;
import cocolor.image.Images;
import cocolor.infer.Colorizer;
import cocolor.infer.Scale;
import cocolor.recipe.Mode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark job in local[2] mode over 50 inputs, one of them not an image. */
class ColorizeJobTest {
    private static final int GOOD = 49;
    private static final FileTime LONG_AGO = FileTime.fromMillis(1_000_000);

    private static SparkSession spark;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startSpark() {
        spark = SparkSession.builder()
                .master("local[2]")
                .appName("ColorizeJobTest")
                .config("spark.ui.enabled", false)
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", 2)
                .getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    private Path inputs() throws IOException {
        Path in = tmp.resolve("in");
        Random r = new Random(8);
        for (int i = 0; i < GOOD; i++) {
            Images.writePng(TinyData.smooth(16 + r.nextInt(25), 16 + r.nextInt(25), r), in.resolve(String.format("n%02d_nir.png", i)));
        }
        Files.writeString(in.resolve("broken.png"), "not an image");
        return in;
    }

    private ColorizeJob.Summary runJob(String... args) {
        var cl = ColorizeJob.commandLine();
        cl.parseArgs(args);
        ColorizeJob job = cl.getCommand();
        return job.run(spark);
    }

    /** The manifest's rows by input file name. */
    private static Map<String, Row> manifest(String uri) {
        List<Row> rows = spark.read().schema(Manifest.SCHEMA).json(uri).collectAsList();
        Map<String, Row> byName = new HashMap<>();
        for (Row row : rows) {
            String path = row.getAs("path");
            byName.put(path.substring(path.lastIndexOf('/') + 1), row);
        }
        assertEquals(rows.size(), byName.size(), "one row per input");
        return byName;
    }

    private static long count(Map<String, Row> manifest, String status) {
        return manifest.values().stream().filter(r -> status.equals(r.getAs("status"))).count();
    }

    @Test
    void colorizesLikeTheLibraryRecordsTheBadFileAndResumes() throws IOException {
        Path in = inputs();
        Path out = tmp.resolve("out");
        String model = TinyModel.get().toString();
        String[] args = {"--input", in.toString(), "--output", out.toString(), "--model", model};

        ColorizeJob.Summary first = runJob(args);
        assertEquals(new ColorizeJob.Summary(GOOD, 0, 1, out.resolve("manifest").toString()), first);
        Map<String, Row> rows = manifest(first.manifest());
        assertEquals(GOOD + 1, rows.size());
        assertEquals(GOOD, count(rows, "ok"));
        Row bad = rows.get("broken.png");
        assertEquals("error", bad.getAs("status"));
        assertNull(bad.getAs("output"));
        String error = bad.getAs("error");
        assertTrue(error.startsWith("broken.png: not an image"), error);
        Row good = rows.get("n00_nir.png");
        assertTrue(((String) good.getAs("output")).endsWith("/out/n00_nir.png"), good.toString());
        assertTrue((long) good.getAs("millis") >= 0);

        try (Colorizer colorizer = Colorizer.load(Path.of(model)); Stream<Path> files = Files.list(in)) {
            for (Path input : files.filter(p -> !p.endsWith("broken.png")).toList()) {
                FloatImage expected = colorizer.colorize(Images.readGray(input), Mode.NIR);
                String name = input.getFileName().toString();
                assertSamePixels(Images.toBufferedImage(expected), ImageIO.read(out.resolve(name).toFile()), name);
            }
        }
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(GOOD + 1, files.count(), "the PNGs and the manifest, no temporary or checksum files");
        }

        for (Path png : pngs(out)) {
            Files.setLastModifiedTime(png, LONG_AGO);
        }
        ColorizeJob.Summary second = runJob(args);
        assertEquals(new ColorizeJob.Summary(0, GOOD, 1, first.manifest()), second);
        rows = manifest(second.manifest());
        assertEquals(GOOD, count(rows, "skipped"));
        assertEquals(error, rows.get("broken.png").getAs("error"));
        for (Path png : pngs(out)) {
            assertEquals(LONG_AGO, Files.getLastModifiedTime(png), png + " was left alone");
        }

        // An output cut short and one of another size are redone.
        Path cut = out.resolve("n01_nir.png");
        byte[] bytes = Files.readAllBytes(cut);
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Images.writePng(TinyData.smooth(8, 8, new Random(1)), out.resolve("n02_nir.png"));
        ColorizeJob.Summary third = runJob(args);
        assertEquals(new ColorizeJob.Summary(2, GOOD - 2, 1, first.manifest()), third);
        assertEquals(Images.readRgb(in.resolve("n02_nir.png")).width(), Images.readRgb(out.resolve("n02_nir.png")).width());
        Images.readRgb(cut);
    }

    @Test
    void inputsThatWouldWriteTheSameOutputAreRecordedNotOverwritten() throws IOException {
        Path in = tmp.resolve("in");
        Images.writePng(TinyData.smooth(16, 16, new Random(1)), in.resolve("a.png"));
        Images.writePng(TinyData.smooth(16, 16, new Random(2)), in.resolve("b.png"));
        Files.copy(in.resolve("b.png"), in.resolve("b.PNG"));
        Path out = tmp.resolve("out");
        ColorizeJob.Summary s = runJob("-i", in.toString(), "-o", out.toString(), "--model", TinyModel.get().toString(),
                "--manifest", tmp.resolve("manifest").toString(), "--partitions", "1");
        assertEquals(1, s.colorized());
        assertEquals(2, s.failed());
        assertTrue(((String) manifest(s.manifest()).get("b.PNG").getAs("error")).contains("is also the output of"));
        assertEquals(List.of(out.resolve("a.png")), pngs(out));
    }

    @Test
    void theScaleOptionReachesTheExecutors() throws IOException {
        // Four times the tiny model's 40-pixel working scale, where the two scales differ.
        Path in = tmp.resolve("big");
        Images.writePng(TinyData.smooth(160, 200, new Random(3)), in.resolve("big.png"));
        Path out = tmp.resolve("out");
        String model = TinyModel.get().toString();
        runJob("--input", in.toString(), "--output", out.toString(), "--model", model, "--scale", "native");
        try (Colorizer colorizer = Colorizer.load(Path.of(model))) {
            FloatImage input = Images.readGray(in.resolve("big.png"));
            BufferedImage written = ImageIO.read(out.resolve("big.png").toFile());
            assertSamePixels(Images.toBufferedImage(colorizer.colorize(input, Mode.NIR, Scale.NATIVE)), written, "big.png");
            BufferedImage auto = Images.toBufferedImage(colorizer.colorize(input, Mode.NIR, Scale.AUTO));
            assertFalse(java.util.Arrays.equals(auto.getRGB(0, 0, 200, 160, null, 0, 200), written.getRGB(0, 0, 200, 160, null, 0, 200)),
                    "auto would have colorized a reduced copy");
        }
    }

    @Test
    void anOutputFolderHoldingTheInputsIsRefusedBeforeAnyWork() throws IOException {
        Path in = tmp.resolve("in");
        Images.writePng(TinyData.smooth(16, 16, new Random(1)), in.resolve("a_nir.png"));
        Images.writePng(TinyData.smooth(16, 16, new Random(2)), in.resolve("b_nir.png"));
        byte[] before = Files.readAllBytes(in.resolve("a_nir.png"));

        UsageError e = assertThrows(UsageError.class,
                () -> runJob("-i", in.toString(), "-o", in.toString(), "--model", TinyModel.get().toString()));

        assertTrue(e.getMessage().contains("is the input") && e.getMessage().contains("--output folder"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(in.resolve("a_nir.png")));
        try (Stream<Path> files = Files.list(in)) {
            assertEquals(2, files.count(), "no manifest, no temporary file");
        }
    }

    private static List<Path> pngs(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
    }

    private static void assertSamePixels(BufferedImage expected, BufferedImage actual, String name) {
        assertEquals(expected.getWidth(), actual.getWidth(), name);
        assertEquals(expected.getHeight(), actual.getHeight(), name);
        int w = expected.getWidth();
        int h = expected.getHeight();
        assertArrayEquals(expected.getRGB(0, 0, w, h, null, 0, w), actual.getRGB(0, 0, w, h, null, 0, w), name);
    }
}
