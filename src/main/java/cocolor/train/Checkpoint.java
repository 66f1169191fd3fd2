package cocolor.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import cocolor.base.UserError;
import cocolor.io.ZipArchive;
import cocolor.nn.Networks;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A resumable training checkpoint: one zip file holding the run state, the recipe it belongs
 * to, every network's weights and the optimizers' moments. Written atomically (temporary file,
 * fsync, rename); every entry carries the zip CRC-32, so a damaged file is detected on load.
 */
public final class Checkpoint {
    static final String FORMAT = "cocolor-checkpoint";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Checkpoint() {}

    public static void save(Path file, String recipeJson, TrainState state, Networks nets, Map<String, Adam> optimizers,
            Map<String, WeightAverage> averages) throws IOException {
        ZipArchive.write(file, zip -> {
            zip.put("format", FORMAT.getBytes(StandardCharsets.UTF_8));
            zip.put("recipe.json", recipeJson.getBytes(StandardCharsets.UTF_8));
            zip.put("state.json", JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(state));
            for (String name : nets.names()) {
                zip.put("nets/" + name + ".params", data -> nets.save(name, data));
            }
            for (Map.Entry<String, Adam> e : optimizers.entrySet()) {
                zip.put("optim/" + e.getKey() + ".ndlist", e.getValue().state().encode());
            }
            for (Map.Entry<String, WeightAverage> e : averages.entrySet()) {
                zip.put("ema/" + e.getKey() + ".ndlist", e.getValue().state().encode());
            }
        });
    }


    /** The contents of a checkpoint file, read and verified, not yet applied. */
    public record Contents(Path file, String recipeJson, TrainState state, Map<String, byte[]> nets,
            Map<String, byte[]> optimizers, Map<String, byte[]> averages) {
        public void restoreNetworks(Networks networks, NDManager manager) {
            for (String name : networks.names()) {
                byte[] bytes = nets.get(name);
                if (bytes == null) {
                    throw new UserError("checkpoint " + file + " has no weights for network '" + name + "'");
                }
                try {
                    networks.load(name, manager, new DataInputStream(new ByteArrayInputStream(bytes)));
                } catch (IOException e) {
                    throw new UserError("checkpoint " + file + " does not fit the recipe: " + e.getMessage(), e);
                }
            }
        }

        public void restoreAverage(String name, WeightAverage average, NDManager manager) {
            byte[] bytes = averages.get(name);
            Long updates = state.averageUpdates.get(name);
            if (bytes == null || updates == null) {
                throw new UserError("checkpoint " + file + " has no weight average for network '" + name + "'");
            }
            try (NDManager tmp = manager.newSubManager()) {
                average.restore(NDList.decode(tmp, bytes), updates);
            }
        }

        public void restoreOptimizer(String name, Adam adam, NDManager manager) {
            byte[] bytes = optimizers.get(name);
            Long steps = state.optimizerSteps.get(name);
            if (bytes == null || steps == null) {
                throw new UserError("checkpoint " + file + " has no optimizer state for network '" + name + "'");
            }
            try (NDManager tmp = manager.newSubManager()) {
                adam.restore(NDList.decode(tmp, bytes), steps);
            } catch (RuntimeException e) {
                // The bytes passed their CRC check, so they were written for another recipe.
                throw new UserError("checkpoint " + file + " has optimizer state for '" + name
                        + "' that does not fit the recipe: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Reads and verifies a checkpoint; a missing, truncated, damaged or foreign file is a {@link
     * UserError} that names it.
     */
    public static Contents read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserError("checkpoint not found: " + file);
        }
        Map<String, byte[]> entries;
        try {
            entries = ZipArchive.readVerified(file);
        } catch (ZipArchive.DamagedException e) {
            throw new UserError("checkpoint " + file + " is truncated or damaged (" + e.getMessage()
                    + "); delete it to start the run over", e);
        } catch (IOException e) {
            throw new UserError("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
        byte[] format = entries.get("format");
        if (format == null || !FORMAT.equals(new String(format, StandardCharsets.UTF_8)) || !entries.containsKey("state.json")) {
            throw new UserError(file + " is not a cocolor training checkpoint");
        }
        TrainState state;
        try {
            state = JSON.readValue(entries.get("state.json"), TrainState.class);
        } catch (IOException ex) {
            throw new UserError("checkpoint " + file + " has an unreadable state: " + ex.getMessage(), ex);
        }
        Map<String, byte[]> nets = new HashMap<>();
        Map<String, byte[]> optim = new HashMap<>();
        Map<String, byte[]> ema = new HashMap<>();
        for (Map.Entry<String, byte[]> en : entries.entrySet()) {
            String k = en.getKey();
            if (k.startsWith("nets/") && k.endsWith(".params")) {
                nets.put(k.substring(5, k.length() - 7), en.getValue());
            } else if (k.startsWith("optim/") && k.endsWith(".ndlist")) {
                optim.put(k.substring(6, k.length() - 7), en.getValue());
            } else if (k.startsWith("ema/") && k.endsWith(".ndlist")) {
                ema.put(k.substring(4, k.length() - 7), en.getValue());
            }
        }
        byte[] recipe = entries.get("recipe.json");
        return new Contents(file, recipe == null ? "" : new String(recipe, StandardCharsets.UTF_8), state, nets, optim, ema);
    }
}
