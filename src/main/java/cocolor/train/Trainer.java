package cocolor.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import cocolor.base.DaemonThreads;
import cocolor.base.Progress;
import cocolor.base.UserError;
import cocolor.data.AugmentSpec;
import cocolor.data.Augmenter;
import cocolor.data.Batch;
import cocolor.data.BatchLoader;
import cocolor.engine.EngineSetup;
import cocolor.engine.NativeWork;
import cocolor.eval.MetricSummary;
import cocolor.eval.Validation;
import cocolor.eval.Validator;
import cocolor.expr.Expr;
import cocolor.infer.Predictor;
import cocolor.nn.Networks;
import cocolor.recipe.Mode;
import cocolor.recipe.Recipe;
import cocolor.recipe.StageSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Recipe}'s stages in a {@link RunFolder}: epochs of steps, validation and a log row
 * after each epoch, checkpoints every few minutes and at each stage's end, a stop at the step
 * limit or on Ctrl-C, and a resume that continues exactly where the checkpoint left off (weights,
 * optimizer moments, step counters and data order).
 *
 * <p>What a stage optimises and how a step does it is its {@link StageObjective}'s; what the run
 * folder holds is the {@link RunFolder}'s.
 */
public final class Trainer {
    private static final Logger log = LoggerFactory.getLogger(Trainer.class);

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

    /**
     * The stage in progress: its objective, its batches (of photos: null when no term reads them),
     * its budget, the batch size, what it validates, and whether those validations pick
     * best.cocolor: in the last stage, if it scores the model's own expression. A recipe that ends
     * by training another mode (the gray colorizer) has no best model: one picked earlier would
     * carry that mode untrained.
     */
    private record Stage(StageSpec spec, StageObjective objective, BatchLoader paired, BatchLoader photos,
            StageBudget budget, int batchSize, Expr validates, boolean picksBestModel) {}

    /** How an epoch ended: {@code complete} is false when the time budget ran out inside it. */
    private record EpochEnd(boolean complete, Validation validation) {}

    private final Recipe recipe;
    private final TrainData data;
    private final TrainOptions options;
    private final RunFolder folder;
    private final Engine engine = EngineSetup.engine();

    /** The run's networks, where the run is, and the manager of their arrays: set as the run starts. */
    private NDManager root;
    private Networks nets;
    private TrainState state;
    private Checkpoint.Contents resumed;
    private Validation lastValidation;
    private long lastCheckpointNanos;
    private long sessionStartStep;

    public Trainer(Recipe recipe, TrainData data, TrainOptions options) {
        this.recipe = recipe;
        this.data = data;
        this.options = options;
        this.folder = new RunFolder(options.runDir(), recipe, data, options.initFrom());
    }

    public Result run() throws IOException {
        ExecutorService loaderThread = Executors.newSingleThreadExecutor(DaemonThreads.named("batch-loader"));
        try (NDManager manager = engine.newBaseManager()) {
            root = manager;
            NativeWork.run(this::prepare);
            folder.create(); // only once the run is set up: a failed start leaves nothing
            for (String name : nets.names()) {
                log.info("network {}: {} ({} parameters)", name, nets.spec(name), nets.parameterCount(name));
            }
            if (resumed == null) {
                // At step 0: a run killed before its first periodic checkpoint (every --checkpoint-minutes)
                // is found by --resume, with its recipe and --init-from weights, instead of being lost.
                // The bundled recipe's takes 1.7 s.
                NativeWork.run(() -> checkpoint(null));
            }
            lastCheckpointNanos = System.nanoTime();
            sessionStartStep = state.step;
            while (state.stage < recipe.stages().size() && !state.finished) {
                StageSpec spec = recipe.stages().get(state.stage);
                try {
                    runStage(spec, loaderThread);
                } catch (StepLimitReached e) {
                    log.info("stopped at the step limit (step {}); resume with --resume", state.step);
                    return new Result(null, null, lastValidation, state.totalSeconds / 60, false);
                }
                int doneNumber = state.stage + 1;
                if (state.stage == recipe.stages().size() - 1) {
                    state.finished = true;
                } else {
                    state.nextStage();
                }
                NativeWork.run(() -> checkpoint(null));
                if (!state.finished) {
                    folder.snapshotStage(doneNumber, spec.name()); // reusable, e.g. the task priors for --init-from
                }
            }
            Path model = folder.finalModel();
            if (resumed == null || !resumed.state().finished || !Files.exists(model)) {
                NativeWork.run(() -> folder.saveModel(model, nets, state, modelValidation()));
            }
            Path best = folder.bestModel();
            return new Result(model, Files.exists(best) ? best : model, lastValidation, state.totalSeconds / 60, true);
        } finally {
            loaderThread.shutdownNow();
        }
    }

    /** Builds the networks, then restores the checkpoint or applies --init-from. */
    private void prepare() throws IOException {
        engine.setRandomSeed((int) recipe.seed());
        nets = new Networks(recipe.networks(), root);
        state = new TrainState();
        int leftovers = folder.removeLeftovers();
        if (leftovers > 0) {
            log.info("removed {} partial file(s) left by an interrupted run", leftovers);
        }
        RunFolder.refuseExistingRun(folder.dir(), options.resume());
        resumed = folder.readCheckpoint();
        if (resumed != null) {
            resumed.restoreNetworks(nets, root);
            state = resumed.state();
            folder.log().rewindTo(state.step); // the epochs after the checkpoint are logged again
            // Numbered as the rest of the log: stages and epochs from 1 ("stage 1 'fn'", "fn epoch 1").
            log.info("resuming at step {} in stage {} '{}', epoch {}, batch {}", state.step, state.stage + 1,
                    recipe.stages().get(state.stage).name(), state.epoch + 1, state.batch + 1);
        } else {
            if (options.resume()) { // the command line says so on stderr, before any data is loaded
                log.debug("no checkpoint in {}: starting a new run", folder.dir());
            }
            // A log without a checkpoint is a run killed before its first checkpoint (between its
            // first log row and that checkpoint): this run starts over and writes those rows again.
            if (folder.log().startOver()) {
                log.info("dropped the training log of a run that ended before its first checkpoint");
            }
            // Only a new run: a resumed one holds its own (already fine-tuned) weights.
            InitialWeights.apply(options.initFrom(), nets, root);
        }
        state.imageSize = data.medianShorterSide();
    }

    /** Runs the current stage until its budget is spent. */
    private void runStage(StageSpec spec, ExecutorService loaderThread) throws IOException {
        // Native work runs in units, so that the JVM's exit (Ctrl-C, SIGTERM) waits for the step
        // in progress instead of crashing under it, then checkpoints.
        Stage stage = NativeWork.run(() -> startStage(spec, loaderThread));
        try (NativeWork.Registration onExit = NativeWork.onExit(() -> {
            checkpoint(stage.objective());
            log.info("interrupted: checkpoint written at step {}; continue with --resume", state.step);
        })) {
            runEpochs(stage);
        }
        NativeWork.run(stage.objective()::swapAverages); // the next stage starts from the averaged weights
    }

    /**
     * Sets the current stage up: its {@code init} weight copies (at its first step only: a resumed
     * stage holds them, trained), its objective (restored when the run resumes inside the stage),
     * its batches and budget.
     */
    private Stage startStage(StageSpec spec, ExecutorService loaderThread) {
        boolean usesPhotos = StageObjective.usesPhotos(spec);
        if (usesPhotos && data.photos().isEmpty()) {
            throw new UserError("stage '" + spec.name() + "' uses RGB-only photos (photo_rgb/photo_gray): pass --photos DIR");
        }
        if (state.stageStep == 0 && spec.init() != null) {
            spec.init().forEach((target, source) -> {
                nets.copyWeights(source, target);
                log.info("stage '{}': {} starts from the weights of {}", spec.name(), target, source);
            });
        }
        StageObjective objective = new StageObjective(spec, nets, root, options.phases());
        // A checkpoint written at a stage boundary holds no optimizer state for the new stage.
        if (resumed != null && resumed.state().stage == state.stage && state.stageStep > 0) {
            objective.restore(resumed);
        }
        AugmentSpec dataSpec = recipe.dataFor(spec);
        Augmenter augmenter = new Augmenter(dataSpec);
        BatchLoader paired = new BatchLoader(dataSpec.epochSamples(data.train()), augmenter, recipe.stride(), recipe.seed() * 31 + state.stage, loaderThread);
        BatchLoader photos = usesPhotos
                ? new BatchLoader(data.photos(), augmenter, recipe.stride(), recipe.seed() * 37 + state.stage, loaderThread)
                : null;
        StageBudget budget = StageBudget.of(spec, paired.batchesPerEpoch());
        Expr validates = recipe.validationExpression(spec);
        boolean picksBestModel = state.stage == recipe.stages().size() - 1 && validates.equals(recipe.validationExpression());
        log.info("stage {} '{}': trains {}, {} loss terms, {} batches of {} per epoch, budget {}{}",
                state.stage + 1, spec.name(), spec.train(), spec.losses().size(), budget.batchesPerEpoch(), dataSpec.batch(),
                spec.epochs() == null ? "" : spec.epochs() + " epochs ",
                spec.minutes() == null ? "" : String.format(Locale.ROOT, "%.1f min", spec.minutes()));
        return new Stage(spec, objective, paired, photos, budget, dataSpec.batch(), validates, picksBestModel);
    }

    private void runEpochs(Stage stage) throws IOException {
        StageSpec spec = stage.spec();
        // A stage bound by minutes shows the time spent: its number of steps is not known ahead.
        try (Progress progress = spec.minutes() != null ? options.progress().timing(spec.name(), spec.minutes() * 60)
                : options.progress().counting(spec.name(), (long) stage.budget().totalSteps(), "step")) {
            showProgress(progress, spec);
            while (stage.budget().hasLeft(state)) {
                EpochReport epoch = new EpochReport(stage.objective().termLabels(), stage.batchSize());
                for (Batch batch : stage.paired().epoch(state.epoch, state.batch)) {
                    NativeWork.run(() -> step(stage, batch, epoch));
                    showProgress(progress, spec);
                    if (stage.budget().isOutOfTime(state)) {
                        break;
                    }
                    if (options.stepLimit() > 0 && state.step - sessionStartStep >= options.stepLimit()) {
                        NativeWork.run(() -> checkpoint(stage.objective()));
                        throw new StepLimitReached();
                    }
                    // Not after an epoch's last batch: that one waits for the epoch's log row. One before
                    // the row made a run killed between the two log that epoch twice when resumed.
                    if (!stage.budget().epochDone(state) && checkpointDue()) {
                        NativeWork.run(() -> checkpoint(stage.objective()));
                    }
                }
                EpochEnd end = NativeWork.run(() -> endEpoch(stage, epoch));
                lastValidation = end.validation();
                if (!end.complete()) {
                    break; // the time budget ran out inside the epoch
                }
                // Every --checkpoint-minutes, not every epoch: a checkpoint of the bundled recipe
                // (two networks, Adam moments, averaged weights: 47 MB) took 1.7 s after each
                // 9.5-s epoch, 15% of the run. The stage's end is checkpointed by run().
                if (stage.budget().hasLeft(state) && checkpointDue()) {
                    NativeWork.run(() -> checkpoint(stage.objective()));
                }
            }
        }
    }

    /** One step of the stage on {@code batch}; advances the state's counters and clocks. */
    private void step(Stage stage, Batch batch, EpochReport epoch) {
        long t0 = System.nanoTime();
        options.phases().ended(StepPhases.Phase.DATA);
        CompletableFuture<Batch> photoBatch = stage.objective().needsPhotosAt(state.stageStep)
                ? stage.photos().randomAsync(state.epoch, state.batch) : null;
        double lr = stage.spec().optimizer().learningRate(stage.budget().progress(state), state.stageStep);
        StageObjective.StepLoss loss = stage.objective().step(batch, photoBatch, lr, state.stageStep, state.step);
        state.batch++;
        state.step++;
        state.stageStep++;
        double dt = (System.nanoTime() - t0) / 1e9;
        epoch.add(loss, lr, dt);
        state.stageSeconds += dt;
        state.totalSeconds += dt;
        for (Map.Entry<String, Adam> e : stage.objective().optimizers().entrySet()) {
            state.optimizerSteps.put(e.getKey(), e.getValue().steps());
        }
        for (Map.Entry<String, WeightAverage> e : stage.objective().averages().entrySet()) {
            state.averageUpdates.put(e.getKey(), e.getValue().updates());
        }
    }

    /**
     * Closes the epoch (or its part that the time budget allowed): validates the averaged weights,
     * logs a CSV row and a log line, saves the best model of the last stage. The caller decides
     * whether a checkpoint follows.
     */
    private EpochEnd endEpoch(Stage stage, EpochReport epoch) throws IOException {
        boolean complete = stage.budget().epochDone(state);
        int shownEpoch = state.epoch + 1; // 1-based; a partial last epoch keeps its own number
        if (complete) {
            state.epoch++;
            state.batch = 0;
        }
        boolean stageEnds = !complete || !stage.budget().hasLeft(state);
        stage.objective().swapAverages(); // validate and save the averaged weights
        Validation validation = stageEnds || shownEpoch % options.validateEvery() == 0
                ? validate(stage.validates()) : null;
        epoch.appendTo(folder.log(), stage.spec().name(), shownEpoch, state, validation, stage.validates().toString());
        log.info(epoch.line(stage.spec().name(), shownEpoch, validation));
        // With several validation folders, the mean of their PSNRs picks the best model.
        if (stage.picksBestModel() && validation != null && validation.mean().psnr() > state.bestPsnr) {
            state.bestPsnr = validation.mean().psnr();
            folder.saveModel(folder.bestModel(), nets, state, validation.mean());
        }
        stage.objective().swapAverages();
        return new EpochEnd(complete, validation);
    }

    /** Saves the checkpoint, with the optimizers and averages of {@code objective} (null at a stage's boundary: none). */
    private void checkpoint(StageObjective objective) throws IOException {
        folder.saveCheckpoint(state, nets, objective == null ? Map.of() : objective.optimizers(),
                objective == null ? Map.of() : objective.averages());
        lastCheckpointNanos = System.nanoTime();
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

    /**
     * The final model's held-out scores, of its own expression ({@link Recipe#validationExpression}):
     * the last validation when the last stage scored that, else a fresh one of the final weights (a
     * recipe that ends by training the gray colorizer scores gray in its last stage).
     */
    private MetricSummary modelValidation() {
        StageSpec last = recipe.stages().get(recipe.stages().size() - 1);
        if (lastValidation != null && recipe.validationExpression(last).equals(recipe.validationExpression())) {
            return lastValidation.mean();
        }
        Validation fresh = validate(recipe.validationExpression());
        return fresh == null ? null : fresh.mean();
    }

    /** Scores {@code expr} of the networks on the run's validation pairs; null without any. */
    private Validation validate(Expr expr) {
        Validator validator = new Validator(data.validation());
        if (validator.isEmpty()) {
            return null;
        }
        return validator.score(new Predictor(nets, expr, root), Mode.readBy(expr));
    }
}
