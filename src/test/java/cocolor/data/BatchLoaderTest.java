package cocolor.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import cocolor.TinyData;
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
        BatchLoader loader = new BatchLoader(flat, new Augmenter(noJitter), 3, POOL);
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
        BatchLoader a = new BatchLoader(s, new Augmenter(spec()), 42, POOL);
        BatchLoader b = new BatchLoader(s, new Augmenter(spec()), 42, POOL);
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
        BatchLoader a = new BatchLoader(samples(10), new Augmenter(spec()), 42, POOL);
        assertFalse(Arrays.equals(all(a, 0, 0).get(0).rgb(), all(a, 1, 0).get(0).rgb()));
    }

    @Test
    void plainCropCopiesPixelsAndFlipMirrors() {
        var nir = TinyData.smooth(40, 40, new Random(3));
        Sample s = new Sample("x", nir, TinyData.colorOf(nir));
        AugmentSpec exact = new AugmentSpec(40, 1, null, false, null, null);
        float[] in = new float[40 * 40];
        float[] rgb = new float[3 * 40 * 40];
        new Augmenter(exact).crop(s, new java.util.SplittableRandom(1), in, 0, rgb, 0);
        assertArrayEquals(nir.data(), in);
        assertArrayEquals(s.rgb().data(), rgb);

        AugmentSpec flip = new AugmentSpec(40, 1, null, true, null, null);
        boolean sawFlip = false;
        for (int seed = 0; seed < 8 && !sawFlip; seed++) {
            new Augmenter(flip).crop(s, new java.util.SplittableRandom(seed), in, 0, rgb, 0);
            if (in[0] == nir.get(0, 0, 39)) {
                sawFlip = in[39] == nir.get(0, 0, 0);
            }
        }
        assertEquals(true, sawFlip);
    }

    @Test
    void photosYieldTheirLumaAsInput() {
        var nir = TinyData.smooth(32, 32, new Random(4));
        Sample photo = new Sample("p", null, TinyData.colorOf(nir));
        float[] in = new float[32 * 32];
        float[] rgb = new float[3 * 32 * 32];
        new Augmenter(new AugmentSpec(32, 1, null, false, null, null)).crop(photo, new java.util.SplittableRandom(1), in, 0, rgb, 0);
        float expected = (float) (0.299 * rgb[5] + 0.587 * rgb[1024 + 5] + 0.114 * rgb[2048 + 5]);
        assertEquals(expected, in[5], 1e-6);
    }
}
