package cocolor.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import cocolor.cli.Progress;
import cocolor.cli.UserError;
import cocolor.data.Augmenter;
import cocolor.data.Batch;
import cocolor.data.BatchLoader;
import cocolor.engine.EngineSetup;
import cocolor.eval.MetricSummary;
import cocolor.eval.Validator;
import cocolor.infer.ModelFile;
import cocolor.io.AtomicFiles;
import cocolor.infer.Predictor;
import cocolor.loss.GanLoss;
import cocolor.loss.Loss;
import cocolor.loss.Losses;
import cocolor.nn.Networks;
import cocolor.recipe.Expr;
import cocolor.recipe.LossSpec;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import me.tongfei.progressbar.ProgressBar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Recipe} stage after stage. Each step evaluates the stage's losses on one batch
 * (sharing forward passes through a {@link Graph}), updates the networks the stage trains, and,
 * when the stage has a GAN loss, then updates its discriminator. After each epoch it validates,
 * logs a CSV row and writes a checkpoint; it also checkpoints every few minutes inside an epoch.
 * A resumed run continues from the checkpoint exactly: same weights, optimizer moments, step
 * counters and data order.
 *
 * <p>Outputs in the run folder: {@code checkpoint.ckpt}, {@code train_log.csv}, {@code best.cocolor}
 * (best validation PSNR in the last stage) and {@code model.cocolor} (the final weights).
 */
public final class Trainer {
    private static final Logger log = LoggerFactory.getLogger(Trainer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    public static final String CHECKPOINT = "checkpoint.ckpt";
    public static final String LOG = "train_log.csv";
    public static final String FINAL_MODEL = "model.cocolor";
    public static final String BEST_MODEL = "best.cocolor";

    /**
     * How a run is set up. {@code checkpointMinutes}: interval of checkpoints inside an epoch;
     * {@code stepLimit}: stop this invocation after that many steps (0: no limit), leaving a
     * checkpoint to resume from, e.g. to fit a run into fixed time slots.
     */
    public record Options(Path runDir, boolean resume, double checkpointMinutes, boolean progressBar, long stepLimit) {
        public Options(Path runDir, boolean resume, double checkpointMinutes, boolean progressBar) {
            this(runDir, resume, checkpointMinutes, progressBar, 0);
        }
    }

    /** Thrown inside the loop when the step limit is reached; the checkpoint is already written. */
    private static final class StepLimitReached extends RuntimeException {
        StepLimitReached() {
            super(null, null, false, false);
        }
    }

    /** What a run produced; {@code finished} is false when it stopped at the step limit. */
    public record Result(Path model, Path best, MetricSummary lastValidation, double trainMinutes, boolean finished) {}

    private final Recipe recipe;
    private final TrainData data;
    private final Options options;
    private final String recipeJson;
    private final TrainingLog trainingLog;
    private final Engine engine = EngineSetup.engine();

    private Networks nets;
    private TrainState state;
    private Checkpoint.Contents resumed;
    private MetricSummary lastValidation;
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
        this.trainingLog = new TrainingLog(options.runDir().resolve(LOG));
    }

    public Result run() throws IOException {
        Files.createDirectories(options.runDir());
        Path ckpt = options.runDir().resolve(CHECKPOINT);
        ExecutorService loaderThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "batch-loader");
            t.setDaemon(true);
            return t;
        });
        try (NDManager root = engine.newBaseManager()) {
            engine.setRandomSeed((int) recipe.seed());
            nets = new Networks(recipe.networks(), root);
            state = new TrainState();
            int leftovers = 0;
            for (String output : List.of(CHECKPOINT, BEST_MODEL, FINAL_MODEL, LOG)) {
                leftovers += AtomicFiles.deleteLeftovers(options.runDir().resolve(output));
            }
            if (leftovers > 0) {
                log.info("removed {} partial file(s) left by an interrupted run", leftovers);
            }
            if (Files.exists(ckpt)) {
                if (!options.resume()) {
                    throw new UserError(options.runDir() + " already holds a training run; pass --resume to continue it, or choose another --out");
                }
                resumed = Checkpoint.read(ckpt);
                if (!sameRecipe(resumed.recipeJson())) {
                    throw new UserError("the checkpoint in " + options.runDir() + " was made with a different recipe or budget; resume with the same options, or choose another --out");
                }
                resumed.restoreNetworks(nets, root);
                state = resumed.state();
                trainingLog.rewindTo(state.step);
                log.info("resuming at stage {} epoch {} batch {} (step {})", state.stage, state.epoch, state.batch, state.step);
            } else if (options.resume()) {
                log.info("no checkpoint in {}: starting a new run", options.runDir());
            }
            for (String name : nets.names()) {
                log.info("network {}: {} ({} parameters)", name, nets.spec(name), nets.parameterCount(name));
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
                if (state.stage == recipe.stages().size() - 1) {
                    state.finished = true;
                } else {
                    state.nextStage();
                }
                saveCheckpoint(Map.of(), Map.of());
            }
            Path model = options.runDir().resolve(FINAL_MODEL);
            if (resumed == null || !resumed.state().finished || !Files.exists(model)) {
                exportModel(model, lastValidation);
            }
            Path best = options.runDir().resolve(BEST_MODEL);
            return new Result(model, Files.exists(best) ? best : model, lastValidation, state.totalSeconds / 60, true);
        } finally {
            loaderThread.shutdownNow();
        }
    }

    /** Compares through the current recipe model, so that a newer cocolor's added options (absent = default) still match. */
    private boolean sameRecipe(String savedJson) {
        try {
            return JSON.writeValueAsString(JSON.readValue(savedJson, Recipe.class)).equals(recipeJson);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private void runStage(StageSpec stage, NDManager root, ExecutorService loaderThread) throws IOException {
        List<Loss> losses = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        boolean usesPhotos = false;
        for (LossSpec spec : stage.losses()) {
            losses.add(Losses.create(spec));
            weights.add(spec.weight());
            usesPhotos |= Expr.parse(spec.pred()).usesPhotos();
        }
        List<GanLoss> gans = losses.stream().filter(l -> l instanceof GanLoss).map(l -> (GanLoss) l).toList();
        Set<String> discriminators = new LinkedHashSet<>();
        gans.forEach(g -> discriminators.add(g.discriminator()));
        Set<String> generators = new LinkedHashSet<>(stage.train());
        generators.removeAll(discriminators);
        if (usesPhotos && data.photos().isEmpty()) {
            throw new UserError("stage '" + stage.name() + "' uses RGB-only photos (photo_rgb/photo_gray): pass --photos DIR");
        }

        if (state.stageStep == 0 && stage.init() != null) {
            // At a stage's first step only: a resumed stage already holds the copied, then trained, weights.
            stage.init().forEach((target, source) -> {
                nets.copyWeights(source, target);
                log.info("stage '{}': {} starts from the weights of {}", stage.name(), target, source);
            });
        }
        Map<String, Adam> optimizers = new LinkedHashMap<>();
        for (String name : stage.train()) {
            nets.setTrainable(name, true);
            optimizers.put(name, new Adam(nets.trainableArrays(name), stage.optimizer(), root));
        }
        for (String name : nets.names()) {
            if (!stage.train().contains(name)) {
                nets.setTrainable(name, false);
            }
        }
        Map<String, WeightAverage> averages = new LinkedHashMap<>();
        if (stage.ema() != null) {
            for (String g : generators) {
                averages.put(g, new WeightAverage(nets.stateArrays(g), stage.ema(), root));
            }
        }
        // A checkpoint written at a stage boundary holds no optimizer state for the new stage.
        if (resumed != null && resumed.state().stage == state.stage && state.stageStep > 0) {
            for (Map.Entry<String, Adam> e : optimizers.entrySet()) {
                resumed.restoreOptimizer(e.getKey(), e.getValue(), root);
            }
            for (Map.Entry<String, WeightAverage> e : averages.entrySet()) {
                resumed.restoreAverage(e.getKey(), e.getValue(), root);
            }
        }

        Augmenter augmenter = new Augmenter(recipe.data());
        BatchLoader paired = new BatchLoader(data.train(), augmenter, recipe.seed() * 31 + state.stage, loaderThread);
        BatchLoader photos = usesPhotos
                ? new BatchLoader(data.photos(), augmenter, recipe.seed() * 37 + state.stage, loaderThread) : null;
        int maxEpochs = stage.epochs() == null ? Integer.MAX_VALUE : stage.epochs();
        double maxSeconds = stage.minutes() == null ? Double.POSITIVE_INFINITY : stage.minutes() * 60;
        long perEpoch = paired.batchesPerEpoch();
        double totalSteps = stage.epochs() == null ? Double.POSITIVE_INFINITY : (double) maxEpochs * perEpoch;
        String validateExpr = stage.validate() != null ? stage.validate() : recipe.validationExpression();
        boolean lastStage = state.stage == recipe.stages().size() - 1;
        log.info("stage {} '{}': trains {}, {} loss terms, {} batches of {} per epoch, budget {}{}",
                state.stage + 1, stage.name(), stage.train(), losses.size(), perEpoch, recipe.data().batch(),
                stage.epochs() == null ? "" : stage.epochs() + " epochs ",
                stage.minutes() == null ? "" : String.format(Locale.ROOT, "%.1f min", stage.minutes()));

        ParameterStore store = new ParameterStore(root, false);
        long barMax = stage.epochs() == null ? -1 : (long) totalSteps;
        try (ProgressBar bar = options.progressBar() ? Progress.start(stage.name(), barMax, "step") : null) {
            if (bar != null) {
                bar.stepTo(state.stageStep);
            }
            while (state.epoch < maxEpochs && state.stageSeconds < maxSeconds) {
                double[] termSums = new double[losses.size()];
                double lossSum = 0;
                int count = 0;
                double lr = 0;
                long epochStartNanos = System.nanoTime();
                double epochTrainSeconds = 0;
                for (Batch batch : paired.epoch(state.epoch, state.batch)) {
                    long t0 = System.nanoTime();
                    CompletableFuture<Batch> photoBatch = photos == null ? null : photos.randomAsync(state.epoch, state.batch);
                    double progress = Math.max(state.stageStep / totalSteps, state.stageSeconds / maxSeconds);
                    lr = stage.optimizer().learningRate(progress, state.stageStep);
                    try (NDManager sub = root.newSubManager()) {
                        Graph graph = new Graph(nets, store, generators);
                        feedPaired(graph, sub, batch);
                        if (photoBatch != null) {
                            feedPhotos(graph, sub, photoBatch.join());
                        }
                        double total = generatorStep(graph, losses, weights, termSums, discriminators, stage);
                        for (String g : generators) {
                            optimizers.get(g).step(lr);
                        }
                        averages.values().forEach(WeightAverage::update);
                        if (!discriminators.isEmpty()) {
                            discriminatorStep(sub, batch, photoBatch, gans, discriminators, optimizers, store, lr);
                        }
                        lossSum += total;
                    }
                    count++;
                    state.batch++;
                    state.step++;
                    state.stageStep++;
                    double dt = (System.nanoTime() - t0) / 1e9;
                    epochTrainSeconds += dt;
                    state.stageSeconds += dt;
                    state.totalSeconds += dt;
                    for (Map.Entry<String, Adam> e : optimizers.entrySet()) {
                        state.optimizerSteps.put(e.getKey(), e.getValue().steps());
                    }
                    for (Map.Entry<String, WeightAverage> e : averages.entrySet()) {
                        state.averageUpdates.put(e.getKey(), e.getValue().updates());
                    }
                    if (bar != null) {
                        bar.step();
                    }
                    if (state.stageSeconds >= maxSeconds) {
                        break;
                    }
                    if (options.stepLimit() > 0 && state.step - sessionStartStep >= options.stepLimit()) {
                        saveCheckpoint(optimizers, averages);
                        throw new StepLimitReached();
                    }
                    if ((System.nanoTime() - lastCheckpointNanos) / 60e9 >= options.checkpointMinutes()) {
                        saveCheckpoint(optimizers, averages);
                    }
                }
                boolean epochDone = state.batch >= perEpoch;
                int shownEpoch = state.epoch + 1; // 1-based; a partial last epoch keeps its own number
                if (epochDone) {
                    state.epoch++;
                    state.batch = 0;
                }
                averages.values().forEach(WeightAverage::swap); // validate and export the averaged weights
                lastValidation = validate(validateExpr, root);
                double imagesPerSecond = count * recipe.data().batch() / Math.max(1e-9, epochTrainSeconds);
                StringBuilder terms = new StringBuilder();
                for (int i = 0; i < losses.size(); i++) {
                    terms.append(i == 0 ? "" : " ").append(losses.get(i).label()).append('=')
                            .append(String.format(Locale.ROOT, "%.4f", termSums[i] / Math.max(1, count)));
                }
                double meanLoss = lossSum / Math.max(1, count);
                trainingLog.append(stage.name(), shownEpoch, state.step, state.totalSeconds, imagesPerSecond, lr,
                        meanLoss, terms.toString(), val(lastValidation, 0), val(lastValidation, 1), val(lastValidation, 2));
                log.info(String.format(Locale.ROOT, "%s epoch %d: loss %.4f, %.1f img/s, lr %.2g%s (%.0fs)",
                        stage.name(), shownEpoch, meanLoss, imagesPerSecond, lr,
                        lastValidation == null ? "" : String.format(Locale.ROOT, ", val PSNR %.3f SSIM %.4f AE %.3f",
                                lastValidation.psnr(), lastValidation.ssim(), lastValidation.ae()),
                        (System.nanoTime() - epochStartNanos) / 1e9));
                if (lastStage && lastValidation != null && lastValidation.psnr() > state.bestPsnr) {
                    state.bestPsnr = lastValidation.psnr();
                    exportModel(options.runDir().resolve(BEST_MODEL), lastValidation);
                }
                averages.values().forEach(WeightAverage::swap);
                saveCheckpoint(optimizers, averages);
                if (!epochDone) {
                    break; // the time budget ran out inside the epoch
                }
            }
        }
        averages.values().forEach(WeightAverage::swap); // the next stage starts from the averaged weights
    }

    private static void feedPaired(Graph graph, NDManager sub, Batch b) {
        NDArray input = sub.create(b.input(), new Shape(b.size(), 1, b.crop(), b.crop()));
        NDArray rgb = sub.create(b.rgb(), new Shape(b.size(), 3, b.crop(), b.crop()));
        graph.input("nir", input).input("rgb", rgb).input("gray", Graph.luma(rgb));
    }

    private static void feedPhotos(Graph graph, NDManager sub, Batch b) {
        NDArray rgb = sub.create(b.rgb(), new Shape(b.size(), 3, b.crop(), b.crop()));
        graph.input("photo_rgb", rgb).input("photo_gray", sub.create(b.input(), new Shape(b.size(), 1, b.crop(), b.crop())));
    }

    /** Forward and backward of the weighted losses; returns the loss value. */
    private double generatorStep(Graph graph, List<Loss> losses, List<Double> weights, double[] termSums,
            Set<String> discriminators, StageSpec stage) {
        for (String d : discriminators) {
            nets.setTrainable(d, false); // the generator step must not touch the discriminator
        }
        NDArray total = null;
        NDArray[] terms = new NDArray[losses.size()];
        try (GradientCollector gc = engine.newGradientCollector()) {
            for (int i = 0; i < losses.size(); i++) {
                if (weights.get(i) == 0) {
                    continue;
                }
                terms[i] = losses.get(i).compute(graph);
                NDArray weighted = terms[i].mul(weights.get(i).floatValue());
                total = total == null ? weighted : total.add(weighted);
            }
            if (total == null) {
                throw new UserError("stage '" + stage.name() + "' has only zero-weight losses");
            }
            gc.backward(total);
        }
        double value = total.getFloat();
        if (!Double.isFinite(value)) {
            throw new TrainingDiverged(String.format(Locale.ROOT,
                    "training diverged at step %d of stage '%s': the loss is %s; nothing after the last checkpoint was saved. Lower optimizer.lr and resume.",
                    state.step, stage.name(), value));
        }
        for (int i = 0; i < terms.length; i++) {
            if (terms[i] != null) {
                termSums[i] += terms[i].getFloat();
            }
        }
        return value;
    }

    private void discriminatorStep(NDManager sub, Batch batch, CompletableFuture<Batch> photoBatch, List<GanLoss> gans,
            Set<String> discriminators, Map<String, Adam> optimizers, ParameterStore store, double lr) {
        for (String d : discriminators) {
            nets.setTrainable(d, true);
        }
        // A fresh graph: generators run again without gradient (their outputs are detached anyway).
        Graph graph = new Graph(nets, store, discriminators);
        feedPaired(graph, sub, batch);
        if (photoBatch != null) {
            feedPhotos(graph, sub, photoBatch.join());
        }
        try (GradientCollector gc = engine.newGradientCollector()) {
            NDArray total = null;
            for (GanLoss g : gans) {
                NDArray l = g.discriminatorLoss(graph);
                total = total == null ? l : total.add(l);
            }
            gc.backward(total);
        }
        for (String d : discriminators) {
            optimizers.get(d).step(lr);
        }
    }

    private MetricSummary validate(String expression, NDManager root) {
        if (data.val().isEmpty()) {
            return null;
        }
        List<String> inputs = new ArrayList<>();
        Expr.parse(expression).names(inputs, new ArrayList<>());
        String input = inputs.contains("gray") ? "gray" : "nir";
        return new Validator(data.val()).score(new Predictor(nets, expression, root), input);
    }

    private static double val(MetricSummary m, int which) {
        if (m == null) {
            return Double.NaN;
        }
        return which == 0 ? m.psnr() : which == 1 ? m.ssim() : m.ae();
    }

    private void saveCheckpoint(Map<String, Adam> optimizers, Map<String, WeightAverage> averages) throws IOException {
        if (!nets.allFinite()) {
            throw new TrainingDiverged("training diverged before step " + state.step
                    + ": weights are NaN or infinite; the last good checkpoint is kept. Lower optimizer.lr and resume.");
        }
        Checkpoint.save(options.runDir().resolve(CHECKPOINT), recipeJson, state, nets, optimizers, averages);
        lastCheckpointNanos = System.nanoTime();
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
        training.put("created", Instant.now().toString());
        Path logFile = trainingLog.file();
        ModelFile.export(file, nets, recipe.export(), recipe.name(), validation, training,
                Files.exists(logFile) ? Files.readString(logFile) : null);
    }
}
