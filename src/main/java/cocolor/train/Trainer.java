package cocolor.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import cocolor.base.DaemonThreads;
import cocolor.base.Progress;
import cocolor.base.ProgressListener;
import cocolor.base.UserError;
import cocolor.data.Batch;
import cocolor.data.Sample;
import cocolor.engine.EngineSetup;
import cocolor.engine.NativeWork;
import cocolor.eval.MetricSummary;
import cocolor.eval.Validation;
import cocolor.infer.ModelFile;
import cocolor.infer.ModelInfo;
import cocolor.infer.ValidationScores;
import cocolor.io.AtomicFiles;
import cocolor.nn.Networks;
import cocolor.recipe.Recipe;
import cocolor.recipe.StageSpec;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Recipe} stage after stage. Each step evaluates the stage's losses on one batch
 * (sharing forward passes through a {@link Graph}), updates the networks the stage trains, and,
 * when the stage has a GAN loss, then updates its discriminator. After each epoch it validates,
 * logs a CSV row; it checkpoints every few minutes (inside an epoch or after its row) and at the end
 * of each stage.
 * A resumed run continues from the checkpoint exactly: same weights, optimizer moments, step
 * counters and data order.
 *
 * <p>Outputs in the run folder: {@code checkpoint.ckpt}, {@code train_log.csv}, {@code best.cocolor}
 * (best validation PSNR in the last stage; with several validation folders, best mean of their
 * PSNRs), {@code model.cocolor} (the final weights) and, for every stage but the last,
 * {@code stage<N>-<name>.ckpt} (all weights at the end of that stage).
 */
public final class Trainer {
    private static final Logger log = LoggerFactory.getLogger(Trainer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    public static final String CHECKPOINT = "checkpoint.ckpt";
    public static final String LOG = "train_log.csv";
    public static final String FINAL_MODEL = "model.cocolor";
    public static final String BEST_MODEL = "best.cocolor";

    /**
     * How a run is set up: {@link #in} a run folder, with the defaults; each {@code with...} method
     * changes one thing. {@code resume}: continue the run in the folder from its checkpoint;
     * {@code checkpointMinutes}: interval of checkpoints; {@code progress}: where each
     * stage reports its progress; {@code stepLimit}: stop this invocation after that many steps (0:
     * no limit), leaving a checkpoint to resume from, e.g. to fit a run into fixed time slots;
     * {@code initFrom}: model files or checkpoints whose networks a new run starts from (see
     * {@link InitialWeights}); {@code validateEvery}: validate after every N-th epoch of a stage and
     * after its last one (on a few pairs, scoring the whole validation split can cost more than the
     * epoch); {@code phases}: told as each phase of a step ends, for profilers.
     */
    public record Options(Path runDir, boolean resume, double checkpointMinutes, ProgressListener progress,
            long stepLimit, List<Path> initFrom, int validateEvery, StepPhases phases) {
        public Options {
            if (validateEvery < 1) {
                throw new IllegalArgumentException("validateEvery must be >= 1, got " + validateEvery);
            }
            initFrom = List.copyOf(initFrom);
        }

        /**
         * A new run in {@code runDir}: a checkpoint every 5 minutes, no progress
         * shown, no step limit, no initial weights, validation after every epoch.
         */
        public static Options in(Path runDir) {
            return new Options(runDir, false, 5, ProgressListener.NONE, 0, List.of(), 1, StepPhases.NONE);
        }

        public Options withResume(boolean resume) {
            return new Options(runDir, resume, checkpointMinutes, progress, stepLimit, initFrom, validateEvery, phases);
        }

        public Options withCheckpointMinutes(double minutes) {
            return new Options(runDir, resume, minutes, progress, stepLimit, initFrom, validateEvery, phases);
        }

        public Options withProgress(ProgressListener listener) {
            return new Options(runDir, resume, checkpointMinutes, listener, stepLimit, initFrom, validateEvery, phases);
        }

        public Options withStepLimit(long steps) {
            return new Options(runDir, resume, checkpointMinutes, progress, steps, initFrom, validateEvery, phases);
        }

        public Options withInitFrom(List<Path> files) {
            return new Options(runDir, resume, checkpointMinutes, progress, stepLimit, files, validateEvery, phases);
        }

        public Options withPhases(StepPhases probe) {
            return new Options(runDir, resume, checkpointMinutes, progress, stepLimit, initFrom, validateEvery, probe);
        }

        public Options withValidateEvery(int epochs) {
            return new Options(runDir, resume, checkpointMinutes, progress, stepLimit, initFrom, epochs, phases);
        }
    }

    /** Thrown inside the loop when the step limit is reached; the checkpoint is already written. */
    private static final class StepLimitReached extends RuntimeException {
        StepLimitReached() {
            super(null, null, false, false);
        }
    }

    /**
     * What a run produced; {@code finished} is false when it stopped at the step limit.
     * {@code validation} is the last one, per folder (null if the run never validated).
     */
    public record Result(Path model, Path best, Validation validation, double trainMinutes, boolean finished) {
        /** The last validation's scores (with several folders, their mean), or null. */
        public MetricSummary lastValidation() {
            return validation == null ? null : validation.mean();
        }
    }

    private final Recipe recipe;
    private final TrainData data;
    private final Options options;
    private final String recipeJson;
    private final TrainingLog trainingLog;
    private final Engine engine = EngineSetup.engine();

    private Networks nets;
    private TrainState state;
    private Checkpoint.Contents resumed;
    private Validation lastValidation;
    private long lastCheckpointNanos;
    private long sessionStartStep;

    public Trainer(Recipe recipe, TrainData data, Options options) {
        this.recipe = recipe;
        this.data = data;
        this.options = options;
        try {
            this.recipeJson = JSON.writeValueAsString(recipe);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.trainingLog = new TrainingLog(options.runDir().resolve(LOG), data.validationFolders());
    }

    /** A training run, or its replay. */
    @FunctionalInterface
    interface Attempt {
        Result run() throws IOException;
    }

    /**
     * Runs; if the weights turn NaN although every step's loss was finite, replays once from the
     * last good checkpoint. Training is deterministic, so a replay that passes shows the first
     * failure was not the recipe's (it happened once, from the freed constants that
     * {@link cocolor.nn.Tensors#times} now avoids), and one that diverges again is reported as it is.
     */
    public static Result runReplayingOnce(Recipe recipe, TrainData data, Options options) throws IOException {
        return replayingOnce(() -> new Trainer(recipe, data, options).run(),
                () -> new Trainer(recipe, data, options.withResume(true)).run());
    }

    static Result replayingOnce(Attempt first, Attempt replay) throws IOException {
        try {
            return first.run();
        } catch (TrainingDiverged e) {
            if (!e.replayable()) {
                throw e;
            }
            log.warn("{}: replaying from it once", e.getMessage());
            try {
                return replay.run();
            } catch (TrainingDiverged again) {
                throw new TrainingDiverged(again.getMessage()
                        + ". It diverged again when replayed from the checkpoint: lower optimizer.lr and resume.");
            }
        }
    }

    public Result run() throws IOException {
        Path ckpt = options.runDir().resolve(CHECKPOINT);
        ExecutorService loaderThread = Executors.newSingleThreadExecutor(DaemonThreads.named("batch-loader"));
        try (NDManager root = engine.newBaseManager()) {
            NativeWork.run(() -> prepare(root, ckpt));
            Files.createDirectories(options.runDir()); // only once the run is set up: a failed start leaves nothing
            for (String name : nets.names()) {
                log.info("network {}: {} ({} parameters)", name, nets.spec(name), nets.parameterCount(name));
            }
            if (resumed == null) {
                // At step 0: a run killed before its first periodic checkpoint (every --checkpoint-minutes)
                // is found by --resume, with its recipe and --init-from weights, instead of being lost.
                // The bundled recipe's takes 1.7 s.
                NativeWork.run(() -> saveCheckpoint(Map.of(), Map.of()));
            }
            lastCheckpointNanos = System.nanoTime();
            sessionStartStep = state.step;
            while (state.stage < recipe.stages().size() && !state.finished) {
                try {
                    runStage(recipe.stages().get(state.stage), root, loaderThread);
                } catch (StepLimitReached e) {
                    log.info("stopped at the step limit (step {}); resume with --resume", state.step);
                    return new Result(null, null, lastValidation, state.totalSeconds / 60, false);
                }
                StageSpec done = recipe.stages().get(state.stage);
                int doneNumber = state.stage + 1;
                if (state.stage == recipe.stages().size() - 1) {
                    state.finished = true;
                } else {
                    state.nextStage();
                }
                NativeWork.run(() -> saveCheckpoint(Map.of(), Map.of()));
                if (!state.finished) {
                    // Each stage's result stays reusable (e.g. the task priors, for --init-from).
                    Path ckptFile = options.runDir().resolve(CHECKPOINT);
                    AtomicFiles.write(stageCheckpoint(options.runDir(), doneNumber, done.name()), out -> Files.copy(ckptFile, out));
                }
            }
            Path model = options.runDir().resolve(FINAL_MODEL);
            if (resumed == null || !resumed.state().finished || !Files.exists(model)) {
                NativeWork.run(() -> exportModel(model, modelValidation(root)));
            }
            Path best = options.runDir().resolve(BEST_MODEL);
            return new Result(model, Files.exists(best) ? best : model, lastValidation, state.totalSeconds / 60, true);
        } finally {
            loaderThread.shutdownNow();
        }
    }

    /** Builds the networks, then restores the checkpoint or applies --init-from. */
    private void prepare(NDManager root, Path ckpt) throws IOException {
        engine.setRandomSeed((int) recipe.seed());
        nets = new Networks(recipe.networks(), root);
        state = new TrainState();
        int leftovers = 0;
        for (Path output : outputs(options.runDir(), recipe)) {
            leftovers += AtomicFiles.deleteLeftovers(output);
        }
        if (leftovers > 0) {
            log.info("removed {} partial file(s) left by an interrupted run", leftovers);
        }
        checkRunFolder(options.runDir(), options.resume());
        if (Files.exists(ckpt)) {
            resumed = Checkpoint.read(ckpt);
            if (!sameRecipe(resumed.recipeJson())) {
                throw new UserError("the checkpoint in " + options.runDir() + " was made with a different recipe or budget; resume with the same options, or choose another --out");
            }
            resumed.restoreNetworks(nets, root);
            state = resumed.state();
            trainingLog.rewindTo(state.step);
            // Numbered as the rest of the log: stages and epochs from 1 ("stage 1 'fn'", "fn epoch 1").
            log.info("resuming at step {} in stage {} '{}', epoch {}, batch {}", state.step, state.stage + 1,
                    recipe.stages().get(state.stage).name(), state.epoch + 1, state.batch + 1);
        } else {
            if (options.resume()) { // the command line says so on stderr, before any data is loaded
                log.debug("no checkpoint in {}: starting a new run", options.runDir());
            }
            // A log without a checkpoint is a run killed before its first checkpoint (between its
            // first log row and that checkpoint): this run starts over and writes those rows again.
            if (trainingLog.startOver()) {
                log.info("dropped the training log of a run that ended before its first checkpoint");
            }
            // Only a new run: a resumed one holds its own (already fine-tuned) weights.
            InitialWeights.apply(options.initFrom(), nets, root);
        }
        state.imageSize = medianShorterSide(data.train());
    }

    /** The median shorter side of the samples' images, or 0 if there are none. */
    static int medianShorterSide(List<Sample> samples) {
        int[] sides = samples.stream().mapToInt(s -> Math.min(s.rgb().height(), s.rgb().width())).sorted().toArray();
        return sides.length == 0 ? 0 : sides[sides.length / 2];
    }

    /**
     * Refuses to start a new run in a folder that holds one (its checkpoint would be replaced);
     * cheap, so that a command can check it before loading any data.
     */
    public static void checkRunFolder(Path runDir, boolean resume) {
        if (!resume && Files.exists(runDir.resolve(CHECKPOINT))) {
            throw new UserError(runDir + " already holds a training run; pass --resume to continue it, or choose another --out");
        }
    }

    /** Every file a run of {@code recipe} writes into {@code runDir}. */
    public static List<Path> outputs(Path runDir, Recipe recipe) {
        List<Path> outputs = new ArrayList<>();
        for (String name : List.of(CHECKPOINT, BEST_MODEL, FINAL_MODEL, LOG)) {
            outputs.add(runDir.resolve(name));
        }
        for (int i = 0; i < recipe.stages().size(); i++) {
            outputs.add(stageCheckpoint(runDir, i + 1, recipe.stages().get(i).name()));
        }
        return outputs;
    }

    /** Where the weights at the end of stage {@code number} (1-based) are kept. */
    public static Path stageCheckpoint(Path runDir, int number, String stageName) {
        return runDir.resolve("stage" + number + "-" + stageName + ".ckpt");
    }

    /** Compares through the current recipe model, so that a newer cocolor's added options (absent = default) still match. */
    private boolean sameRecipe(String savedJson) {
        try {
            return JSON.writeValueAsString(JSON.readValue(savedJson, Recipe.class)).equals(recipeJson);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Runs the current stage until its budget is spent; the per-stage work is {@link StageRun}'s. */
    private void runStage(StageSpec spec, NDManager root, ExecutorService loaderThread) throws IOException {
        // Native work runs in units, so that the JVM's exit (Ctrl-C, SIGTERM) waits for the step
        // in progress instead of crashing under it, then checkpoints.
        StageRun.Run run = new StageRun.Run(recipe, data, nets, state, resumed, trainingLog, options.validateEvery(),
                options.phases());
        StageRun stage = NativeWork.run(() -> new StageRun(run, spec, root, loaderThread, new RunSaves()));
        try (NativeWork.Registration onExit = NativeWork.onExit(() -> {
            stage.checkpoint();
            log.info("interrupted: checkpoint written at step {}; continue with --resume", state.step);
        })) {
            runEpochs(spec, stage);
        }
        NativeWork.run(stage::finish);
    }

    private void runEpochs(StageSpec spec, StageRun stage) throws IOException {
        // A stage bound by minutes shows the time spent: its number of steps is not known ahead.
        try (Progress progress = spec.minutes() != null ? options.progress().timing(spec.name(), spec.minutes() * 60)
                : options.progress().counting(spec.name(), stage.plannedSteps(), "step")) {
            showProgress(progress, spec);
            while (stage.hasBudgetLeft()) {
                for (Batch batch : stage.startEpoch()) {
                    NativeWork.run(() -> stage.step(batch));
                    showProgress(progress, spec);
                    if (stage.isOutOfTime()) {
                        break;
                    }
                    if (options.stepLimit() > 0 && state.step - sessionStartStep >= options.stepLimit()) {
                        NativeWork.run(stage::checkpoint);
                        throw new StepLimitReached();
                    }
                    // Not after an epoch's last batch: that one waits for the epoch's log row. One before
                    // the row made a run killed between the two log that epoch twice when resumed.
                    if (!stage.epochDone() && checkpointDue()) {
                        NativeWork.run(stage::checkpoint);
                    }
                }
                StageRun.EpochEnd end = NativeWork.run(stage::endEpoch);
                lastValidation = end.validation();
                if (!end.complete()) {
                    break; // the time budget ran out inside the epoch
                }
                // Every --checkpoint-minutes, not every epoch: a checkpoint of the bundled recipe
                // (two networks, Adam moments, averaged weights: 47 MB) took 1.7 s after each
                // 9.5-s epoch, 15% of the run. The stage's end is checkpointed by run().
                if (stage.hasBudgetLeft() && checkpointDue()) {
                    NativeWork.run(stage::checkpoint);
                }
            }
        }
    }

    private boolean checkpointDue() {
        return (System.nanoTime() - lastCheckpointNanos) / 60e9 >= options.checkpointMinutes();
    }

    private void showProgress(Progress progress, StageSpec spec) {
        if (spec.minutes() != null) {
            progress.note("step " + state.stageStep);
            progress.stepTo((long) state.stageSeconds);
        } else {
            progress.stepTo(state.stageStep);
        }
    }

    /** How a stage saves the run: through the Trainer, which owns the run folder. */
    private final class RunSaves implements StageRun.Saves {
        @Override
        public void checkpoint(Map<String, Adam> optimizers, Map<String, WeightAverage> averages) throws IOException {
            saveCheckpoint(optimizers, averages);
        }

        @Override
        public void bestModel(MetricSummary validation) throws IOException {
            exportModel(options.runDir().resolve(BEST_MODEL), validation);
        }
    }

    private void saveCheckpoint(Map<String, Adam> optimizers, Map<String, WeightAverage> averages) throws IOException {
        if (!nets.allFinite()) {
            throw new TrainingDiverged("training diverged before step " + state.step
                    + ": weights are NaN or infinite although every step's loss was finite; the last good checkpoint is kept", true);
        }
        Checkpoint.save(options.runDir().resolve(CHECKPOINT), recipeJson, state, nets, optimizers, averages);
        lastCheckpointNanos = System.nanoTime();
    }

    /**
     * The final model's held-out scores, of its own expression ({@link Recipe#validationExpression}):
     * the last validation when the last stage scored that, else a fresh one of the final weights (a
     * recipe that ends by training the gray colorizer scores gray in its last stage).
     */
    private MetricSummary modelValidation(NDManager root) {
        StageSpec last = recipe.stages().get(recipe.stages().size() - 1);
        if (lastValidation != null && recipe.validationExpression(last).equals(recipe.validationExpression())) {
            return lastValidation.mean();
        }
        Validation fresh = StageRun.validate(data, nets, recipe.validationExpression(), root);
        return fresh == null ? null : fresh.mean();
    }

    private void exportModel(Path file, MetricSummary validation) throws IOException {
        if (!nets.allFinite()) {
            throw new TrainingDiverged("refusing to save " + file + ": weights are NaN or infinite");
        }
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("train_minutes", state.totalSeconds / 60);
        training.put("steps", state.step);
        training.put("train_pairs", data.train().size());
        training.put("photos", data.photos().size());
        training.put(ModelInfo.IMAGE_SIZE, state.imageSize);
        if (!options.initFrom().isEmpty()) {
            training.put("init_from", options.initFrom().stream().map(p -> p.getFileName().toString()).toList());
        }
        training.put("created", Instant.now().toString());
        Path logFile = trainingLog.file();
        ValidationScores scores = validation == null ? null
                : new ValidationScores(validation.psnr(), validation.ssim(), validation.ae(), validation.count());
        ModelFile.export(file, nets, recipe.export(), recipe.name(), scores, training,
                Files.exists(logFile) ? Files.readString(logFile) : null);
    }
}
