package cocolor.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import cocolor.base.UserError;
import cocolor.data.AugmentSpec;
import cocolor.data.Augmenter;
import cocolor.data.Batch;
import cocolor.data.BatchLoader;
import cocolor.engine.EngineSetup;
import cocolor.eval.MetricSummary;
import cocolor.eval.Validation;
import cocolor.eval.Validator;
import cocolor.expr.Expr;
import cocolor.expr.Graph;
import cocolor.infer.Predictor;
import cocolor.loss.GanLoss;
import cocolor.loss.Loss;
import cocolor.loss.Losses;
import cocolor.nn.Networks;
import cocolor.nn.Tensors;
import cocolor.recipe.LossSpec;
import cocolor.recipe.Mode;
import cocolor.recipe.Recipe;
import cocolor.recipe.StageSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stage of a {@link Trainer}'s run. The constructor sets the stage up: its losses, which
 * networks train, their optimizers and weight averages (restored when the run resumes inside this
 * stage), {@code init} weight copies and the batch loaders. {@link #step} takes one optimisation
 * step, {@link #endEpoch} validates, logs and checkpoints. The Trainer drives the loop and decides
 * when to checkpoint inside an epoch and when to stop; the stage sees the run only through its
 * {@link Run} and saves it only through its {@link Saves}.
 */
final class StageRun {
    // The Trainer's logger, so that the run's log lines keep their source name.
    private static final Logger log = LoggerFactory.getLogger(Trainer.class);

    /**
     * The run a stage belongs to: its recipe, data, networks, where it is ({@code state}), the
     * checkpoint it resumed from (null for a new run), its log, how often it validates, and who
     * is told of each step's phases.
     */
    record Run(Recipe recipe, TrainData data, Networks nets, TrainState state, Checkpoint.Contents resumed,
            TrainingLog log, int validateEvery, StepPhases phases) {}

    /** Where a stage saves the run: its checkpoint, and the best model of the last stage. */
    interface Saves {
        void checkpoint(Map<String, Adam> optimizers, Map<String, WeightAverage> averages) throws IOException;

        void bestModel(MetricSummary validation) throws IOException;
    }

    /** How an epoch ended: {@code complete} is false when the time budget ran out inside it. */
    record EpochEnd(boolean complete, Validation validation) {}

    /**
     * One loss term of the stage: its spec and loss, whether it reads the RGB-only photos, and the
     * networks its gradient reaches.
     */
    private record Term(LossSpec spec, Loss loss, boolean usesPhotos, Set<String> updates) {
        /** Whether the term counts on this step of its stage: it has a weight, and the step is one of its {@code every}. */
        boolean activeAt(long stageStep) {
            return spec.weight() != 0 && spec.activeAt(stageStep);
        }

        float weight() {
            return spec.weight().floatValue();
        }
    }

    /** What one epoch's steps add up, for its log row. */
    private static final class EpochTotals {
        final double[] termSums;
        final int[] termSteps;
        final long startNanos = System.nanoTime();
        double lossSum;
        int steps;
        double lr;
        double trainSeconds;

        EpochTotals(int terms) {
            termSums = new double[terms];
            termSteps = new int[terms];
        }
    }

    private final Run run;
    private final Saves saves;
    private final StageSpec stage;
    private final Recipe recipe;
    private final TrainData data;
    private final Networks nets;
    private final TrainState state;
    private final NDManager root;
    private final Engine engine = EngineSetup.engine();

    private final List<Term> terms = new ArrayList<>();
    private final Set<String> discriminators = new LinkedHashSet<>();
    private final Set<String> generators;
    private final Map<String, Adam> optimizers = new LinkedHashMap<>();
    private final Map<String, WeightAverage> averages = new LinkedHashMap<>();

    private final AugmentSpec dataSpec;
    private final BatchLoader paired;
    /** Null when no loss reads the RGB-only photos. */
    private final BatchLoader photos;
    private final int maxEpochs;
    private final double maxSeconds;
    private final long batchesPerEpoch;
    private final double totalSteps;
    private final Expr validateExpr;
    /**
     * Whether this stage's validations pick best.cocolor: the last stage, if it scores the model's
     * own expression. A recipe that ends by training another mode (the gray colorizer) has no best
     * model: one picked earlier would carry that mode untrained.
     */
    private final boolean picksBestModel;
    private final ParameterStore store;

    private EpochTotals epoch;

    StageRun(Run run, StageSpec stage, NDManager root, ExecutorService loaderThread, Saves saves) {
        this.run = run;
        this.saves = saves;
        this.stage = stage;
        this.recipe = run.recipe();
        this.data = run.data();
        this.nets = run.nets();
        this.state = run.state();
        this.root = root;

        for (LossSpec spec : stage.losses()) {
            Set<String> reached = new LinkedHashSet<>();
            gradientReaches(spec.pred(), reached);
            if (spec.target() != null) {
                gradientReaches(spec.target(), reached);
            }
            Loss loss = Losses.create(spec.type(), spec.pred(), spec.target(), spec.real(), spec.discriminator());
            terms.add(new Term(spec, loss, spec.pred().usesPhotos(), reached));
            if (loss instanceof GanLoss gan) {
                discriminators.add(gan.discriminator());
            }
        }
        boolean usesPhotos = terms.stream().anyMatch(Term::usesPhotos);
        generators = new LinkedHashSet<>(stage.train());
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
        for (String name : stage.train()) {
            nets.setTrainable(name, true);
            optimizers.put(name, new Adam(nets.trainableArrays(name), stage.optimizer(), root));
        }
        for (String name : nets.names()) {
            if (!stage.train().contains(name)) {
                nets.setTrainable(name, false);
            }
        }
        if (stage.ema() != null) {
            for (String g : generators) {
                averages.put(g, new WeightAverage(nets.stateArrays(g), stage.ema(), root));
            }
        }
        // A checkpoint written at a stage boundary holds no optimizer state for the new stage.
        Checkpoint.Contents resumed = run.resumed();
        if (resumed != null && resumed.state().stage == state.stage && state.stageStep > 0) {
            for (Map.Entry<String, Adam> e : optimizers.entrySet()) {
                resumed.restoreOptimizer(e.getKey(), e.getValue(), root);
            }
            for (Map.Entry<String, WeightAverage> e : averages.entrySet()) {
                resumed.restoreAverage(e.getKey(), e.getValue(), root);
            }
        }

        dataSpec = recipe.dataFor(stage);
        Augmenter augmenter = new Augmenter(dataSpec);
        paired = new BatchLoader(dataSpec.epochSamples(data.train()), augmenter, recipe.stride(), recipe.seed() * 31 + state.stage, loaderThread);
        photos = usesPhotos
                ? new BatchLoader(data.photos(), augmenter, recipe.stride(), recipe.seed() * 37 + state.stage, loaderThread)
                : null;
        maxEpochs = stage.epochs() == null ? Integer.MAX_VALUE : stage.epochs();
        maxSeconds = stage.minutes() == null ? Double.POSITIVE_INFINITY : stage.minutes() * 60;
        batchesPerEpoch = paired.batchesPerEpoch();
        totalSteps = stage.epochs() == null ? Double.POSITIVE_INFINITY : (double) maxEpochs * batchesPerEpoch;
        validateExpr = recipe.validationExpression(stage);
        picksBestModel = state.stage == recipe.stages().size() - 1 && validateExpr.equals(recipe.validationExpression());
        log.info("stage {} '{}': trains {}, {} loss terms, {} batches of {} per epoch, budget {}{}",
                state.stage + 1, stage.name(), stage.train(), terms.size(), batchesPerEpoch, dataSpec.batch(),
                stage.epochs() == null ? "" : stage.epochs() + " epochs ",
                stage.minutes() == null ? "" : String.format(Locale.ROOT, "%.1f min", stage.minutes()));

        store = new ParameterStore(root, false);
    }

    /** The stage's steps in all, for a progress bar of a stage bound by epochs. */
    long plannedSteps() {
        return (long) totalSteps;
    }

    /** Whether another epoch (or the rest of a resumed one) fits in the stage's budget. */
    boolean hasBudgetLeft() {
        return state.epoch < maxEpochs && state.stageSeconds < maxSeconds;
    }

    /** Whether the current epoch's batches are all done (its end, {@link #endEpoch}, is next). */
    boolean epochDone() {
        return state.batch >= batchesPerEpoch;
    }

    boolean isOutOfTime() {
        return state.stageSeconds >= maxSeconds;
    }

    /** Starts the current epoch, or continues it after a resume; returns its remaining batches. */
    Iterable<Batch> startEpoch() {
        epoch = new EpochTotals(terms.size());
        return paired.epoch(state.epoch, state.batch);
    }

    /**
     * One optimisation step on {@code batch}: the generators' step on the weighted losses, their
     * weight averages, then the discriminators' step; advances the state's counters and clocks.
     */
    void step(Batch batch) {
        long t0 = System.nanoTime();
        run.phases().ended(StepPhases.Phase.DATA);
        boolean[] active = new boolean[terms.size()];
        boolean photosNeeded = false;
        boolean ganActive = false;
        Set<String> updated = new LinkedHashSet<>();
        for (int i = 0; i < active.length; i++) {
            Term term = terms.get(i);
            active[i] = term.activeAt(state.stageStep);
            if (active[i]) {
                photosNeeded |= term.usesPhotos();
                ganActive |= term.loss() instanceof GanLoss;
                updated.addAll(term.updates());
            }
        }
        CompletableFuture<Batch> photoBatch = photosNeeded ? photos.randomAsync(state.epoch, state.batch) : null;
        double progress = Math.max(state.stageStep / totalSteps, state.stageSeconds / maxSeconds);
        double lr = stage.optimizer().learningRate(progress, state.stageStep);
        epoch.lr = lr;
        try (NDManager sub = root.newSubManager()) {
            Graph graph = batchGraph(generators, sub, batch, photoBatch);
            run.phases().ended(StepPhases.Phase.FEED);
            double total = generatorStep(graph, active);
            for (String g : generators) {
                if (updated.contains(g)) { // a network no active term reaches keeps still (no drift on old moments)
                    optimizers.get(g).step(lr);
                }
            }
            averages.values().forEach(WeightAverage::update);
            if (ganActive) {
                discriminatorStep(sub, batch, photoBatch, lr, active);
            }
            epoch.lossSum += total;
            run.phases().ended(StepPhases.Phase.OPTIMIZER);
        }
        run.phases().ended(StepPhases.Phase.CLOSE);
        epoch.steps++;
        state.batch++;
        state.step++;
        state.stageStep++;
        double dt = (System.nanoTime() - t0) / 1e9;
        epoch.trainSeconds += dt;
        state.stageSeconds += dt;
        state.totalSeconds += dt;
        for (Map.Entry<String, Adam> e : optimizers.entrySet()) {
            state.optimizerSteps.put(e.getKey(), e.getValue().steps());
        }
        for (Map.Entry<String, WeightAverage> e : averages.entrySet()) {
            state.averageUpdates.put(e.getKey(), e.getValue().updates());
        }
    }

    /**
     * Closes the epoch (or its part that the time budget allowed): validates the averaged weights,
     * logs a CSV row and a log line, exports the best model of the last stage. The Trainer decides
     * whether a checkpoint follows.
     */
    EpochEnd endEpoch() throws IOException {
        boolean complete = state.batch >= batchesPerEpoch;
        int shownEpoch = state.epoch + 1; // 1-based; a partial last epoch keeps its own number
        if (complete) {
            state.epoch++;
            state.batch = 0;
        }
        boolean stageEnds = !complete || !hasBudgetLeft();
        averages.values().forEach(WeightAverage::swap); // validate and export the averaged weights
        Validation validation = stageEnds || shownEpoch % run.validateEvery() == 0 ? validate() : null;
        logEpoch(shownEpoch, validation);
        // With several validation folders, the mean of their PSNRs picks the best model.
        if (picksBestModel && validation != null && validation.mean().psnr() > state.bestPsnr) {
            state.bestPsnr = validation.mean().psnr();
            saves.bestModel(validation.mean());
        }
        averages.values().forEach(WeightAverage::swap);
        return new EpochEnd(complete, validation);
    }

    void checkpoint() throws IOException {
        saves.checkpoint(optimizers, averages);
    }

    /** Ends the stage: the next stage starts from the averaged weights. */
    void finish() {
        averages.values().forEach(WeightAverage::swap);
    }

    /** A graph of this step's batch, in which the networks of {@code training} run in training mode. */
    private Graph batchGraph(Set<String> training, NDManager sub, Batch batch, CompletableFuture<Batch> photoBatch) {
        Graph graph = new Graph(nets, store, training);
        feedPaired(graph, sub, batch);
        if (photoBatch != null) {
            feedPhotos(graph, sub, photoBatch.join());
        }
        return graph;
    }

    private static void feedPaired(Graph graph, NDManager sub, Batch b) {
        NDArray input = sub.create(b.input(), new Shape(b.size(), 1, b.height(), b.width()));
        NDArray rgb = sub.create(b.rgb(), new Shape(b.size(), 3, b.height(), b.width()));
        graph.input("nir", input).input("rgb", rgb).input("gray", Graph.luma(rgb));
    }

    private static void feedPhotos(Graph graph, NDManager sub, Batch b) {
        NDArray rgb = sub.create(b.rgb(), new Shape(b.size(), 3, b.height(), b.width()));
        graph.input("photo_rgb", rgb).input("photo_gray", sub.create(b.input(), new Shape(b.size(), 1, b.height(), b.width())));
    }

    /** Forward and backward of the weighted losses; returns the loss value. */
    private double generatorStep(Graph graph, boolean[] active) {
        for (String d : discriminators) {
            nets.setTrainable(d, false); // the generator step must not touch the discriminator
        }
        NDArray total = null;
        NDArray[] values = new NDArray[terms.size()];
        try (GradientCollector gc = engine.newGradientCollector()) {
            for (int i = 0; i < values.length; i++) {
                if (!active[i]) {
                    continue;
                }
                values[i] = terms.get(i).loss().compute(graph);
                NDArray weighted = Tensors.times(values[i], terms.get(i).weight());
                total = total == null ? weighted : total.add(weighted);
            }
            if (total == null) {
                throw new UserError("stage '" + stage.name() + "' has only zero-weight losses");
            }
            run.phases().ended(StepPhases.Phase.FORWARD);
            gc.backward(total);
        }
        run.phases().ended(StepPhases.Phase.BACKWARD);
        double value = total.getFloat();
        if (!Double.isFinite(value)) {
            List<String> culprits = new ArrayList<>();
            for (int i = 0; i < values.length; i++) {
                if (values[i] != null && !Float.isFinite(values[i].getFloat())) {
                    culprits.add(terms.get(i).loss().label());
                }
            }
            throw new TrainingDiverged(String.format(Locale.ROOT,
                    "training diverged at step %d of stage '%s': the loss is %s (%s); nothing after the last checkpoint was saved. Lower optimizer.lr and resume.",
                    state.step, stage.name(), value, culprits.isEmpty() ? "no single term" : "in " + String.join(", ", culprits)));
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                epoch.termSums[i] += values[i].getFloat();
                epoch.termSteps[i]++;
            }
        }
        run.phases().ended(StepPhases.Phase.SYNC);
        return value;
    }

    private void discriminatorStep(NDManager sub, Batch batch, CompletableFuture<Batch> photoBatch, double lr, boolean[] active) {
        for (String d : discriminators) {
            nets.setTrainable(d, true);
        }
        // A fresh graph: generators run again without gradient (their outputs are detached anyway).
        Graph graph = batchGraph(discriminators, sub, batch, photoBatch);
        try (GradientCollector gc = engine.newGradientCollector()) {
            NDArray total = null;
            for (int i = 0; i < terms.size(); i++) {
                if (active[i] && terms.get(i).loss() instanceof GanLoss g) {
                    NDArray l = g.discriminatorLoss(graph);
                    total = total == null ? l : total.add(l);
                }
            }
            gc.backward(total);
            double value = total.toType(DataType.FLOAT64, false).getDouble();
            if (!Double.isFinite(value)) {
                throw new TrainingDiverged(String.format(Locale.ROOT,
                        "training diverged at step %d of stage '%s': the discriminator loss is %s; nothing after the last checkpoint was saved. Lower optimizer.lr and resume.",
                        state.step, stage.name(), value));
            }
        }
        for (String d : discriminators) {
            optimizers.get(d).step(lr);
        }
    }

    private Validation validate() {
        return validate(data, nets, validateExpr, root);
    }

    /** Scores {@code expr} of {@code nets} on the run's validation pairs; null without any. */
    static Validation validate(TrainData data, Networks nets, Expr expr, NDManager root) {
        Validator validator = new Validator(data.validation());
        if (validator.isEmpty()) {
            return null;
        }
        return validator.score(new Predictor(nets, expr, root), Mode.readBy(expr));
    }

    private void logEpoch(int shownEpoch, Validation validation) {
        double imagesPerSecond = epoch.steps * dataSpec.batch() / Math.max(1e-9, epoch.trainSeconds);
        StringBuilder termText = new StringBuilder();
        for (int i = 0; i < terms.size(); i++) {
            termText.append(i == 0 ? "" : " ").append(terms.get(i).loss().label()).append('=')
                    .append(String.format(Locale.ROOT, "%.4f", epoch.termSums[i] / Math.max(1, epoch.termSteps[i])));
        }
        double meanLoss = epoch.lossSum / Math.max(1, epoch.steps);
        run.log().append(stage.name(), shownEpoch, state.step, state.totalSeconds, imagesPerSecond, epoch.lr,
                meanLoss, termText.toString(), validation, validateExpr.toString());
        log.info(String.format(Locale.ROOT, "%s epoch %d: loss %.4f, %.1f img/s, lr %.2g%s (%.0fs)",
                stage.name(), shownEpoch, meanLoss, imagesPerSecond, epoch.lr, validationText(validation),
                (System.nanoTime() - epoch.startNanos) / 1e9));
    }

    /**
     * The log line's validation part: the scores, and with several folders, that they are the
     * folders' mean, then each folder's PSNR and how many of its pairs score below their gray copy.
     */
    private static String validationText(Validation validation) {
        if (validation == null) {
            return "";
        }
        MetricSummary mean = validation.mean();
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, ", val PSNR %.3f SSIM %.4f AE %.3f",
                mean.psnr(), mean.ssim(), mean.ae()));
        if (validation.folders().size() > 1) {
            text.append(" (mean of ").append(validation.folders().size()).append(" folders:");
            for (Validation.Folder f : validation.folders()) {
                text.append(String.format(Locale.ROOT, " %s %.3f, %s below the gray copy;", f.name(),
                        f.scores().psnr(), f.belowGrayCopy().share()));
            }
            text.setCharAt(text.length() - 1, ')');
        }
        return text.toString();
    }

    /** The networks a gradient from {@code e} reaches: every call outside a {@code detach(...)}. */
    private void gradientReaches(Expr e, Set<String> out) {
        if (e instanceof Expr.Call c && !c.function().equals("detach")) {
            if (nets.contains(c.function())) {
                out.add(c.function());
            }
            c.args().forEach(a -> gradientReaches(a, out));
        }
    }

}
