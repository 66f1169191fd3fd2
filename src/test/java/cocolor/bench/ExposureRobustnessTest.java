package cocolor.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cocolor.TestData;
import cocolor.TinyModel;
import cocolor.image.FloatImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExposureRobustnessTest {
    @TempDir
    Path tmp;

    @Test
    void reExposureScalesShiftsAndClamps() {
        FloatImage nir = new FloatImage(1, 1, 3, new float[] {0f, 0.5f, 1f});
        assertArrayEquals(new float[] {0.2f, 0.5f, 0.8f}, new ExposureRobustness.Exposure("flat", 0.6f, 0.2f).apply(nir).data(), 1e-6f);
        assertArrayEquals(new float[] {0.12f, 0.62f, 1f}, new ExposureRobustness.Exposure("bright", 1f, 0.12f).apply(nir).data(), 1e-6f);
        assertArrayEquals(new float[] {0f, 0.5f, 1f}, nir.data(), "the input is left as it was");
    }

    @Test
    void scoresEveryExposureOfTheSet() throws Exception {
        Path split = tmp.resolve("splits.tsv");
        Files.writeString(split, "stem\tsource_group\tsplit\ncountry_0010\ta\tval\ncountry_0011\tb\tval\ncountry_0019\tc\ttrain\n");
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            ExposureRobustness.main(new String[] {"--data", TestData.fixtures().toString(), "--split", split.toString(),
                    "--model", TinyModel.get().toString()});
        } finally {
            System.setOut(saved);
        }
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.get(0).startsWith("2 'val' pairs"), lines.get(0));
        assertEquals(ExposureRobustness.EXPOSURES.size(), lines.stream().filter(l -> l.startsWith("RESULT ")).count(), lines.toString());
        assertEquals(1, lines.stream().filter(l -> l.contains("brightness bias") && l.contains("of 2 images darker")).count(), lines.toString());
        assertEquals(1, lines.stream().filter(l -> l.startsWith("  colorized in four quarters: PSNR ")).count(), lines.toString());
    }

    @Test
    void quartersAreColorizedApartAndPutBackInPlace() {
        FloatImage nir = cocolor.TinyData.smooth(21, 30, new java.util.Random(5));
        try (cocolor.infer.Colorizer model = cocolor.infer.Colorizer.load(TinyModel.get())) {
            FloatImage whole = ExposureRobustness.inQuarters(model, nir);
            assertEquals(21, whole.height());
            assertEquals(30, whole.width());
            FloatImage lowerRight = model.colorize(nir.crop(10, 15, 11, 15));
            assertEquals(lowerRight.get(1, 0, 0), whole.get(1, 10, 15), 1e-6f);
            assertEquals(lowerRight.get(2, 10, 14), whole.get(2, 20, 29), 1e-6f);
            assertTrue(Math.abs(model.colorize(nir).get(0, 10, 15) - whole.get(0, 10, 15)) > 1e-6f,
                    "a quarter sees less context than the whole image");
        }
    }
}
