package cocolor.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import cocolor.cli.benchmark.PyTorchExport;
import cocolor.engine.EngineSetup;
import cocolor.infer.ModelInfo;
import cocolor.loss.SsimLoss;
import cocolor.nn.Networks;
import cocolor.nn.Tensors;
import cocolor.nn.UNet;
import cocolor.nn.UNetConfig;
import cocolor.recipe.OptimizerSpec;
import cocolor.recipe.Recipe;
import cocolor.recipe.RecipeLoader;
import cocolor.train.Adam;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Training (and inference) throughput of a colorizer U-Net with a manual loop, for comparison
 * with {@code bench/pytorch_unet.py}: random input and target per step, forward, the loss
 * ({@code l1}, or {@code l1+ssim}: L1 + 0.2·(1 − SSIM) as the bundled recipe trains), backward, and
 * the trainer's AdamW ({@link Adam}, one fused native update per parameter, which also zeroes the
 * gradient) with the recipe's first stage's settings at a constant rate. A frozen pretrained
 * encoder stays frozen (no gradient, no update), as in training. Every step runs in its own
 * sub-manager that is closed at the end of the step.
 *
 * <p>Usage: {@code TrainThroughput [--network default|reference|RECIPE.yaml] [--batch 8] [--size 128]
 * [--steps 20] [--warmup 3] [--threads N] [--interop N] [--mode train|infer] [--loss l1|l1+ssim]
 * [--update adam|zero] [--export-pytorch DIR]}. {@code --network}: the network {@code f_n} of a
 * recipe (a built-in name or a file; default: {@code default}, the bundled model's recipe), or
 * {@code reference}, the previous comparisons' network ({@link UNetConfig#colorizer}, Adam at
 * 1e-3). {@code --export-pytorch DIR} writes the network as built (same weights, the encoder's
 * ImageNet weights included) for {@code pytorch_unet.py --weights DIR}, with {@code train.json}
 * (loss and optimizer settings), and exits. Prints one line {@code RESULT impl=djl mode=...
 * threads=... img_s=... ms_step=...} (median step time and img/s over the timed steps).
 */
public final class TrainThroughput {
    /** Weight of the SSIM term in {@code l1+ssim}: the bundled recipe's. */
    public static final float SSIM_WEIGHT = 0.2f;

    private TrainThroughput() {}

    /** Result of one run. */
    public record Result(String mode, int threads, int batch, int size, double medianMs, double meanMs) {
        public double imgPerSec() {
            return batch * 1000.0 / medianMs;
        }
    }

    /** A network to train and the optimizer settings it trains with. */
    public record Choice(String name, UNetConfig config, OptimizerSpec optimizer) {
        /** {@code reference}, or the network {@code f_n} of a recipe (built-in name or file) and its first stage's optimizer. */
        public static Choice of(String name) {
            if (name.equals("reference")) {
                return new Choice(name, UNetConfig.colorizer(1), new OptimizerSpec(1e-3, null, null, null, "constant", null, null));
            }
            Recipe recipe = Files.exists(Path.of(name)) ? RecipeLoader.load(Path.of(name)) : RecipeLoader.builtin(name);
            if (!(recipe.networks().get("f_n") instanceof UNetConfig config)) {
                throw new IllegalArgumentException("recipe " + name + " has no U-Net named f_n");
            }
            return new Choice(name, config, recipe.stages().get(0).optimizer());
        }
    }

    public static void main(String[] args) throws IOException {
        String network = "default";
        int batch = 8;
        int size = 128;
        int steps = 20;
        int warmup = 3;
        int threads = 0;
        int interop = 0;
        String mode = "train";
        String loss = "l1+ssim";
        String update = "adam";
        Path export = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--network" -> { network = v; i++; }
                case "--batch" -> { batch = Integer.parseInt(v); i++; }
                case "--size" -> { size = Integer.parseInt(v); i++; }
                case "--steps" -> { steps = Integer.parseInt(v); i++; }
                case "--warmup" -> { warmup = Integer.parseInt(v); i++; }
                case "--threads" -> { threads = Integer.parseInt(v); i++; }
                case "--interop" -> { interop = Integer.parseInt(v); i++; }
                case "--mode" -> { mode = v; i++; }
                case "--loss" -> { loss = v; i++; }
                case "--update" -> { update = v; i++; }
                case "--export-pytorch" -> { export = Path.of(v); i++; }
                default -> throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        setThreads(threads, interop);
        Choice choice = Choice.of(network);
        if (export != null) {
            export(choice, loss, export);
            System.out.println("weights of " + choice.config() + " written to " + export);
            return;
        }
        Result r = run(choice, mode, loss, batch, size, steps, warmup, update);
        System.out.printf(
                Locale.ROOT,
                "RESULT impl=djl mode=%s network=%s loss=%s threads=%d batch=%d size=%d ms_step=%.1f mean_ms=%.1f img_s=%.2f%n",
                r.mode(), choice.name(), loss, r.threads(), r.batch(), r.size(), r.medianMs(), r.meanMs(), r.imgPerSec());
    }

    /**
     * {@code threads}/{@code interop} &gt; 0 set PyTorch's intra-/inter-op thread counts (through
     * {@link EngineSetup}'s system properties when the engine is not loaded yet); 0 keeps the defaults.
     */
    static Engine setThreads(int threads, int interop) {
        if (threads > 0) {
            System.setProperty(EngineSetup.NUM_THREADS, Integer.toString(threads));
        }
        if (interop > 0) {
            System.setProperty(EngineSetup.NUM_INTEROP_THREADS, Integer.toString(interop));
        }
        Engine engine = EngineSetup.engine();
        if (threads > 0 && JniUtils.getNumThreads() != threads) {
            JniUtils.setNumThreads(threads);
        }
        return engine;
    }

    /** Writes the network of {@code choice} for {@code pytorch_unet.py}, with the loss and optimizer in {@code train.json}. */
    static void export(Choice choice, String loss, Path dir) throws IOException {
        checkLoss(loss);
        try (NDManager base = EngineSetup.engine().newBaseManager()) {
            Networks networks = new Networks(Map.of("f_n", choice.config()), base);
            PyTorchExport.write(networks, "f_n", ModelInfo.DEFAULT_IMAGE_SIZE, base, dir);
        }
        Map<String, Object> train = new LinkedHashMap<>();
        train.put("network", choice.name());
        train.put("loss", loss);
        train.put("ssim_weight", SSIM_WEIGHT);
        OptimizerSpec o = choice.optimizer();
        train.put("optimizer", Map.of("lr", o.lr(), "beta1", o.beta1(), "beta2", o.beta2(), "weight_decay", o.weightDecay(),
                "eps", Adam.EPSILON));
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(dir.resolve("train.json").toFile(), train);
    }

    private static void checkLoss(String loss) {
        if (!loss.equals("l1") && !loss.equals("l1+ssim")) {
            throw new IllegalArgumentException("loss must be l1 or l1+ssim: " + loss);
        }
    }

    /** Told as each phase of a step ends. */
    @FunctionalInterface
    interface Phases {
        void ended(String phase);
    }

    /** One network with its optimizer, stepped on random batches of one shape. */
    static final class Loop implements AutoCloseable {
        private final Engine engine = EngineSetup.engine();
        private final NDManager base;
        private final UNet net;
        private final ParameterStore ps;
        private final Adam adam;
        private final OptimizerSpec spec;
        private final boolean train;
        private final boolean ssim;
        private final boolean zeroOnly;
        private final Shape inShape;
        private final Shape outShape;

        Loop(Choice choice, String mode, String loss, int batch, int size, String update) {
            train = switch (mode) {
                case "train" -> true;
                case "infer" -> false;
                default -> throw new IllegalArgumentException("mode must be train or infer: " + mode);
            };
            checkLoss(loss);
            if (!update.equals("adam") && !update.equals("zero")) {
                throw new IllegalArgumentException("update must be adam or zero: " + update);
            }
            ssim = loss.equals("l1+ssim");
            zeroOnly = update.equals("zero");
            spec = choice.optimizer();
            inShape = new Shape(batch, 1, size, size);
            outShape = new Shape(batch, 3, size, size);
            base = engine.newBaseManager();
            Networks networks = new Networks(Map.of("f_n", choice.config()), base);
            net = (UNet) networks.block("f_n");
            ps = new ParameterStore(base, false);
            adam = new Adam(networks.trainableArrays("f_n"), spec, base); // a frozen encoder's weights are not among them
        }

        UNet net() {
            return net;
        }

        /** One step (forward, loss, backward, update; or an inference pass) in its own sub-manager. */
        void step() {
            step(phase -> {});
        }

        /** As {@link #step()}, telling {@code phases} as each phase ends: data, forward, backward, optimizer, close. */
        void step(Phases phases) {
            try (NDManager s = base.newSubManager()) {
                NDArray x = s.randomUniform(0f, 1f, inShape);
                if (!train) {
                    phases.ended("data");
                    NDArray y = net.forward(ps, new NDList(x), false).get(0);
                    y.toFloatArray(); // forces completion and a copy out, as a real caller would
                    phases.ended("forward");
                    return;
                }
                NDArray target = s.randomUniform(0f, 1f, outShape);
                phases.ended("data");
                try (GradientCollector gc = engine.newGradientCollector()) {
                    NDArray y = net.forward(ps, new NDList(x), true).get(0);
                    NDArray loss = y.sub(target).abs().mean();
                    if (ssim) {
                        loss = loss.add(Tensors.times(SsimLoss.ssim(y, target).neg().add(1), SSIM_WEIGHT));
                    }
                    phases.ended("forward");
                    gc.backward(loss);
                }
                phases.ended("backward");
                if (zeroOnly) {
                    for (var p : net.getParameters().values()) {
                        if (p.requiresGradient()) {
                            try (NDArray g = p.getArray().getGradient()) {
                                g.subi(g);
                            }
                        }
                    }
                } else {
                    adam.step(spec.lr());
                }
                phases.ended("optimizer");
            }
            phases.ended("close");
        }

        @Override
        public void close() {
            base.close();
        }
    }

    /** Runs {@code warmup} untimed and {@code steps} timed steps. */
    public static Result run(Choice choice, String mode, String loss, int batch, int size, int steps, int warmup, String update) {
        double[] ms = new double[steps];
        try (Loop loop = new Loop(choice, mode, loss, batch, size, update)) {
            for (int i = -warmup; i < steps; i++) {
                long t0 = System.nanoTime();
                loop.step();
                long t1 = System.nanoTime();
                if (i >= 0) {
                    ms[i] = (t1 - t0) / 1e6;
                }
            }
        }
        return new Result(mode, JniUtils.getNumThreads(), batch, size, median(ms), Arrays.stream(ms).average().orElse(Double.NaN));
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
