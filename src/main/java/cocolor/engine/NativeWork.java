package cocolor.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the JVM's exit from running while a thread is inside PyTorch. On SIGINT or SIGTERM the JVM
 * runs its shutdown hooks and exits, and exiting tears down libtorch's global state: a thread still
 * in a PyTorch call then crashes the process with a "fatal error" report and an hs_err file (3 of
 * 5 SIGTERMs sent to training runs did). Native work runs in units ({@link #run}); the shutdown
 * hook waits for the units in progress, then runs the exit actions registered with {@link #onExit}
 * (a trainer saves its checkpoint), and a unit asked for after that never starts: its thread
 * waits, in Java, for the exit.
 */
public final class NativeWork {
    /** How long the exit waits for the units in progress (an epoch's validation fits). */
    private static final long DRAIN_SECONDS = 120;
    private static final ReentrantReadWriteLock LOCK = new ReentrantReadWriteLock();
    private static final List<Action<?>> EXIT_ACTIONS = new CopyOnWriteArrayList<>();
    private static final Logger LOG = LoggerFactory.getLogger(NativeWork.class);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(NativeWork::drain, "native-work-drain"));
    }

    private NativeWork() {}

    /** A unit of native work. */
    @FunctionalInterface
    public interface Unit<T, E extends Exception> {
        T run() throws E;
    }

    /** A unit of native work without a result. */
    @FunctionalInterface
    public interface Action<E extends Exception> {
        void run() throws E;
    }

    /** Runs {@code unit}; once the JVM exits, waits for the exit instead. Units may nest. */
    public static <T, E extends Exception> T run(Unit<T, E> unit) throws E {
        LOCK.readLock().lock(); // held by the exit once it has drained: new units wait here
        try {
            return unit.run();
        } finally {
            LOCK.readLock().unlock();
        }
    }

    public static <E extends Exception> void run(Action<E> action) throws E {
        run(() -> {
            action.run();
            return null;
        });
    }

    /**
     * Registers native work to do when the JVM exits, after the units in progress have ended and
     * before it exits (the threads that ran them are waiting); closing the handle unregisters it.
     */
    public static Registration onExit(Action<?> action) {
        EXIT_ACTIONS.add(action);
        return () -> EXIT_ACTIONS.remove(action);
    }

    /**
     * Whether the JVM is exiting (Ctrl-C, SIGTERM, {@code System.exit}): its shutdown hooks may
     * already have closed streams (ImageIO's do), so a failure now is the exit's, not the file's.
     */
    public static boolean exiting() {
        Thread probe = new Thread(() -> {});
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true; // "Shutdown in progress"
        }
    }

    /** An exit action's registration. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    private static void drain() {
        try {
            // Never released: the JVM is exiting.
            if (!LOCK.writeLock().tryLock(DRAIN_SECONDS, TimeUnit.SECONDS)) {
                return; // a unit still runs: its work cannot be saved safely
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        for (Action<?> action : EXIT_ACTIONS) {
            try {
                action.run();
            } catch (Exception e) {
                LOG.warn("on exit: {}", e.getMessage());
            }
        }
    }
}
