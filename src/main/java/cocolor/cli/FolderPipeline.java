package cocolor.cli;

import cocolor.base.DaemonThreads;
import cocolor.base.Progress;
import cocolor.engine.NativeWork;
import cocolor.image.FloatImage;
import cocolor.image.Images;
import cocolor.infer.Colorizer;
import cocolor.infer.Scale;
import cocolor.recipe.Mode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Colorizes many files with decoding, inference and encoding overlapped: a reader thread decodes
 * a bounded number of files ahead, the engine colorizes (consecutive small images of one size in
 * one batch), a writer thread encodes behind with a bounded number of results waiting. Memory
 * therefore stays bounded however many files there are and whichever stage is the slowest. A
 * file that fails at any stage is reported and counted; the others go on.
 */
final class FolderPipeline {
    /** Decoded images waiting for the engine. */
    static final int READ_AHEAD = 4;
    /** Colorized images waiting for the encoder. */
    static final int WRITES_IN_FLIGHT = 2;
    /**
     * Batching pays most for small images, so batches are capped in pixels as well as in images
     * (what it gains per network and size: docs/performance.md, "Batching").
     */
    static final int MAX_BATCH = 8;
    static final long MAX_BATCH_PIXELS = 4L * 256 * 256;

    private final Colorizer colorizer;
    private final Mode mode;
    private final Scale scale;
    private final PrintWriter err;
    private final Progress progress;
    private final AtomicInteger written = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();

    /** Counts of one run. */
    record Result(int written, int failed) {}

    private record Pending(Path in, Path out, CompletableFuture<FloatImage> image) {}

    FolderPipeline(Colorizer colorizer, Mode mode, Scale scale, PrintWriter err, Progress progress) {
        this.colorizer = colorizer;
        this.mode = mode;
        this.scale = scale;
        this.err = err;
        this.progress = progress;
    }

    /** Colorizes every input file into its output file (in map order). */
    Result run(Map<Path, Path> jobs) throws InterruptedException {
        ExecutorService reader = Executors.newSingleThreadExecutor(DaemonThreads.named("reader"));
        ExecutorService writer = Executors.newSingleThreadExecutor(DaemonThreads.named("writer"));
        Semaphore writeSlots = new Semaphore(WRITES_IN_FLIGHT);
        try {
            Deque<Pending> ahead = new ArrayDeque<>();
            var it = jobs.entrySet().iterator();
            while (it.hasNext() || !ahead.isEmpty()) {
                while (it.hasNext() && ahead.size() < READ_AHEAD) {
                    var job = it.next();
                    Path in = job.getKey();
                    ahead.add(new Pending(in, job.getValue(), CompletableFuture.supplyAsync(() -> Images.readGray(in), reader)));
                }
                List<Pending> batch = new ArrayList<>();
                List<FloatImage> images = new ArrayList<>();
                takeBatch(ahead, batch, images);
                if (batch.isEmpty()) {
                    continue;
                }
                List<FloatImage> results;
                try {
                    results = colorizer.colorizeBatch(images, mode, scale);
                } catch (RuntimeException e) {
                    batch.forEach(p -> fail(p.in(), e));
                    continue;
                }
                for (int i = 0; i < batch.size(); i++) {
                    FloatImage rgb = results.get(i);
                    Pending p = batch.get(i);
                    writeSlots.acquire();
                    writer.execute(() -> {
                        try {
                            Images.writePng(rgb, p.out());
                            written.incrementAndGet();
                            step();
                        } catch (RuntimeException e) {
                            fail(p.out(), e);
                        } finally {
                            writeSlots.release();
                        }
                    });
                }
            }
            writer.shutdown();
            writer.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        } finally {
            reader.shutdownNow();
            writer.shutdownNow();
        }
        return new Result(written.get(), failed.get());
    }

    /**
     * Moves the next decoded image, and the following ones of the same size while the batch
     * stays small, from {@code ahead} into the batch; a file that failed to decode is reported
     * here and ends the batch.
     */
    private void takeBatch(Deque<Pending> ahead, List<Pending> batch, List<FloatImage> images) {
        while (!ahead.isEmpty() && batch.size() < MAX_BATCH) {
            Pending next = ahead.peek();
            FloatImage image;
            try {
                image = next.image().join();
            } catch (CompletionException e) {
                if (batch.isEmpty()) {
                    ahead.poll();
                    fail(next.in(), e.getCause());
                }
                return;
            }
            boolean fits = batch.isEmpty()
                    || (image.sameSize(images.get(0)) && (long) (images.size() + 1) * image.planeSize() <= MAX_BATCH_PIXELS);
            if (!fits) {
                return;
            }
            ahead.poll();
            batch.add(next);
            images.add(image);
        }
    }

    /** Images written so far. */
    int written() {
        return written.get();
    }

    private void fail(Path file, Throwable e) {
        if (NativeWork.exiting()) {
            return; // the JVM's exit closed the file or stream: the exit reports what was written
        }
        failed.incrementAndGet();
        String message = CliErrors.describe(e);
        err.println("error: " + (message.contains(file.getFileName().toString()) ? "" : file + ": ") + message);
        step();
    }

    private void step() {
        progress.step();
    }
}
