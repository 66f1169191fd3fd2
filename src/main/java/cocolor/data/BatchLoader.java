package cocolor.data;

import java.util.ArrayDeque;
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
 */
public final class BatchLoader {
    private static final int PREFETCH = 3;

    private final List<Sample> samples;
    private final Augmenter augmenter;
    private final long seed;
    private final ExecutorService workers;

    public BatchLoader(List<Sample> samples, Augmenter augmenter, long seed, ExecutorService workers) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no training images");
        }
        this.samples = samples;
        this.augmenter = augmenter;
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
        int c = augmenter.spec().crop();
        float[] input = new float[n * c * c];
        float[] rgb = new float[n * 3 * c * c];
        for (int i = 0; i < n; i++) {
            Sample s = samples.get(order[(start + i) % order.length]); // wraps only when samples < batch
            augmenter.crop(s, rng, input, i * c * c, rgb, i * 3 * c * c);
        }
        return new Batch(n, c, input, rgb);
    }

    private static long mix(long seed, long epoch, long index) {
        long h = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + index * 0x94D049BB133111EBL;
        h ^= h >>> 31;
        return h * 0x9E3779B97F4A7C15L;
    }
}
