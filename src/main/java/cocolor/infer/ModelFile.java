package cocolor.infer;

import ai.djl.ndarray.NDManager;
import cocolor.base.UserError;
import cocolor.expr.Expr;
import cocolor.io.ZipArchive;
import cocolor.nn.Networks;
import cocolor.recipe.Mode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * The {@code .cocolor} model file: a zip with {@code model.json} ({@link ModelInfo}) and the
 * weights of the networks the modes use, {@code nets/<name>.f16} in half precision ({@link
 * cocolor.nn.HalfWeights}).
 */
public final class ModelFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRAINING_LOG = "train_log.csv";
    private static final String HALF = ".f16";
    /**
     * For a model trained on all pairs, which has no held-out curve of its own: the log of a run of
     * the same recipe with a validation split, for reports.
     */
    private static final String REFERENCE_LOG = "reference_log.csv";
    /** The entry that marks a training checkpoint ({@code cocolor.train.Checkpoint}). */
    private static final String CHECKPOINT_MARKER = "format";

    private ModelFile() {}

    /** The networks that the modes' expressions call. */
    public static List<String> networksUsed(Map<Mode, Expr> modes, Networks nets) {
        List<String> used = new ArrayList<>();
        for (Expr expr : modes.values()) {
            for (String f : expr.functions()) {
                if (nets.contains(f) && !used.contains(f)) {
                    used.add(f);
                }
            }
        }
        return used;
    }

    /**
     * Saves the networks that {@code modes} use, with a description built from the arguments;
     * {@code validation} may be null.
     */
    public static void export(Path file, Networks nets, Map<Mode, Expr> modes, String recipeName,
            ValidationScores validation, Map<String, Object> training, String trainingLog) throws IOException {
        if (!nets.allFinite()) {
            throw new IOException("refusing to save " + file + ": weights are NaN or infinite");
        }
        LinkedHashMap<String, cocolor.nn.NetworkSpec> used = new LinkedHashMap<>();
        for (String name : networksUsed(modes, nets)) {
            used.put(name, nets.spec(name));
        }
        ModelInfo info = new ModelInfo(ModelInfo.FORMAT, ModelInfo.VERSION, used, new LinkedHashMap<>(modes),
                recipeName, validation == null ? null : validation.asJson(), training);
        save(file, info, nets, trainingLog);
    }

    /** Saves the model; {@code trainingLog} (the run's CSV log, may be null) travels with it for reports. */
    public static void save(Path file, ModelInfo info, Networks nets, String trainingLog) throws IOException {
        ZipArchive.write(file, zip -> {
            zip.put("model.json", JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(info));
            if (trainingLog != null) {
                zip.put(TRAINING_LOG, trainingLog.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            for (String name : info.networks().keySet()) {
                zip.put("nets/" + name + HALF, data -> nets.saveHalf(name, data));
            }
        });
    }

    /**
     * A model read from disk: its description, its initialized networks, its training log and the
     * reference log of a validated run of the same recipe (each may be null).
     */
    public record Loaded(ModelInfo info, Networks networks, String trainingLog, String referenceLog) {}

    /**
     * Copies the model file {@code model} to {@code out} (which may be the same file) with
     * {@code referenceLog} attached as its reference log, replacing any earlier one.
     */
    public static void withReferenceLog(Path model, String referenceLog, Path out) throws IOException {
        Map<String, byte[]> entries = readEntries(model);
        infoOf(entries, model);
        entries.put(REFERENCE_LOG, referenceLog.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        writeEntries(out, entries);
    }

    /**
     * Copies the model file {@code model} to {@code out} with the mode {@code mode} of the model
     * file {@code donor} added (replacing any mode of that name), with the donor's networks that the
     * mode calls and their weights as stored: a model with a new NIR colorizer can keep another
     * model's gray colorizer. A network of the same name must be the same network in both.
     */
    public static void withModeFrom(Path model, Path donor, Mode mode, Path out) throws IOException {
        Map<String, byte[]> entries = readEntries(model);
        Map<String, byte[]> donorEntries = readEntries(donor);
        ModelInfo info = infoOf(entries, model);
        ModelInfo from = infoOf(donorEntries, donor);
        Expr expr = from.modes().get(mode);
        if (expr == null) {
            throw new UserError(donor + " has no '" + mode + "' mode; it has " + from.modes().keySet());
        }
        LinkedHashMap<String, cocolor.nn.NetworkSpec> networks = new LinkedHashMap<>(info.networks());
        for (String name : expr.functions()) {
            cocolor.nn.NetworkSpec spec = from.networks().get(name);
            if (spec == null) {
                continue; // a built-in
            }
            if (networks.containsKey(name) && !networks.get(name).equals(spec)) {
                throw new UserError("network '" + name + "' of " + donor + "'s '" + mode + "' mode is another network in " + model);
            }
            networks.put(name, spec);
            entries.put("nets/" + name + HALF, donorEntries.get("nets/" + name + HALF));
        }
        LinkedHashMap<Mode, Expr> modes = new LinkedHashMap<>(info.modes());
        modes.put(mode, expr);
        entries.put("model.json", JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(new ModelInfo(info.format(),
                info.version(), networks, modes, info.recipe(), info.validation(), info.training())));
        writeEntries(out, entries);
    }

    /** Writes {@code entries} as a model file, in name order. */
    private static void writeEntries(Path out, Map<String, byte[]> entries) throws IOException {
        ZipArchive.write(out, zip -> {
            for (Map.Entry<String, byte[]> e : new java.util.TreeMap<>(entries).entrySet()) {
                zip.put(e.getKey(), e.getValue());
            }
        });
    }

    private static ModelInfo infoOf(Map<String, byte[]> entries, Path file) {
        if (entries.containsKey(CHECKPOINT_MARKER) || !entries.containsKey("model.json")) {
            throw new UserError(file + " is not a cocolor model file");
        }
        try {
            return JSON.readValue(entries.get("model.json"), ModelInfo.class);
        } catch (IOException e) {
            throw new UserError(file + " has an unreadable model.json: " + e.getMessage(), e);
        }
    }

    /**
     * The model bundled with cocolor ({@link Colorizer#DEFAULT_MODEL_RESOURCE}), or empty if this
     * build has none.
     *
     * @throws UserError if it is there but cannot be read
     */
    public static java.util.Optional<Loaded> loadBundled(NDManager manager) {
        try (InputStream in = ModelFile.class.getResourceAsStream(Colorizer.DEFAULT_MODEL_RESOURCE)) {
            return in == null ? java.util.Optional.empty() : java.util.Optional.of(load(in, "bundled model", manager));
        } catch (IOException e) {
            throw new UserError("cannot read the bundled model: " + e.getMessage(), e);
        }
    }

    /**
     * Loads a model file, verifying it completely first: a truncated or damaged file, or a file
     * of another kind (such as a training checkpoint), is a {@link UserError} naming the file.
     */
    public static Loaded load(Path file, NDManager manager) {
        return fromEntries(readEntries(file), file.toString(), manager);
    }

    /** The verified entries of a zip file, or a {@link UserError} naming what is wrong with it. */
    private static Map<String, byte[]> readEntries(Path file) {
        if (Files.isDirectory(file)) {
            throw new UserError(file + " is a directory, not a model file (.cocolor)");
        }
        if (!Files.isRegularFile(file)) {
            throw new UserError("model file not found: " + file);
        }
        Map<String, byte[]> entries;
        try {
            entries = ZipArchive.readVerified(file);
        } catch (ZipArchive.DamagedException e) {
            throw new UserError(file + " is not a cocolor model, or it is truncated or damaged (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new UserError("cannot read model " + file + ": " + e.getMessage(), e);
        }
        return entries;
    }

    /** Loads a model from a stream, such as the bundled one; {@code source} names it in messages. */
    public static Loaded load(InputStream in, String source, NDManager manager) {
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                entries.put(e.getName(), zip.readAllBytes()); // verifies the entry's CRC-32
            }
        } catch (ZipException | java.io.EOFException e) {
            throw new UserError(source + " is not a cocolor model (corrupt, truncated or another kind of file)", e);
        } catch (IOException e) {
            throw new UserError("cannot read model " + source + ": " + e.getMessage(), e);
        }
        return fromEntries(entries, source, manager);
    }

    private static Loaded fromEntries(Map<String, byte[]> entries, String source, NDManager manager) {
        if (entries.containsKey(CHECKPOINT_MARKER)) {
            throw new UserError(source + " is a training checkpoint, not a model; use the run's model.cocolor or best.cocolor");
        }
        byte[] json = entries.get("model.json");
        if (json == null) {
            throw new UserError(source + " is not a cocolor model (it has no model.json)");
        }
        ModelInfo info;
        try {
            info = JSON.readValue(json, ModelInfo.class);
        } catch (IOException e) {
            throw new UserError(source + " has an unreadable model.json: " + e.getMessage(), e);
        }
        if (!ModelInfo.FORMAT.equals(info.format()) || info.version() > ModelInfo.VERSION) {
            throw new UserError(source + " is a model of format " + info.format() + " v" + info.version()
                    + "; this cocolor reads " + ModelInfo.FORMAT + " up to v" + ModelInfo.VERSION);
        }
        if (info.modes() == null || info.modes().isEmpty()) {
            throw new UserError(source + " defines neither a 'nir' nor a 'gray' mode");
        }
        if (info.networks() == null || info.networks().isEmpty()) {
            throw new UserError(source + " defines no networks");
        }
        Networks nets;
        try {
            nets = new Networks(new LinkedHashMap<>(info.networks()), manager);
        } catch (RuntimeException e) {
            throw new UserError(source + " describes networks that cannot be built: " + e.getMessage(), e);
        }
        for (String name : nets.names()) {
            byte[] bytes = entries.get("nets/" + name + HALF);
            if (bytes == null) {
                throw new UserError(source + " lacks the weights of network '" + name + "'");
            }
            try {
                nets.loadHalf(name, manager, new DataInputStream(new ByteArrayInputStream(bytes)));
            } catch (IOException e) {
                throw new UserError(source + ": " + e.getMessage(), e);
            }
        }
        return new Loaded(info, nets, text(entries.get(TRAINING_LOG)), text(entries.get(REFERENCE_LOG)));
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
}
