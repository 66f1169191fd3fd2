package cocolor.data;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Serves the batches of an epoch, prepared ahead on a worker thread so that augmentation overlaps
 * with training. Everything random derives from (seed, epoch, batch index): a run resumed in the
 * middle of an epoch sees exactly the batches it would have seen.
 *
 * <p>The images of a batch share one size: the crop, or less on an axis where an image of the batch
 * is smaller than the crop, rounded down to a multiple of the networks' stride. So a stage on
 * whole images ({@code crop: 256}) trains on whole 256² images, and an image 380 wide and 250 high
 * makes the crops of its batch 256 wide and 240 high (stride 16), at native scale: nothing is
 * padded (a padded margin would enter the losses), nothing enlarged. Cropping the batch to its
 * smallest image costs the larger ones a margin, where batching by size would keep it, but keeps
 * epochs a plain shuffle.
 */
public final class BatchLoader {
    private static final int PREFETCH = 3;

    private final List<Sample> samples;
    private final Augmenter augmenter;
    private final int stride;
    private final long seed;
    private final ExecutorService workers;

    /** {@code stride}: batch sides are multiples of it (the crop itself must be one). */
    public BatchLoader(List<Sample> samples, Augmenter augmenter, int stride, long seed, ExecutorService workers) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no training images");
        }
        if (stride < 1 || augmenter.spec().crop() % stride != 0) {
            throw new IllegalArgumentException("crop " + augmenter.spec().crop() + " is not a multiple of the stride " + stride);
        }
        this.samples = samples;
        this.augmenter = augmenter;
        this.stride = stride;
        this.seed = seed;
        this.workers = workers;
    }

    /**
     * Full batches per epoch (the last partial batch is dropped: batch norm dislikes tiny
     * batches); with fewer samples than a batch, one batch that repeats them.
     */
    public int batchesPerEpoch() {
        return Math.max(1, samples.size() / augmenter.spec().batch());
    }

    /** The batches of {@code epoch} from index {@code first} on. */
    public Iterable<Batch> epoch(int epoch, int first) {
        int[] order = permutation(epoch);
        return () -> new java.util.Iterator<>() {
            private final Deque<CompletableFuture<Batch>> ahead = new ArrayDeque<>();
            private int next = first;

            {
                while (ahead.size() < PREFETCH && next < batchesPerEpoch()) {
                    submit();
                }
            }

            private void submit() {
                int index = next++;
                ahead.add(CompletableFuture.supplyAsync(() -> build(order, epoch, index), workers));
            }

            @Override
            public boolean hasNext() {
                return !ahead.isEmpty();
            }

            @Override
            public Batch next() {
                if (ahead.isEmpty()) {
                    throw new NoSuchElementException();
                }
                Batch b = ahead.poll().join();
                if (next < batchesPerEpoch()) {
                    submit();
                }
                return b;
            }
        };
    }

    /** Draws a batch of random samples (with replacement), for RGB-only data that has no epochs of its own. */
    public Batch random(int epoch, int index) {
        SplittableRandom rng = new SplittableRandom(mix(seed ^ 0x5DEECE66DL, epoch, index));
        int n = augmenter.spec().batch();
        int[] picks = new int[n];
        for (int i = 0; i < n; i++) {
            picks[i] = rng.nextInt(samples.size());
        }
        return assemble(picks, 0, rng);
    }

    public CompletableFuture<Batch> randomAsync(int epoch, int index) {
        return CompletableFuture.supplyAsync(() -> random(epoch, index), workers);
    }

    private int[] permutation(int epoch) {
        int[] order = new int[samples.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Random r = new Random(mix(seed, epoch, -1));
        for (int i = order.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private Batch build(int[] order, int epoch, int index) {
        SplittableRandom rng = new SplittableRandom(mix(seed, epoch, index));
        return assemble(order, index * augmenter.spec().batch(), rng);
    }

    private Batch assemble(int[] order, int start, SplittableRandom rng) {
        int n = augmenter.spec().batch();
        List<Sample> picked = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            picked.add(samples.get(order[(start + i) % order.length])); // wraps only when samples < batch
        }
        int h = side(picked.stream().mapToInt(s -> s.rgb().height()).min().orElseThrow());
        int w = side(picked.stream().mapToInt(s -> s.rgb().width()).min().orElseThrow());
        float[] input = new float[n * h * w];
        float[] rgb = new float[n * 3 * h * w];
        for (int i = 0; i < n; i++) {
            augmenter.crop(picked.get(i), h, w, rng, input, i * h * w, rgb, i * 3 * h * w);
        }
        return new Batch(n, h, w, input, rgb);
    }

    /** The crop side on an axis whose shortest image side is {@code imageSide}. */
    private int side(int imageSide) {
        return Math.max(stride, Math.min(augmenter.spec().crop(), imageSide) / stride * stride);
    }

    private static long mix(long seed, long epoch, long index) {
        long h = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + index * 0x94D049BB133111EBL;
        h ^= h >>> 31;
        return h * 0x9E3779B97F4A7C15L;
    }
}
