package cocolor.train;

import ai.djl.ndarray.NDManager;
import cocolor.base.UserError;
import cocolor.infer.ModelFile;
import cocolor.nn.NetworkSpec;
import cocolor.nn.Networks;
import cocolor.recipe.Recipe;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starting weights for a new run from earlier work ({@code train --init-from}): a model file
 * (.cocolor) or another run's checkpoint. Each network of the recipe that a file holds under the
 * same name, with the same architecture, starts from those weights; a later file overrides an
 * earlier one. This is how a user fine-tunes the bundled model on a few pairs of their own, or
 * continues a finished run with another recipe. {@value #BUNDLED} names the bundled model.
 */
public final class InitialWeights {
    private static final Logger log = LoggerFactory.getLogger(InitialWeights.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The name that stands for the model bundled with cocolor (unless a file of that name exists). */
    public static final String BUNDLED = "default";

    private InitialWeights() {}

    /** One file's networks: their specs and serialized weights. */
    private record Source(Path file, Map<String, NetworkSpec> specs, Map<String, byte[]> weights) {}

    /** Loads the matching networks of every file into {@code nets}; returns the names that were set. */
    public static List<String> apply(List<Path> files, Networks nets, NDManager manager) {
        List<String> loaded = new ArrayList<>();
        for (Path file : files) {
            Source source = read(file, manager);
            List<String> fromThis = new ArrayList<>();
            for (String name : nets.names()) {
                NetworkSpec theirs = source.specs().get(name);
                if (theirs == null) {
                    continue;
                }
                if (!theirs.equals(nets.spec(name))) {
                    throw new UserError("--init-from " + file + ": network '" + name + "' is " + theirs
                            + " there but " + nets.spec(name) + " in the recipe");
                }
                try {
                    nets.load(name, manager, new DataInputStream(new ByteArrayInputStream(source.weights().get(name))));
                } catch (IOException e) {
                    throw new UserError("--init-from " + file + ": " + e.getMessage(), e);
                }
                fromThis.add(name);
                if (!loaded.contains(name)) {
                    loaded.add(name);
                }
            }
            if (fromThis.isEmpty()) {
                throw new UserError("--init-from " + file + " holds none of the recipe's networks " + nets.names()
                        + " (it has " + source.specs().keySet() + ")");
            }
            log.info("networks {} start from the weights in {}", fromThis, file);
        }
        return loaded;
    }

    private static Source read(Path file, NDManager manager) {
        ModelFile.Loaded model;
        if (file.toString().equals(BUNDLED) && !Files.exists(file)) {
            model = ModelFile.loadBundled(manager)
                    .orElseThrow(() -> new UserError("--init-from default: this build has no bundled model"));
            return fromModel(file, model);
        }
        if (isCheckpoint(file)) {
            Checkpoint.Contents c = Checkpoint.read(file);
            Recipe recipe;
            try {
                recipe = JSON.readValue(c.recipeJson(), Recipe.class);
            } catch (IOException e) {
                throw new UserError("--init-from " + file + ": the checkpoint's recipe is unreadable: " + e.getMessage(), e);
            }
            return new Source(file, recipe.networks(), c.nets());
        }
        return fromModel(file, ModelFile.load(file, manager));
    }

    private static Source fromModel(Path file, ModelFile.Loaded model) {
        Map<String, byte[]> weights = new LinkedHashMap<>();
        for (String name : model.networks().names()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                model.networks().save(name, out);
            } catch (IOException e) {
                throw new IllegalStateException(e); // in memory: cannot fail
            }
            weights.put(name, bytes.toByteArray());
        }
        return new Source(file, model.networks().specs(), weights);
    }

    /** A checkpoint is a zip with a "format" entry; anything else is tried as a model file. */
    private static boolean isCheckpoint(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return zip.getEntry("format") != null;
        } catch (IOException e) {
            return false; // not a readable zip: ModelFile.load names the problem
        }
    }
}
