package cocolor.server;

import cocolor.base.DaemonThreads;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A fixed set of worker threads with a bounded number of places: {@code workers} running plus
 * {@code queue} waiting. A request takes its place <em>before</em> its body is read, so a full
 * server refuses at once (503) instead of buffering uploads it cannot serve, and memory stays
 * bounded by places × upload limit.
 *
 * <p>A place is freed when its job really ends: a job that times out while running keeps its place
 * until it finishes (inference cannot be interrupted), so timeouts cannot pile up hidden work.
 */
final class WorkerPool implements AutoCloseable {
    private final int capacity;
    private final Semaphore places;
    private final ExecutorService workers;
    private final Duration timeout;
    private final Runnable beforeEachJob;

    /** @param beforeEachJob runs on the worker before each job; tests use it to hold jobs back */
    WorkerPool(int workers, int queue, Duration timeout, Runnable beforeEachJob) {
        this.capacity = workers + queue;
        this.places = new Semaphore(capacity);
        this.workers = Executors.newFixedThreadPool(workers, DaemonThreads.named("colorize-worker"));
        this.timeout = timeout;
        this.beforeEachJob = beforeEachJob;
    }

    /** Takes a place, or fails with 503 when every place is taken. Close the place when done. */
    Place enter() {
        if (!places.tryAcquire()) {
            throw ApiException.busy("the server is busy (" + capacity + " images in progress); try again shortly");
        }
        return new Place();
    }

    /** Requests holding a place: running, waiting, or still uploading. */
    int inProgress() {
        return capacity - places.availablePermits();
    }

    int capacity() {
        return capacity;
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }

    /** One request's place; runs at most one job. */
    final class Place implements AutoCloseable {
        private final AtomicBoolean released = new AtomicBoolean();
        /** Set by whichever comes first: the job starting, or the request giving up on it. */
        private final AtomicBoolean jobClaimed = new AtomicBoolean();
        private boolean submitted;

        /** Runs {@code job} on a worker and waits for it, at most the request timeout (then 503). */
        <T> T run(Callable<T> job) throws Exception {
            Future<T> future = workers.submit(() -> {
                if (!jobClaimed.compareAndSet(false, true)) {
                    return null; // the request timed out while this waited; nobody wants the result
                }
                try {
                    beforeEachJob.run();
                    return job.call();
                } finally {
                    release();
                }
            });
            submitted = true;
            try {
                return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | InterruptedException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                future.cancel(false); // drops the job's reference to the upload
                if (jobClaimed.compareAndSet(false, true)) {
                    release(); // it never started, so its place is free now
                }
                throw ApiException.busy("timed out after " + timeout.toSeconds() + " s; the server is overloaded");
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }

        @Override
        public void close() {
            if (!submitted) {
                release(); // otherwise the job frees the place when it ends
            }
        }

        private void release() {
            if (released.compareAndSet(false, true)) {
                places.release();
            }
        }
    }
}
