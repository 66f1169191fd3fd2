package cocolor.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Weights of a TensorFlow.js "layers" model: {@code model.json} (the Keras topology and a
 * {@code weightsManifest}) and binary shards of little-endian float32 values, each manifest group
 * listing its shard files and the names and shapes of the weights they hold, in order. Shards that
 * cannot be opened are skipped with their weights (a copy may leave out layers it does not need);
 * asking for such a weight is an error that names it.
 */
public final class TfjsWeights {
    /** One weight: its Keras name, shape (Keras order, e.g. HWIO for a convolution) and values. */
    public record Weight(String name, int[] shape, float[] values) {}

    /** Opens a file of the model by its name relative to {@code model.json}; empty if it is absent. */
    @FunctionalInterface
    public interface Opener {
        Optional<InputStream> open(String name) throws IOException;
    }

    private final Map<String, Weight> weights;

    private TfjsWeights(Map<String, Weight> weights) {
        this.weights = weights;
    }

    /** Reads the manifest and every shard that {@code opener} finds. */
    public static TfjsWeights read(Opener opener) throws IOException {
        JsonNode model;
        try (InputStream in = opener.open("model.json").orElseThrow(() -> new IOException("model.json is missing"))) {
            model = new ObjectMapper().readTree(in);
        }
        JsonNode manifest = model.path("weightsManifest");
        if (!manifest.isArray()) {
            throw new IOException("model.json has no weightsManifest: not a TensorFlow.js layers model");
        }
        Map<String, Weight> out = new HashMap<>();
        for (JsonNode group : manifest) {
            byte[] bytes = readShards(group.path("paths"), opener);
            if (bytes == null) {
                continue;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            for (JsonNode w : group.path("weights")) {
                String name = w.path("name").asText();
                if (!"float32".equals(w.path("dtype").asText("float32"))) {
                    throw new IOException("weight " + name + " is " + w.path("dtype").asText() + ", only float32 is read");
                }
                int[] shape = new int[w.path("shape").size()];
                long count = 1;
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = w.path("shape").get(i).asInt();
                    count *= shape[i];
                }
                if (buffer.remaining() < count * Float.BYTES) {
                    throw new IOException("the shards of weight " + name + " end early: "
                            + buffer.remaining() + " bytes left for " + count + " floats");
                }
                float[] values = new float[(int) count];
                buffer.asFloatBuffer().get(values);
                buffer.position(buffer.position() + values.length * Float.BYTES);
                out.put(name, new Weight(name, shape, values));
            }
        }
        return new TfjsWeights(out);
    }

    /** The concatenated shards of one group, or null if any of them is absent. */
    private static byte[] readShards(JsonNode paths, Opener opener) throws IOException {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (JsonNode path : paths) {
            Optional<InputStream> in = opener.open(path.asText());
            if (in.isEmpty()) {
                return null;
            }
            try (InputStream s = in.get()) {
                s.transferTo(all);
            }
        }
        return all.toByteArray();
    }

    /** The weight named {@code name} (such as {@code conv_pw_5/kernel}), with the expected shape checked. */
    public Weight get(String name, int... shape) {
        Weight w = weights.get(name);
        if (w == null) {
            throw new IllegalArgumentException("the pretrained weights have no " + name);
        }
        if (!java.util.Arrays.equals(w.shape(), shape)) {
            throw new IllegalArgumentException("pretrained weight " + name + " has the shape "
                    + java.util.Arrays.toString(w.shape()) + ", expected " + java.util.Arrays.toString(shape));
        }
        return w;
    }

    public boolean contains(String name) {
        return weights.containsKey(name);
    }
}
