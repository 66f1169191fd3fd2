package cocolor.train;

import cocolor.base.UserError;
import cocolor.eval.MetricSummary;
import cocolor.infer.ModelFile;
import cocolor.infer.ModelInfo;
import cocolor.infer.ValidationScores;
import cocolor.io.AtomicFiles;
import cocolor.nn.Networks;
import cocolor.recipe.Recipe;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of one training run's folder: its checkpoint, training log, final and best models,
 * the snapshot of each stage but the last, and what a model saved there says of its training.
 *
 * <p>The layout: {@value #CHECKPOINT} (the run's state, to resume from), {@value #LOG} (one row
 * per epoch, {@link TrainingLog}), {@value #FINAL_MODEL} (the final weights), {@value #BEST_MODEL}
 * (the best validation of the last stage) and {@code stage<N>-<name>.ckpt} (all weights at the end
 * of stage N). Every file is written atomically; weights that are NaN or infinite are never
 * written.
 */
public final class RunFolder {
    public static final String CHECKPOINT = "checkpoint.ckpt";
    public static final String LOG = "train_log.csv";
    public static final String FINAL_MODEL = "model.cocolor";
    public static final String BEST_MODEL = "best.cocolor";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Recipe recipe;
    private final String recipeJson;
    private final TrainData data;
    private final List<Path> initFrom;
    private final TrainingLog log;

    /**
     * The folder {@code dir} of a run of {@code recipe} on {@code data}, its networks started from
     * {@code initFrom} (model files or checkpoints; recorded in the models it saves).
     */
    RunFolder(Path dir, Recipe recipe, TrainData data, List<Path> initFrom) {
        this.dir = dir;
        this.recipe = recipe;
        this.data = data;
        this.initFrom = List.copyOf(initFrom);
        try {
            this.recipeJson = JSON.writeValueAsString(recipe);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.log = new TrainingLog(dir.resolve(LOG), data.validationFolders());
    }

    /**
     * Refuses to start a new run in a folder that holds one (its checkpoint would be replaced);
     * cheap, so that a command can check it before loading any data.
     */
    public static void refuseExistingRun(Path dir, boolean resume) {
        if (!resume && holdsRun(dir)) {
            throw new UserError(dir + " already holds a training run; pass --resume to continue it, or choose another --out");
        }
    }

    /** Whether {@code dir} holds a run to resume: it has a checkpoint. */
    public static boolean holdsRun(Path dir) {
        return Files.exists(dir.resolve(CHECKPOINT));
    }

    /** Every file a run of {@code recipe} writes into {@code dir}. */
    public static List<Path> outputs(Path dir, Recipe recipe) {
        List<Path> outputs = new ArrayList<>();
        for (String name : List.of(CHECKPOINT, BEST_MODEL, FINAL_MODEL, LOG)) {
            outputs.add(dir.resolve(name));
        }
        for (int i = 0; i < recipe.stages().size(); i++) {
            outputs.add(stageSnapshot(dir, i + 1, recipe.stages().get(i).name()));
        }
        return outputs;
    }

    /** Where the weights at the end of stage {@code number} (1-based) are kept. */
    public static Path stageSnapshot(Path dir, int number, String stageName) {
        return dir.resolve("stage" + number + "-" + stageName + ".ckpt");
    }

    Path dir() {
        return dir;
    }

    TrainingLog log() {
        return log;
    }

    Path finalModel() {
        return dir.resolve(FINAL_MODEL);
    }

    Path bestModel() {
        return dir.resolve(BEST_MODEL);
    }

    /** Removes the temporary files that writes cut short by a kill left; returns how many. */
    int removeLeftovers() throws IOException {
        int leftovers = 0;
        for (Path output : outputs(dir, recipe)) {
            leftovers += AtomicFiles.deleteLeftovers(output);
        }
        return leftovers;
    }

    /** Creates the folder; only once the run is set up, so that a failed start leaves nothing. */
    void create() throws IOException {
        Files.createDirectories(dir);
    }

    /** The checkpoint to resume from, verified to be of this recipe; null where there is none. */
    Checkpoint.Contents readCheckpoint() {
        if (!holdsRun(dir)) {
            return null;
        }
        Checkpoint.Contents resumed = Checkpoint.read(dir.resolve(CHECKPOINT));
        if (!sameRecipe(resumed.recipeJson())) {
            throw new UserError("the checkpoint in " + dir + " was made with a different recipe or budget; resume with the same options, or choose another --out");
        }
        return resumed;
    }

    /** Compares through the current recipe model, so that a newer cocolor's added options (absent = default) still match. */
    private boolean sameRecipe(String savedJson) {
        try {
            return JSON.writeValueAsString(JSON.readValue(savedJson, Recipe.class)).equals(recipeJson);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Saves the run's checkpoint: where it is, all weights, and the optimizers and weight averages
     * of the stage in progress (none at a stage's boundary).
     *
     * @throws TrainingDiverged if a weight is NaN or infinite; the checkpoint before is kept
     */
    void saveCheckpoint(TrainState state, Networks nets, Map<String, Adam> optimizers, Map<String, WeightAverage> averages)
            throws IOException {
        if (!nets.allFinite()) {
            throw new TrainingDiverged("training diverged before step " + state.step
                    + ": weights are NaN or infinite although every step's loss was finite; the last good checkpoint is kept."
                    + " Lower optimizer.lr and resume.");
        }
        Checkpoint.save(dir.resolve(CHECKPOINT), recipeJson, state, nets, optimizers, averages);
    }

    /** Keeps a copy of the checkpoint as the result of stage {@code number} (1-based), e.g. for --init-from. */
    void snapshotStage(int number, String stageName) throws IOException {
        Path checkpoint = dir.resolve(CHECKPOINT);
        AtomicFiles.write(stageSnapshot(dir, number, stageName), out -> Files.copy(checkpoint, out));
    }

    /**
     * Saves {@code nets} as the model file {@code file} of this run: the recipe's modes, the
     * held-out scores {@code validation} (may be null), what and how long it trained, and the log.
     *
     * @throws TrainingDiverged if a weight is NaN or infinite
     */
    void saveModel(Path file, Networks nets, TrainState state, MetricSummary validation) throws IOException {
        if (!nets.allFinite()) {
            throw new TrainingDiverged("refusing to save " + file + ": weights are NaN or infinite");
        }
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("train_minutes", state.totalSeconds / 60);
        training.put("steps", state.step);
        training.put("train_pairs", data.train().size());
        training.put("photos", data.photos().size());
        training.put(ModelInfo.IMAGE_SIZE, state.imageSize);
        if (!initFrom.isEmpty()) {
            training.put("init_from", initFrom.stream().map(p -> p.getFileName().toString()).toList());
        }
        training.put("created", Instant.now().toString());
        ValidationScores scores = validation == null ? null
                : new ValidationScores(validation.psnr(), validation.ssim(), validation.ae(), validation.count());
        Path logFile = log.file();
        ModelFile.export(file, nets, recipe.export(), recipe.name(), scores, training,
                Files.exists(logFile) ? Files.readString(logFile) : null);
    }
}
