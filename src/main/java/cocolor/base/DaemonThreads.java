package cocolor.base;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for background work (loading batches, reading and writing images, serving requests)
 * that must not keep the JVM alive once the work it serves has ended or failed.
 */
public final class DaemonThreads {
    private DaemonThreads() {}

    /** Daemon threads named {@code name-1}, {@code name-2}, ... in the order they are made. */
    public static ThreadFactory named(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
