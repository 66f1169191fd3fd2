package cocolor.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cocolor.TestData;
import cocolor.TinyData;
import cocolor.image.FloatImage;
import cocolor.image.Images;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class BatchLoaderTest {
    private static final ExecutorService POOL = Executors.newSingleThreadExecutor();

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    private static List<Sample> samples(int n) {
        Random r = new Random(1);
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            var nir = TinyData.smooth(48, 40, r);
            out.add(new Sample("s" + i, nir, TinyData.colorOf(nir)));
        }
        return out;
    }

    private static AugmentSpec spec() {
        return new AugmentSpec(32, 3, new double[] {1.0, 1.25}, true, new double[] {0.8, 1.2}, new double[] {-0.1, 0.1});
    }

    private static List<Batch> all(BatchLoader loader, int epoch, int first) {
        List<Batch> out = new ArrayList<>();
        loader.epoch(epoch, first).forEach(out::add);
        return out;
    }

    /** Two flat images, one batch of three: the batch repeats an image rather than failing. */
    @Test
    void fewerSamplesThanABatchMakeOneBatchThatRepeatsThem() {
        List<Sample> flat = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            float[] v = new float[48 * 40];
            Arrays.fill(v, 0.25f * (i + 1));
            var nir = new cocolor.image.FloatImage(1, 48, 40, v);
            flat.add(new Sample("flat" + i, nir, TinyData.colorOf(nir)));
        }
        AugmentSpec noJitter = new AugmentSpec(32, 3, new double[] {1.0, 1.25}, true, new double[] {1, 1}, new double[] {0, 0});
        BatchLoader loader = new BatchLoader(flat, new Augmenter(noJitter), 1, 3, POOL);
        assertEquals(1, loader.batchesPerEpoch());
        List<Batch> epoch = all(loader, 0, 0);
        assertEquals(1, epoch.size());
        float[] input = epoch.get(0).input();
        assertEquals(3 * 32 * 32, input.length);
        java.util.Set<Float> firstPixels = new java.util.TreeSet<>();
        for (int i = 0; i < 3; i++) {
            firstPixels.add(input[i * 32 * 32]);
        }
        assertEquals(java.util.Set.of(0.25f, 0.5f), firstPixels, "both images, one of them twice");
    }

    @Test
    void batchesAreReproducibleAndResumeMidEpoch() {
        List<Sample> s = samples(10);
        BatchLoader a = new BatchLoader(s, new Augmenter(spec()), 1, 42, POOL);
        BatchLoader b = new BatchLoader(s, new Augmenter(spec()), 1, 42, POOL);
        assertEquals(3, a.batchesPerEpoch());
        List<Batch> full = all(a, 5, 0);
        List<Batch> resumed = all(b, 5, 1);
        assertEquals(3, full.size());
        assertEquals(2, resumed.size());
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(full.get(i + 1).input(), resumed.get(i).input());
            assertArrayEquals(full.get(i + 1).rgb(), resumed.get(i).rgb());
        }
    }

    @Test
    void epochsDiffer() {
        BatchLoader a = new BatchLoader(samples(10), new Augmenter(spec()), 1, 42, POOL);
        assertFalse(Arrays.equals(all(a, 0, 0).get(0).rgb(), all(a, 1, 0).get(0).rgb()));
    }

    @Test
    void plainCropCopiesPixelsAndFlipMirrors() {
        var nir = TinyData.smooth(40, 40, new Random(3));
        Sample s = new Sample("x", nir, TinyData.colorOf(nir));
        AugmentSpec exact = new AugmentSpec(40, 1, null, false, null, null);
        float[] in = new float[40 * 40];
        float[] rgb = new float[3 * 40 * 40];
        new Augmenter(exact).crop(s, 40, 40, new java.util.SplittableRandom(1), in, 0, rgb, 0);
        assertArrayEquals(nir.data(), in);
        assertArrayEquals(s.rgb().data(), rgb);

        AugmentSpec flip = new AugmentSpec(40, 1, null, true, null, null);
        boolean sawFlip = false;
        for (int seed = 0; seed < 8 && !sawFlip; seed++) {
            new Augmenter(flip).crop(s, 40, 40, new java.util.SplittableRandom(seed), in, 0, rgb, 0);
            if (in[0] == nir.get(0, 0, 39)) {
                sawFlip = in[39] == nir.get(0, 0, 0);
            }
        }
        assertEquals(true, sawFlip);
    }

    private static Sample fixture(Path dir, String stem, String rgbSuffix) {
        return new Sample(stem, Images.readGray(dir.resolve("nir/" + stem + "_nir.png")),
                Images.readRgb(dir.resolve("rgb/" + stem + rgbSuffix + ".png")));
    }

    /**
     * A stage on whole images (crop 256, no zoom) over a 256² VCIP pair and two epfl_extra pairs of
     * 280×186 and 146×219: the batch takes the largest multiple of the stride that all three hold
     * on each axis, as native-scale windows (pixel copies, nothing enlarged or padded); a larger
     * stride rounds further down.
     */
    @Test
    void imagesSmallerThanTheCropShrinkTheirBatchToMultiplesOfTheStrideAtNativeScale() {
        List<Sample> mixed = List.of(fixture(TestData.fixtures(), "country_0010", "_rgb_reg"),
                fixture(TestData.epflFixtures(), "urban_0017", "_rgb"),
                fixture(TestData.epflFixtures(), "oldbuilding_0030", "_rgb"));
        AugmentSpec whole = new AugmentSpec(256, 3, new double[] {1, 1}, false, null, null);

        Batch b = all(new BatchLoader(mixed, new Augmenter(whole), 16, 7, POOL), 0, 0).get(0);

        assertEquals(List.of(176, 144), List.of(b.height(), b.width()), "186 and 146 rounded down to multiples of 16");
        int plane = b.height() * b.width();
        Set<String> found = new TreeSet<>();
        for (int i = 0; i < 3; i++) {
            float[] nir = Arrays.copyOfRange(b.input(), i * plane, (i + 1) * plane);
            for (Sample s : mixed) {
                int[] at = windowOf(s.nir(), nir, b.height(), b.width());
                if (at != null) {
                    assertArrayEquals(s.rgb().crop(at[0], at[1], b.height(), b.width()).data(),
                            Arrays.copyOfRange(b.rgb(), i * 3 * plane, (i + 1) * 3 * plane), "the RGB crop is the same window");
                    found.add(s.name());
                }
            }
        }
        assertEquals(Set.of("country_0010", "urban_0017", "oldbuilding_0030"), found, "each image once, as a window of itself");

        Batch coarse = all(new BatchLoader(mixed, new Augmenter(whole), 64, 7, POOL), 0, 0).get(0);
        assertEquals(List.of(128, 128), List.of(coarse.height(), coarse.width()), "stride 64");
        Batch vcipOnly = all(new BatchLoader(mixed.subList(0, 1), new Augmenter(whole), 16, 7, POOL), 0, 0).get(0);
        assertEquals(List.of(256, 256), List.of(vcipOnly.height(), vcipOnly.width()), "a 256² image whole");
    }

    /** The top-left corner at which {@code crop} (h×w) is an exact window of the one-channel {@code image}, or null. */
    private static int[] windowOf(FloatImage image, float[] crop, int h, int w) {
        float[] px = image.data();
        for (int y = 0; y + h <= image.height(); y++) {
            for (int x = 0; x + w <= image.width(); x++) {
                if (sameWindow(px, image.width(), y, x, crop, h, w)) {
                    return new int[] {y, x};
                }
            }
        }
        return null;
    }

    private static boolean sameWindow(float[] px, int rowLength, int y, int x, float[] crop, int h, int w) {
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                if (px[(y + r) * rowLength + x + c] != crop[r * w + c]) {
                    return false;
                }
            }
        }
        return true;
    }

    @Test
    void aCropThatIsNoMultipleOfTheStrideIsRefused() {
        AugmentSpec odd = new AugmentSpec(40, 1, null, false, null, null);
        assertThrows(IllegalArgumentException.class, () -> new BatchLoader(samples(2), new Augmenter(odd), 16, 1, POOL));
    }

    @Test
    void photosYieldTheirLumaAsInput() {
        var nir = TinyData.smooth(32, 32, new Random(4));
        Sample photo = new Sample("p", null, TinyData.colorOf(nir));
        float[] in = new float[32 * 32];
        float[] rgb = new float[3 * 32 * 32];
        new Augmenter(new AugmentSpec(32, 1, null, false, null, null)).crop(photo, 32, 32, new java.util.SplittableRandom(1), in, 0, rgb, 0);
        float expected = (float) (0.299 * rgb[5] + 0.587 * rgb[1024 + 5] + 0.114 * rgb[2048 + 5]);
        assertEquals(expected, in[5], 1e-6);
    }
}
