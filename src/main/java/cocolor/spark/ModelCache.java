package cocolor.spark;

import cocolor.infer.Colorizer;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The models loaded in this JVM, one per model file, shared by every task the JVM runs: an
 * executor loads a model once for the whole job, not once per image or partition. Models stay
 * loaded until the JVM exits (an executor lives for one application). {@link Colorizer} is
 * thread-safe, so concurrent tasks share it.
 */
final class ModelCache {
    private static final String BUNDLED = "";
    private static final ConcurrentMap<String, Colorizer> LOADED = new ConcurrentHashMap<>();

    private ModelCache() {}

    /** The model in the local file {@code modelFile}, or the bundled model if it is null. */
    static Colorizer get(String modelFile) {
        return LOADED.computeIfAbsent(
                modelFile == null ? BUNDLED : modelFile,
                key -> key.equals(BUNDLED) ? Colorizer.loadDefault() : Colorizer.load(Path.of(key)));
    }
}
