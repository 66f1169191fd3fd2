package cocolor.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import cocolor.engine.EngineSetup;
import cocolor.nn.UNet;
import cocolor.nn.UNetConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Training (and inference) throughput of the colorizer U-Net with a manual loop, for comparison
 * with {@code bench/pytorch_unet.py}: random input and target per step, forward, L1 loss,
 * backward, Adam update (DJL's {@code Adam}, i.e. {@code NDArrayEx.adamUpdate}, which also zeroes
 * the gradients). Every step runs in its own sub-manager that is closed at the end of the step.
 *
 * <p>Usage: {@code TrainThroughput [--batch 8] [--size 128] [--steps 20] [--warmup 3]
 * [--threads N] [--interop N] [--mode train|infer] [--update adam|zero]}. Prints one line
 * {@code RESULT impl=djl mode=... threads=... img_s=... ms_step=...} (median step time and
 * img/s over the timed steps).
 */
public final class TrainThroughput {

    private TrainThroughput() {}

    /** Result of one run. */
    public record Result(String mode, int threads, int batch, int size, double medianMs, double meanMs) {
        public double imgPerSec() {
            return batch * 1000.0 / medianMs;
        }
    }

    public static void main(String[] args) {
        int batch = 8;
        int size = 128;
        int steps = 20;
        int warmup = 3;
        int threads = 0;
        int interop = 0;
        String mode = "train";
        String update = "adam";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--batch" -> { batch = Integer.parseInt(v); i++; }
                case "--size" -> { size = Integer.parseInt(v); i++; }
                case "--steps" -> { steps = Integer.parseInt(v); i++; }
                case "--warmup" -> { warmup = Integer.parseInt(v); i++; }
                case "--threads" -> { threads = Integer.parseInt(v); i++; }
                case "--interop" -> { interop = Integer.parseInt(v); i++; }
                case "--mode" -> { mode = v; i++; }
                case "--update" -> { update = v; i++; }
                default -> throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        Result r = run(mode, batch, size, steps, warmup, threads, interop, update);
        System.out.printf(
                Locale.ROOT,
                "RESULT impl=djl mode=%s threads=%d batch=%d size=%d ms_step=%.1f mean_ms=%.1f img_s=%.2f%n",
                r.mode(), r.threads(), r.batch(), r.size(), r.medianMs(), r.meanMs(), r.imgPerSec());
    }

    /**
     * Runs the benchmark. {@code threads}/{@code interop} &gt; 0 set PyTorch's intra-/inter-op
     * thread counts (through {@link EngineSetup}'s system properties when the engine is not loaded
     * yet); 0 keeps the defaults.
     */
    public static Result run(
            String mode, int batch, int size, int steps, int warmup, int threads, int interop, String update) {
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
        boolean train = switch (mode) {
            case "train" -> true;
            case "infer" -> false;
            default -> throw new IllegalArgumentException("mode must be train or infer: " + mode);
        };
        if (!update.equals("adam") && !update.equals("zero")) {
            throw new IllegalArgumentException("update must be adam or zero: " + update);
        }
        Shape inShape = new Shape(batch, 1, size, size);
        Shape outShape = new Shape(batch, 3, size, size);
        double[] ms = new double[steps];
        try (NDManager base = engine.newBaseManager()) {
            UNet net = new UNet(UNetConfig.colorizer(1));
            net.initialize(base, DataType.FLOAT32, inShape);
            ParameterStore ps = new ParameterStore(base, false);
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build();
            List<Parameter> params = new ArrayList<>();
            for (Pair<String, Parameter> p : net.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    params.add(p.getValue());
                }
            }
            for (int i = -warmup; i < steps; i++) {
                long t0 = System.nanoTime();
                try (NDManager s = base.newSubManager()) {
                    NDArray x = s.randomUniform(0f, 1f, inShape);
                    if (train) {
                        NDArray target = s.randomUniform(0f, 1f, outShape);
                        try (GradientCollector gc = engine.newGradientCollector()) {
                            NDArray y = net.forward(ps, new NDList(x), true).get(0);
                            NDArray loss = y.sub(target).abs().mean();
                            gc.backward(loss);
                        }
                        for (Parameter p : params) {
                            NDArray w = p.getArray();
                            try (NDArray g = w.getGradient()) {
                                if (update.equals("adam")) {
                                    adam.update(p.getId(), w, g);
                                } else {
                                    g.subi(g);
                                }
                            }
                        }
                    } else {
                        NDArray y = net.forward(ps, new NDList(x), false).get(0);
                        y.toFloatArray(); // forces completion and a copy out, as a real caller would
                    }
                }
                long t1 = System.nanoTime();
                if (i >= 0) {
                    ms[i] = (t1 - t0) / 1e6;
                }
            }
        }
        double mean = Arrays.stream(ms).average().orElse(Double.NaN);
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double median = sorted.length % 2 == 1
                ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        return new Result(mode, JniUtils.getNumThreads(), batch, size, median, mean);
    }
}
