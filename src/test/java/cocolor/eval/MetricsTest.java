package cocolor.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cocolor.TestData;
import cocolor.image.FloatImage;
import cocolor.image.Images;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetricsTest {

    /** Reference values from data/README.md: NIR replicated to RGB, scored against the RGB. */
    @ParameterizedTest
    @CsvSource({
        "country_0010, 9.160, 0.3492, 6.908",
        "country_0011, 7.979, 0.2723, 32.827",
        "country_0019, 7.997, 0.4278, 10.787",
    })
    void nirAsRgbMatchesReadmeReference(String stem, double psnr, double ssim, double ae) {
        ImageScore score = nirBaseline(TestData.fixtureNir(stem), TestData.fixtureRgb(stem));
        assertEquals(psnr, round(score.psnr(), 3), 0, "PSNR " + score);
        assertEquals(ssim, round(score.ssim(), 4), 0, "SSIM " + score);
        assertEquals(ae, round(score.ae(), 3), 0, "AE " + score);
    }

    @Test
    void meanOverValSplitMatchesReadmeReference() throws IOException {
        Path train = TestData.sharedVcipTrain().orElse(null);
        Assumptions.assumeTrue(train != null, "../shared/data/vcip2020/train not present");
        List<ImageScore> scores = new ArrayList<>();
        try (Stream<String> lines = Files.lines(train.resolve("splits.tsv"))) {
            for (String line : (Iterable<String>) lines.skip(1)::iterator) {
                String[] cols = line.split("\t");
                if (cols[2].equals("val")) {
                    scores.add(nirBaseline(
                            train.resolve("nir").resolve(cols[0] + "_nir.png"),
                            train.resolve("rgb").resolve(cols[0] + "_rgb_reg.png")));
                }
            }
        }
        MetricSummary mean = MetricSummary.mean(scores);
        assertEquals(42, mean.count());
        assertEquals(13.385, round(mean.psnr(), 3), 0, "PSNR " + mean);
        assertEquals(0.5336, round(mean.ssim(), 4), 0, "SSIM " + mean);
        assertEquals(7.026, round(mean.ae(), 3), 0, "AE " + mean);
    }

    @Test
    void identicalImagesScorePerfectly() {
        FloatImage a = random(3, 20, 30, 1);
        assertEquals(Metrics.PSNR_IDENTICAL, Metrics.psnr(a, a));
        assertEquals(1.0, Metrics.ssim(a, a), 1e-12);
        assertEquals(0.0, Metrics.angularError(a, a));
    }

    @Test
    void aRealPhotoAgainstItselfHasNoAngularErrorDarkPixelsIncluded() {
        FloatImage photo = Images.readRgb(TestData.fixtureRgb("country_0011"));
        float[] dark = photo.data().clone();
        for (int i = 0; i < dark.length; i++) {
            dark[i] *= 0.01f; // dark pixels are where the reference's +1e-6 weighs most
        }
        FloatImage darkened = new FloatImage(3, photo.height(), photo.width(), dark);
        darkened.data()[0] = darkened.data()[photo.planeSize()] = darkened.data()[2 * photo.planeSize()] = 0; // and a black one
        assertEquals(0.0, Metrics.angularError(photo, photo));
        assertEquals(0.0, Metrics.angularError(darkened, darkened));
    }

    @Test
    void psnrOfConstantOffsetIsExact() {
        FloatImage a = new FloatImage(1, 8, 8);
        FloatImage b = new FloatImage(1, 8, 8);
        Arrays.fill(b.data(), 0.25f);
        assertEquals(10 * Math.log10(1 / 0.0625), Metrics.psnr(a, b), 1e-9); // about 12.04 dB
    }

    @Test
    void angularErrorOfOrthogonalColorsIsNinetyDegrees() {
        FloatImage red = new FloatImage(3, 2, 2);
        FloatImage green = new FloatImage(3, 2, 2);
        Arrays.fill(red.data(), 0, 4, 1f);
        Arrays.fill(green.data(), 4, 8, 1f);
        assertEquals(90.0, Metrics.angularError(red, green), 1e-9);
    }

    @Test
    void mismatchedImagesAreRejected() {
        FloatImage a = new FloatImage(3, 10, 10);
        assertThrows(IllegalArgumentException.class, () -> Metrics.psnr(a, new FloatImage(3, 10, 11)));
        assertThrows(IllegalArgumentException.class, () -> Metrics.ssim(a, new FloatImage(1, 10, 10)));
        assertThrows(IllegalArgumentException.class,
                () -> Metrics.ssim(new FloatImage(1, 6, 10), new FloatImage(1, 6, 10)));
        assertThrows(IllegalArgumentException.class,
                () -> Metrics.angularError(new FloatImage(1, 9, 9), new FloatImage(1, 9, 9)));
    }

    private static ImageScore nirBaseline(Path nir, Path rgb) {
        return Metrics.score(nir.getFileName().toString(), Images.readRgb(nir), Images.readRgb(rgb));
    }

    private static double round(double v, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(v * scale) / scale;
    }

    private static FloatImage random(int c, int h, int w, long seed) {
        Random rnd = new Random(seed);
        FloatImage img = new FloatImage(c, h, w);
        for (int i = 0; i < img.data().length; i++) {
            img.data()[i] = rnd.nextFloat();
        }
        return img;
    }
}
