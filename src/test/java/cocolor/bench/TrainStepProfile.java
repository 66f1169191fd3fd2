package cocolor.bench;

import ai.djl.pytorch.jni.JniUtils;
import cocolor.base.ProgressListener;
import cocolor.data.AugmentSpec;
import cocolor.data.PairedFolder;
import cocolor.data.Sample;
import cocolor.data.SampleLoader;
import cocolor.data.Splits;
import cocolor.engine.EngineSetup;
import cocolor.image.FloatImage;
import cocolor.recipe.LossSpec;
import cocolor.recipe.Recipe;
import cocolor.recipe.RecipeLoader;
import cocolor.recipe.StageSpec;
import cocolor.train.StepPhases;
import cocolor.train.TrainData;
import cocolor.train.TrainOptions;
import cocolor.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Where a trainer step's time goes, per phase, for variants of a recipe interleaved in one process:
 * {@code java -cp target/cocolor.jar:target/test-classes cocolor.bench.TrainStepProfile --threads 1
 * [--recipe baseline|default|FILE] [--stage 1] [--data DIR] [--steps 10] [--rounds 3] [--warmup 3]
 * [--variants recipe,no-ssim]}.
 *
 * <p>Each variant is a run of the real {@link Trainer} on one stage of the recipe ({@code --stage}, from
 * 1: the first; the bundled recipe's second trains on whole 256² images), on {@code --data}'s
 * train split or 64 synthetic 256² pairs: {@code recipe} as it is, {@code no-ssim} without its SSIM
 * terms. The runs take turns: each round resumes every variant's run for {@code --steps} steps (the
 * trainer's step limit), so that a machine that gets busier slows them alike. The trainer tells the
 * end of each phase of its steps ({@link StepPhases}); printed per variant are the median step (ms,
 * img/s), the mean ms of each phase, and the Java GC time of the timed rounds. The first step of each
 * round is timed without its data phase (the wait since the resumed run started). On a shared
 * machine, compare ratios.
 */
public final class TrainStepProfile {
    private static final List<String> VARIANTS = List.of("recipe", "no-ssim");

    private TrainStepProfile() {}

    public static void main(String[] args) throws IOException {
        String recipeName = "baseline";
        Path dataDir = null;
        int steps = 10;
        int warmup = 3;
        int rounds = 3;
        int threads = 0;
        int stageNumber = 1;
        List<String> variants = VARIANTS;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--recipe" -> { recipeName = v; i++; }
                case "--data" -> { dataDir = Path.of(v); i++; }
                case "--steps" -> { steps = Integer.parseInt(v); i++; }
                case "--warmup" -> { warmup = Integer.parseInt(v); i++; }
                case "--rounds" -> { rounds = Integer.parseInt(v); i++; }
                case "--stage" -> { stageNumber = Integer.parseInt(v); i++; }
                case "--threads" -> { threads = Integer.parseInt(v); i++; }
                case "--variants" -> { variants = List.of(v.split(",")); i++; }
                default -> throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        if (!VARIANTS.containsAll(variants)) {
            throw new IllegalArgumentException("variants are " + VARIANTS + ", got " + variants);
        }
        if (threads > 0) {
            System.setProperty(EngineSetup.NUM_THREADS, Integer.toString(threads));
        }
        EngineSetup.engine();
        if (threads > 0 && JniUtils.getNumThreads() != threads) {
            JniUtils.setNumThreads(threads);
        }
        Recipe recipe = Files.exists(Path.of(recipeName)) ? RecipeLoader.load(Path.of(recipeName))
                : RecipeLoader.builtin(recipeName);
        if (stageNumber < 1 || stageNumber > recipe.stages().size()) {
            throw new IllegalArgumentException("--stage must be in 1.." + recipe.stages().size() + ", got " + stageNumber);
        }
        StageSpec stage = recipe.stages().get(stageNumber - 1);
        AugmentSpec stageData = recipe.dataFor(stage);
        List<Sample> samples = dataDir == null ? synthetic(64, Math.max(256, stageData.crop())) : load(dataDir, stageData.crop());
        TrainData data = TrainData.of(samples, List.of(), List.of());
        System.out.printf(Locale.ROOT, "recipe %s, stage '%s', %d samples, batch %d, crop %d, threads %d%n",
                recipe.name(), stage.name(), samples.size(), stageData.batch(), stageData.crop(), JniUtils.getNumThreads());

        Path dir = Files.createTempDirectory("cocolor-profile");
        try {
            Map<String, Variant> runs = new LinkedHashMap<>();
            for (String v : variants) {
                runs.put(v, new Variant(v, stageOnly(recipe, stage, v.equals("no-ssim")), dir.resolve(v)));
            }
            for (Variant v : runs.values()) {
                v.run(data, warmup, false);
            }
            long[] gcBefore = gcTotals();
            for (int r = 0; r < rounds; r++) {
                for (Variant v : runs.values()) {
                    v.run(data, steps, true);
                }
            }
            long[] gc = gcTotals();
            print(runs.values(), stageData.batch());
            System.out.printf(Locale.ROOT, "Java GC during the timed rounds: %d collections, %d ms%n",
                    gc[0] - gcBefore[0], gc[1] - gcBefore[1]);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** One variant: its own run of the trainer, resumed round after round, and the times of its steps. */
    private static final class Variant implements StepPhases {
        final String name;
        final Recipe recipe;
        final Path runDir;
        final List<Double> stepMs = new ArrayList<>();
        final double[] phaseMs = new double[Phase.values().length];
        boolean timing;
        boolean resumedJustNow;
        long last;
        long stepStart;

        Variant(String name, Recipe recipe, Path runDir) {
            this.name = name;
            this.recipe = recipe;
            this.runDir = runDir;
        }

        void run(TrainData data, int steps, boolean timed) throws IOException {
            timing = timed;
            resumedJustNow = true;
            TrainOptions options = TrainOptions.in(runDir).withResume(true).withCheckpointMinutes(1e9)
                    .withStepLimit(steps).withPhases(this);
            new Trainer(recipe, data, options).run();
        }

        @Override
        public void ended(Phase phase) {
            long now = System.nanoTime();
            if (phase == Phase.DATA) {
                stepStart = resumedJustNow ? now : last;
                if (resumedJustNow) {
                    last = now;
                }
                resumedJustNow = false;
            }
            if (timing) {
                phaseMs[phase.ordinal()] += (now - last) / 1e6;
                if (phase == Phase.CLOSE) {
                    stepMs.add((now - stepStart) / 1e6);
                }
            }
            last = now;
        }

        double medianMs() {
            double[] s = stepMs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        }
    }

    private static void print(Iterable<Variant> variants, int batch) {
        System.out.printf(Locale.ROOT, "%-12s %8s %7s", "variant", "ms/step", "img/s");
        for (StepPhases.Phase p : StepPhases.Phase.values()) {
            System.out.printf(Locale.ROOT, " %9s", p.name().toLowerCase(Locale.ROOT));
        }
        System.out.println();
        double base = Double.NaN;
        for (Variant v : variants) {
            double median = v.medianMs();
            base = Double.isNaN(base) ? median : base;
            System.out.printf(Locale.ROOT, "%-12s %8.1f %7.2f", v.name, median, batch * 1000.0 / median);
            for (double ms : v.phaseMs) {
                System.out.printf(Locale.ROOT, " %9.1f", ms / v.stepMs.size());
            }
            System.out.printf(Locale.ROOT, "   x%.2f%n", median / base);
        }
    }

    /**
     * One stage of the recipe alone, bound by the step limit rather than its own budget, and
     * without its SSIM terms if {@code noSsim}.
     */
    private static Recipe stageOnly(Recipe recipe, StageSpec s, boolean noSsim) {
        List<LossSpec> losses = s.losses().stream().filter(l -> !(noSsim && l.type().equals("ssim"))).toList();
        StageSpec stage = new StageSpec(s.name(), Integer.MAX_VALUE, null, s.train(), s.optimizer(), losses, s.validate(),
                s.ema(), s.init(), s.data());
        return new Recipe(recipe.name(), recipe.description(), recipe.seed(), recipe.data(), recipe.networks(),
                List.of(stage), recipe.export(), recipe.validation());
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
