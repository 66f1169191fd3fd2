package cocolor.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import cocolor.base.UserError;
import cocolor.data.Batch;
import cocolor.engine.EngineSetup;
import cocolor.expr.Expr;
import cocolor.expr.Graph;
import cocolor.loss.GanLoss;
import cocolor.loss.Loss;
import cocolor.loss.Losses;
import cocolor.nn.Networks;
import cocolor.nn.Tensors;
import cocolor.recipe.LossSpec;
import cocolor.recipe.StageSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * What a stage optimises and how a step does it: the stage's loss terms, the networks they
 * train with their optimizers and weight averages, and each step's generator update and, with a
 * GAN term, discriminator update.
 *
 * <p>Built at the stage's start, it makes the stage's networks trainable and the others frozen; a
 * stage resumed in its middle then {@link #restore}s the optimizers' moments and the averages.
 */
final class StageObjective {
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

    /**
     * What a step's loss came to: the weighted total the generators descended, and each term's
     * value, NaN where the term did not count on that step.
     */
    record StepLoss(double total, double[] terms) {}

    private final StageSpec stage;
    private final Networks nets;
    private final NDManager root;
    private final StepPhases phases;
    private final Engine engine = EngineSetup.engine();
    private final ParameterStore store;

    private final List<Term> terms = new ArrayList<>();
    private final Set<String> discriminators = new LinkedHashSet<>();
    private final Set<String> generators;
    private final Map<String, Adam> optimizers = new LinkedHashMap<>();
    private final Map<String, WeightAverage> averages = new LinkedHashMap<>();

    /**
     * The objective of {@code stage} over {@code nets}, whose weights are where the stage starts
     * (after its {@code init} copies): weight averages start from them.
     */
    StageObjective(StageSpec stage, Networks nets, NDManager root, StepPhases phases) {
        this.stage = stage;
        this.nets = nets;
        this.root = root;
        this.phases = phases;
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
        generators = new LinkedHashSet<>(stage.train());
        generators.removeAll(discriminators);
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
        store = new ParameterStore(root, false);
    }

    /** Whether a term of {@code stage} reads the RGB-only photos ({@code photo_rgb}, {@code photo_gray}). */
    static boolean usesPhotos(StageSpec stage) {
        return stage.losses().stream().anyMatch(spec -> spec.pred().usesPhotos());
    }

    /** Continues a stage from the checkpoint {@code resumed} written inside it: the optimizers' moments and the averages. */
    void restore(Checkpoint.Contents resumed) {
        for (Map.Entry<String, Adam> e : optimizers.entrySet()) {
            resumed.restoreOptimizer(e.getKey(), e.getValue(), root);
        }
        for (Map.Entry<String, WeightAverage> e : averages.entrySet()) {
            resumed.restoreAverage(e.getKey(), e.getValue(), root);
        }
    }

    /** The optimizers by network, for checkpoints. */
    Map<String, Adam> optimizers() {
        return Collections.unmodifiableMap(optimizers);
    }

    /** The weight averages by network (none without {@code ema}), for checkpoints. */
    Map<String, WeightAverage> averages() {
        return Collections.unmodifiableMap(averages);
    }

    /** The terms' labels, in the order of {@link StepLoss#terms}. */
    List<String> termLabels() {
        return terms.stream().map(t -> t.loss().label()).toList();
    }

    /** Whether step {@code stageStep} of the stage reads a batch of photos. */
    boolean needsPhotosAt(long stageStep) {
        return terms.stream().anyMatch(t -> t.activeAt(stageStep) && t.usesPhotos());
    }

    /**
     * Exchanges the networks' weights with their averages: before validating or saving the averaged
     * weights, after it to train on, and at the stage's end, whose weights the next stage starts from.
     */
    void swapAverages() {
        averages.values().forEach(WeightAverage::swap);
    }

    /**
     * Step {@code stageStep} of the stage, at learning rate {@code lr}, on {@code batch} (and
     * {@code photoBatch} where {@link #needsPhotosAt} said so, else null): the generators' update
     * on the weighted terms that count, their weight averages, then the discriminators' update.
     * {@code runStep} numbers the step in messages.
     *
     * @throws TrainingDiverged if the loss is NaN or infinite; nothing has been updated then
     */
    StepLoss step(Batch batch, CompletableFuture<Batch> photoBatch, double lr, long stageStep, long runStep) {
        boolean[] active = new boolean[terms.size()];
        boolean ganActive = false;
        Set<String> updated = new LinkedHashSet<>();
        for (int i = 0; i < active.length; i++) {
            Term term = terms.get(i);
            active[i] = term.activeAt(stageStep);
            if (active[i]) {
                ganActive |= term.loss() instanceof GanLoss;
                updated.addAll(term.updates());
            }
        }
        StepLoss loss;
        try (NDManager sub = root.newSubManager()) {
            Graph graph = batchGraph(generators, sub, batch, photoBatch);
            phases.ended(StepPhases.Phase.FEED);
            loss = generatorStep(graph, active, runStep);
            for (String g : generators) {
                if (updated.contains(g)) { // a network no active term reaches keeps still (no drift on old moments)
                    optimizers.get(g).step(lr);
                }
            }
            averages.values().forEach(WeightAverage::update);
            if (ganActive) {
                discriminatorStep(sub, batch, photoBatch, lr, active, runStep);
            }
            phases.ended(StepPhases.Phase.OPTIMIZER);
        }
        phases.ended(StepPhases.Phase.CLOSE);
        return loss;
    }

    /** A graph of this step's batch, in which the networks of {@code training} run in training mode. */
    private Graph batchGraph(Set<String> training, NDManager sub, Batch batch, CompletableFuture<Batch> photoBatch) {
        Graph graph = new Graph(nets, store, training);
        NDArray input = sub.create(batch.input(), new Shape(batch.size(), 1, batch.height(), batch.width()));
        NDArray rgb = sub.create(batch.rgb(), new Shape(batch.size(), 3, batch.height(), batch.width()));
        graph.input("nir", input).input("rgb", rgb).input("gray", Graph.luma(rgb));
        if (photoBatch != null) {
            Batch b = photoBatch.join();
            NDArray photoRgb = sub.create(b.rgb(), new Shape(b.size(), 3, b.height(), b.width()));
            graph.input("photo_rgb", photoRgb).input("photo_gray", sub.create(b.input(), new Shape(b.size(), 1, b.height(), b.width())));
        }
        return graph;
    }

    /** Forward and backward of the weighted terms that count. */
    private StepLoss generatorStep(Graph graph, boolean[] active, long runStep) {
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
            phases.ended(StepPhases.Phase.FORWARD);
            gc.backward(total);
        }
        phases.ended(StepPhases.Phase.BACKWARD);
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
                    runStep, stage.name(), value, culprits.isEmpty() ? "no single term" : "in " + String.join(", ", culprits)));
        }
        double[] termValues = new double[values.length];
        Arrays.fill(termValues, Double.NaN);
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                termValues[i] = values[i].getFloat();
            }
        }
        phases.ended(StepPhases.Phase.SYNC);
        return new StepLoss(value, termValues);
    }

    private void discriminatorStep(NDManager sub, Batch batch, CompletableFuture<Batch> photoBatch, double lr, boolean[] active,
            long runStep) {
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
                        runStep, stage.name(), value));
            }
        }
        for (String d : discriminators) {
            optimizers.get(d).step(lr);
        }
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
