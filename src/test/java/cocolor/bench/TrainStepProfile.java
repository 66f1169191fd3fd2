package cocolor.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import cocolor.base.ProgressListener;
import cocolor.data.Augmenter;
import cocolor.data.Batch;
import cocolor.data.BatchLoader;
import cocolor.data.PairedFolder;
import cocolor.data.Sample;
import cocolor.data.SampleLoader;
import cocolor.data.Splits;
import cocolor.engine.EngineSetup;
import cocolor.expr.Graph;
import cocolor.image.FloatImage;
import cocolor.loss.Loss;
import cocolor.loss.Losses;
import cocolor.loss.SsimLoss;
import cocolor.nn.Networks;
import cocolor.nn.Tensors;
import cocolor.recipe.LossSpec;
import cocolor.recipe.Recipe;
import cocolor.recipe.RecipeLoader;
import cocolor.recipe.StageSpec;
import cocolor.train.Adam;
import cocolor.train.TrainData;
import cocolor.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Where a trainer step's time goes, per phase and for A/B variants interleaved in one process:
 * {@code java -cp target/cocolor.jar:target/test-classes cocolor.bench.TrainStepProfile --threads 1 [--recipe baseline|FILE]
 * [--data DIR] [--steps 10] [--rounds 3] [--warmup 3] [--variants recipe,no-ssim,...] [--trainer]}.
 *
 * <p>Runs the first stage's steps as {@code StageRun} does (its losses, {@link Adam}, the batch
 * loader thread), on {@code --data}'s train split or 64 synthetic 256² pairs. A variant is
 * {@code recipe} or modifiers joined by {@code +}: {@code no-ssim} (drop SSIM terms),
 * {@code djl-adam} (DJL's AdamW instead of ours), {@code no-sync} (no {@code getFloat} of the loss
 * terms), {@code inline-data} (augment on the training thread: the data phase is then the
 * augmentation's cost). Prints the median step (img/s) and the mean ms of each phase per variant,
 * whether arrays accumulate in the root manager, and the Java GC time; {@code --trainer} then
 * times the real {@link Trainer} on the same data. On a shared machine, compare ratios.
 */
public final class TrainStepProfile {
    private static final String[] PHASES = {"data", "feed", "forward", "backward", "sync", "optimizer", "close"};

    private TrainStepProfile() {}

    public static void main(String[] args) throws IOException {
        String recipeName = "baseline";
        Path dataDir = null;
        int steps = 10;
        int warmup = 3;
        int rounds = 3;
        int threads = 0;
        boolean trainer = false;
        List<String> variants = List.of("recipe", "no-ssim", "djl-adam", "no-sync", "inline-data");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--recipe" -> { recipeName = v; i++; }
                case "--data" -> { dataDir = Path.of(v); i++; }
                case "--steps" -> { steps = Integer.parseInt(v); i++; }
                case "--warmup" -> { warmup = Integer.parseInt(v); i++; }
                case "--rounds" -> { rounds = Integer.parseInt(v); i++; }
                case "--threads" -> { threads = Integer.parseInt(v); i++; }
                case "--variants" -> { variants = List.of(v.split(",")); i++; }
                case "--trainer" -> trainer = true;
                default -> throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        if (threads > 0) {
            System.setProperty(EngineSetup.NUM_THREADS, Integer.toString(threads));
        }
        Engine engine = EngineSetup.engine();
        if (threads > 0 && JniUtils.getNumThreads() != threads) {
            JniUtils.setNumThreads(threads);
        }
        Recipe recipe = Files.exists(Path.of(recipeName)) ? RecipeLoader.load(Path.of(recipeName))
                : RecipeLoader.builtin(recipeName);
        List<Sample> samples = dataDir == null ? synthetic(64, 256) : load(dataDir, recipe.data().crop());
        System.out.printf(Locale.ROOT, "recipe %s, stage '%s', %d samples, batch %d, crop %d, threads %d%n",
                recipe.name(), recipe.stages().get(0).name(), samples.size(), recipe.data().batch(),
                recipe.data().crop(), JniUtils.getNumThreads());

        ExecutorService loaderThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "batch-loader");
            t.setDaemon(true);
            return t;
        });
        try (NDManager root = engine.newBaseManager()) {
            Map<String, Profile> profiles = new LinkedHashMap<>();
            for (String v : variants) {
                profiles.put(v, new Profile(v, recipe, samples, root, loaderThread, engine));
            }
            for (Profile p : profiles.values()) {
                p.run(warmup, false);
            }
            int arraysBefore = root.getManagedArrays().size();
            long[] gcBefore = gcTotals();
            for (int r = 0; r < rounds; r++) {
                for (Profile p : profiles.values()) {
                    p.run(steps, true);
                }
            }
            System.out.printf(Locale.ROOT, "%-28s %8s %7s", "variant", "ms/step", "img/s");
            for (String ph : PHASES) {
                System.out.printf(Locale.ROOT, " %9s", ph);
            }
            System.out.println();
            double base = Double.NaN;
            for (Profile p : profiles.values()) {
                double median = p.medianMs();
                base = Double.isNaN(base) ? median : base;
                System.out.printf(Locale.ROOT, "%-28s %8.1f %7.2f", p.name, median,
                        recipe.data().batch() * 1000.0 / median);
                for (int i = 0; i < PHASES.length; i++) {
                    System.out.printf(Locale.ROOT, " %9.1f", p.phaseMs[i] / p.timed);
                }
                System.out.printf(Locale.ROOT, "   x%.2f%n", median / base);
            }
            long[] gc = gcTotals();
            System.out.printf(Locale.ROOT, "arrays held by the root manager: %d after warm-up, %d after the timed steps;"
                    + " Java GC during them: %d collections, %d ms%n", arraysBefore, root.getManagedArrays().size(),
                    gc[0] - gcBefore[0], gc[1] - gcBefore[1]);
        } finally {
            loaderThread.shutdownNow();
        }
        if (trainer) {
            runTrainer(recipe, samples, warmup, steps * rounds);
        }
    }

    /** One variant: its own optimizer state and batch stream, sharing the networks' weights. */
    private static final class Profile {
        final String name;
        final boolean noSsim;
        final boolean djlAdam;
        final boolean noSync;
        final boolean inlineData;
        final StageSpec stage;
        final Networks nets;
        final ParameterStore store;
        final Engine engine;
        final NDManager root;
        final List<Loss> losses = new ArrayList<>();
        final List<Float> weights = new ArrayList<>();
        final List<String> trained;
        final Map<String, Adam> ours = new LinkedHashMap<>();
        final Optimizer djl;
        final BatchLoader loader;
        final Augmenter augmenter;
        final List<Sample> samples;
        final List<Double> stepMs = new ArrayList<>();
        final double[] phaseMs = new double[PHASES.length];
        Iterator<Batch> batches;
        int epoch;
        int timed;
        long step;

        Profile(String name, Recipe recipe, List<Sample> samples, NDManager root, ExecutorService loaderThread,
                Engine engine) {
            this.name = name;
            Set<String> mods = Set.of(name.split("\\+"));
            noSsim = mods.contains("no-ssim");
            djlAdam = mods.contains("djl-adam");
            noSync = mods.contains("no-sync");
            inlineData = mods.contains("inline-data");
            for (String m : mods) {
                if (!Set.of("recipe", "no-ssim", "djl-adam", "no-sync", "inline-data").contains(m)) {
                    throw new IllegalArgumentException("unknown variant modifier '" + m + "'");
                }
            }
            this.stage = recipe.stages().get(0);
            this.engine = engine;
            this.root = root;
            this.samples = samples;
            // Every variant gets its own networks, so that they start from the same weights.
            nets = new Networks(recipe.networks(), root);
            store = new ParameterStore(root, false);
            for (LossSpec spec : stage.losses()) {
                Loss l = Losses.create(spec);
                if (spec.weight() != 0 && !(noSsim && l instanceof SsimLoss)) {
                    losses.add(l);
                    weights.add(spec.weight().floatValue());
                }
            }
            trained = stage.train();
            for (String n : nets.names()) {
                nets.setTrainable(n, trained.contains(n));
            }
            for (String n : trained) {
                ours.put(n, new Adam(nets.trainableArrays(n), stage.optimizer(), root));
            }
            djl = Optimizer.adamW().optLearningRateTracker(Tracker.fixed((float) stage.optimizer().lr()))
                    .optWeightDecays(stage.optimizer().weightDecay().floatValue()).build();
            augmenter = new Augmenter(recipe.data());
            loader = new BatchLoader(samples, augmenter, recipe.stride(), recipe.seed() * 31, loaderThread);
        }

        void run(int n, boolean timedRun) {
            for (int i = 0; i < n; i++) {
                step(timedRun);
            }
        }

        private Batch nextBatch() {
            if (inlineData) {
                int b = augmenter.spec().batch();
                int c = augmenter.spec().crop();
                float[] input = new float[b * c * c];
                float[] rgb = new float[b * 3 * c * c];
                SplittableRandom rng = new SplittableRandom(step);
                for (int i = 0; i < b; i++) {
                    augmenter.crop(samples.get(rng.nextInt(samples.size())), c, c, rng, input, i * c * c, rgb, i * 3 * c * c);
                }
                return new Batch(b, c, c, input, rgb);
            }
            if (batches == null || !batches.hasNext()) {
                batches = loader.epoch(epoch++, 0).iterator();
            }
            return batches.next();
        }

        void step(boolean timedRun) {
            long[] t = new long[PHASES.length + 1];
            t[0] = System.nanoTime();
            Batch b = nextBatch();
            t[1] = System.nanoTime();
            double lr = stage.optimizer().learningRate(0.1, step);
            try (NDManager sub = root.newSubManager()) {
                Graph graph = new Graph(nets, store, Set.copyOf(trained));
                NDArray rgb = sub.create(b.rgb(), new Shape(b.size(), 3, b.height(), b.width()));
                graph.input("nir", sub.create(b.input(), new Shape(b.size(), 1, b.height(), b.width())))
                        .input("rgb", rgb).input("gray", Graph.luma(rgb));
                t[2] = System.nanoTime();
                NDArray total = null;
                NDArray[] terms = new NDArray[losses.size()];
                try (GradientCollector gc = engine.newGradientCollector()) {
                    for (int i = 0; i < losses.size(); i++) {
                        terms[i] = losses.get(i).compute(graph);
                        NDArray weighted = Tensors.times(terms[i], weights.get(i).floatValue());
                        total = total == null ? weighted : total.add(weighted);
                    }
                    t[3] = System.nanoTime();
                    gc.backward(total);
                }
                t[4] = System.nanoTime();
                if (!noSync) {
                    double sum = total.getFloat();
                    for (NDArray term : terms) {
                        sum += term.getFloat();
                    }
                    if (!Double.isFinite(sum)) {
                        throw new IllegalStateException("loss is " + sum);
                    }
                }
                t[5] = System.nanoTime();
                if (djlAdam) {
                    for (String n : trained) {
                        for (var p : nets.block(n).getParameters()) {
                            NDArray w = p.getValue().getArray();
                            if (w.hasGradient()) {
                                try (NDArray g = w.getGradient()) {
                                    djl.update(p.getValue().getId(), w, g);
                                }
                            }
                        }
                    }
                } else {
                    for (Adam a : ours.values()) {
                        a.step(lr);
                    }
                }
                t[6] = System.nanoTime();
            }
            t[7] = System.nanoTime();
            step++;
            if (timedRun) {
                stepMs.add((t[7] - t[0]) / 1e6);
                for (int i = 0; i < PHASES.length; i++) {
                    phaseMs[i] += (t[i + 1] - t[i]) / 1e6;
                }
                timed++;
            }
        }

        double medianMs() {
            double[] s = stepMs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        }
    }

    /** The real trainer: {@code warmup} steps, then {@code steps} more after a resume; img/s of the latter. */
    private static void runTrainer(Recipe recipe, List<Sample> samples, int warmup, int steps) throws IOException {
        Path dir = Files.createTempDirectory("cocolor-profile");
        TrainData data = TrainData.of(samples, List.of(), List.of());
        Trainer.Result first = new Trainer(recipe, data, Trainer.Options.in(dir).withCheckpointMinutes(1e9).withStepLimit(warmup)).run();
        Trainer.Result second = new Trainer(recipe, data, Trainer.Options.in(dir).withResume(true).withCheckpointMinutes(1e9).withStepLimit(steps)).run();
        double ms = (second.trainMinutes() - first.trainMinutes()) * 60e3 / steps;
        System.out.printf(Locale.ROOT, "%-28s %8.1f %7.2f   (mean over %d steps, as its log counts them)%n",
                "Trainer", ms, recipe.data().batch() * 1000.0 / ms, steps);
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** {collections, milliseconds} of every garbage collector so far. */
    private static long[] gcTotals() {
        long[] t = new long[2];
        for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            t[0] += Math.max(0, gc.getCollectionCount());
            t[1] += Math.max(0, gc.getCollectionTime());
        }
        return t;
    }

    private static List<Sample> synthetic(int n, int side) {
        Random r = new Random(1);
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] nir = new float[side * side];
            float[] rgb = new float[3 * side * side];
            for (int j = 0; j < nir.length; j++) {
                nir[j] = r.nextFloat();
            }
            for (int j = 0; j < rgb.length; j++) {
                rgb[j] = r.nextFloat();
            }
            out.add(new Sample("s" + i, new FloatImage(1, side, side, nir), new FloatImage(3, side, side, rgb)));
        }
        return out;
    }

    private static List<Sample> load(Path dir, int crop) {
        var pairs = PairedFolder.scan(dir);
        Path split = dir.resolve("splits.tsv");
        if (Files.exists(split)) {
            pairs = PairedFolder.select(pairs, Splits.read(split), "train");
        }
        return SampleLoader.loadPairs(pairs, crop, ProgressListener.NONE);
    }
}
