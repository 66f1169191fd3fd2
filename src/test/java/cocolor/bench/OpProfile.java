package cocolor.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import cocolor.engine.EngineSetup;
import cocolor.expr.Expr;
import cocolor.image.FloatImage;
import cocolor.infer.ModelFile;
import cocolor.infer.Predictor;
import cocolor.nn.Layers;
import cocolor.nn.Networks;
import cocolor.nn.UNet;
import cocolor.nn.UNetConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where a DJL training step and an inference call spend their time, per libtorch op, with the
 * shipped network: {@code java -cp target/cocolor.jar:target/test-classes cocolor.bench.OpProfile
 * [--network default|reference|RECIPE.yaml] [--model FILE] [--what train,infer] [--batch 8] [--size 128]
 * [--infer-size 256] [--steps 5] [--warmup 3] [--threads N] [--top 25] [--keep-traces DIR]}.
 *
 * <p>Training: the network-only loop of {@link TrainThroughput} (random batch, forward, L1 + 0.2·SSIM,
 * backward, the trainer's AdamW; a frozen encoder stays frozen). Inference: the model's folded copy
 * (the bundled model, or {@code --model}) through {@link Predictor}, as {@code colorize} runs it
 * (mirrored margins, copy in, network, copy out, crop). Each is timed without the profiler first
 * (median wall ms per phase), then run under libtorch's profiler ({@link JniUtils#startProfile}), one
 * profile per phase of each step, and printed as tables:
 *
 * <ul>
 *   <li>per phase: wall ms, the time inside libtorch's top-level ops, the rest (Java, DJL and the JNI
 *       crossings: one top-level op is about one crossing), and the op count;
 *   <li>per category of op (convolution, batch norm, interpolation, pooling, element-wise, copies and
 *       views, reductions, allocation, autograd's own work, ...) and phase: self time per step;
 *   <li>the ops with the most self time, and the convolutions by input and weight shape (forward and
 *       backward), which tells the encoder's layers from the U-Net's;
 *   <li>pieces of the forward pass timed alone at the same shapes: the pretrained encoder with its
 *       projections, the pixel unshuffle, the bilinear enlargement of the head's output, the affine
 *       apply (what the op table cannot attribute by name).
 * </ul>
 *
 * The profiler adds a few µs per op: the profiled wall times are printed beside the plain ones.
 * Data loading and augmentation are not in this loop; {@link TrainStepProfile} times the trainer's
 * own steps per phase (data, feed, forward, backward, optimizer). On a shared machine compare
 * shares, not milliseconds.
 */
public final class OpProfile {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Category of an op by a part of its name, the first match wins. */
    private static final List<Map.Entry<String, String>> CATEGORIES = List.of(
            Map.entry("autograd::engine", "autograd engine"),
            Map.entry("Backward", "autograd engine"),
            Map.entry("AccumulateGrad", "autograd engine"),
            Map.entry("conv", "convolution"),
            Map.entry("batch_norm", "batch norm"),
            Map.entry("upsample", "interpolation"),
            Map.entry("pool", "pooling"),
            Map.entry("adam", "optimizer (fused)"),
            Map.entry("addmm", "linear"),
            Map.entry("linear", "linear"),
            Map.entry("matmul", "linear"),
            Map.entry("mean", "reductions"),
            Map.entry("sum", "reductions"),
            Map.entry("amax", "reductions"),
            Map.entry("max", "reductions"),
            Map.entry("copy", "copies and views"),
            Map.entry("clone", "copies and views"),
            Map.entry("contiguous", "copies and views"),
            Map.entry("cat", "copies and views"),
            Map.entry("reshape", "copies and views"),
            Map.entry("view", "copies and views"),
            Map.entry("permute", "copies and views"),
            Map.entry("transpose", "copies and views"),
            Map.entry("slice", "copies and views"),
            Map.entry("select", "copies and views"),
            Map.entry("split", "copies and views"),
            Map.entry("chunk", "copies and views"),
            Map.entry("narrow", "copies and views"),
            Map.entry("expand", "copies and views"),
            Map.entry("strided", "copies and views"),
            Map.entry("index", "copies and views"),
            Map.entry("aten::to", "copies and views"),
            Map.entry("detach", "copies and views"),
            Map.entry("squeeze", "copies and views"),
            Map.entry("alias", "copies and views"),
            Map.entry("empty", "allocation and fill"),
            Map.entry("zero", "allocation and fill"),
            Map.entry("fill", "allocation and fill"),
            Map.entry("ones", "allocation and fill"),
            Map.entry("full", "allocation and fill"),
            Map.entry("resize", "allocation and fill"),
            Map.entry("uniform", "allocation and fill"),
            Map.entry("rand", "allocation and fill"),
            Map.entry("set_", "allocation and fill"),
            Map.entry("aten::", "element-wise and other"));

    private OpProfile() {}

    public static void main(String[] args) throws IOException {
        String network = "default";
        Path modelFile = null;
        List<String> what = List.of("train", "infer");
        int batch = 8;
        int size = 128;
        int inferSize = 256;
        int steps = 5;
        int warmup = 3;
        int threads = 0;
        int top = 25;
        Path keep = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--network" -> { network = v; i++; }
                case "--model" -> { modelFile = Path.of(v); i++; }
                case "--what" -> { what = List.of(v.split(",")); i++; }
                case "--batch" -> { batch = Integer.parseInt(v); i++; }
                case "--size" -> { size = Integer.parseInt(v); i++; }
                case "--infer-size" -> { inferSize = Integer.parseInt(v); i++; }
                case "--steps" -> { steps = Integer.parseInt(v); i++; }
                case "--warmup" -> { warmup = Integer.parseInt(v); i++; }
                case "--threads" -> { threads = Integer.parseInt(v); i++; }
                case "--top" -> { top = Integer.parseInt(v); i++; }
                case "--keep-traces" -> { keep = Path.of(v); i++; }
                default -> throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        TrainThroughput.setThreads(threads, 0);
        Path traces = keep != null ? Files.createDirectories(keep) : Files.createTempDirectory("cocolor-opprofile");
        try {
            if (what.contains("train")) {
                TrainThroughput.Choice choice = TrainThroughput.Choice.of(network);
                try (TrainThroughput.Loop loop = new TrainThroughput.Loop(choice, "train", "l1+ssim", batch, size, "adam")) {
                    System.out.printf(Locale.ROOT, "%n== DJL training step: %s, batch %d of %d², L1 + 0.2·SSIM, AdamW, %d threads%n",
                            choice.config(), batch, size, JniUtils.getNumThreads());
                    Profile p = profile(loop::step, warmup, steps, traces.resolve("train"));
                    p.print(top);
                    printPieces(loop.net(), new Shape(batch, 1, size, size), steps);
                }
            }
            if (what.contains("infer")) {
                try (NDManager manager = EngineSetup.engine().newBaseManager()) {
                    ModelFile.Loaded m = modelFile != null ? ModelFile.load(modelFile, manager)
                            : ModelFile.loadBundled(manager).orElseThrow(() -> new IllegalStateException("no bundled model"));
                    Expr nir = m.info().modes().get(cocolor.recipe.Mode.NIR);
                    Networks folded = m.networks().folded(manager);
                    Predictor predictor = new Predictor(folded, nir, manager);
                    FloatImage image = new FloatImage(1, inferSize, inferSize);
                    Arrays.fill(image.data(), 0.5f);
                    UNet net = (UNet) m.networks().block(((Expr.Call) nir).function());
                    System.out.printf(Locale.ROOT, "%n== DJL inference: %s, folded, one %d² image through the predictor, %d threads%n",
                            net.config(), inferSize, JniUtils.getNumThreads());
                    Profile p = profile(phases -> {
                        predictor.predict(image);
                        phases.ended("inference");
                    }, warmup, steps, traces.resolve("infer"));
                    p.print(top);
                    long side = canvas(predictor, inferSize);
                    printPieces(net, new Shape(1, 1, side, side), steps);
                }
            }
        } finally {
            if (keep == null) {
                try (var files = Files.walk(traces)) {
                    files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }

    /** The side of the canvas the predictor runs the network on for a side of {@code v} pixels. */
    private static long canvas(Predictor p, int v) {
        return (p.margin() + v + p.trailingMargin() + p.stride() - 1L) / p.stride() * p.stride();
    }

    /** Something to profile, step by step. */
    @FunctionalInterface
    interface Stepper {
        void step(TrainThroughput.Phases phases);
    }

    /** One profiled op (a complete event of the trace) and its self time. */
    private record Op(String name, String shapes, double ts, double dur, long tid, boolean topLevel, double self) {}

    /** The profile of the steps of one thing, phase by phase. */
    private static final class Profile {
        final Map<String, List<Double>> wallMs = new LinkedHashMap<>();
        final Map<String, List<Double>> profiledWallMs = new LinkedHashMap<>();
        final Map<String, List<Op>> ops = new LinkedHashMap<>();
        int steps;

        void print(int top) {
            System.out.printf(Locale.ROOT, "%-12s %10s %12s %12s %12s %10s%n", "phase", "wall ms", "profiled ms",
                    "in ops ms", "outside ms", "ops");
            double total = 0;
            for (String phase : wallMs.keySet()) {
                double wall = TrainThroughput.median(toArray(wallMs.get(phase)));
                double profiled = TrainThroughput.median(toArray(profiledWallMs.get(phase)));
                List<Op> o = ops.getOrDefault(phase, List.of());
                double inOps = o.stream().filter(Op::topLevel).mapToDouble(Op::dur).sum() / 1000 / steps;
                long count = o.stream().filter(Op::topLevel).count() / steps;
                total += wall;
                System.out.printf(Locale.ROOT, "%-12s %10.1f %12.1f %12.1f %12.1f %10d%n", phase, wall, profiled, inOps,
                        profiled - inOps, count);
            }
            System.out.printf(Locale.ROOT, "%-12s %10.1f   (medians per step; 'outside': Java, DJL and JNI between libtorch's"
                    + " top-level ops, profiled)%n", "step", total);

            System.out.printf(Locale.ROOT, "%nself time per step by category, ms%n%-24s", "category");
            for (String phase : ops.keySet()) {
                System.out.printf(Locale.ROOT, " %11s", phase);
            }
            System.out.printf(Locale.ROOT, " %9s%n", "share");
            Map<String, double[]> byCategory = new LinkedHashMap<>();
            double all = 0;
            int p = 0;
            for (List<Op> list : ops.values()) {
                for (Op op : list) {
                    byCategory.computeIfAbsent(category(op.name()), k -> new double[ops.size()])[p] += op.self() / 1000 / steps;
                    all += op.self() / 1000 / steps;
                }
                p++;
            }
            for (var e : sorted(byCategory)) {
                System.out.printf(Locale.ROOT, "%-24s", e.getKey());
                double sum = 0;
                for (double v : e.getValue()) {
                    System.out.printf(Locale.ROOT, " %11.1f", v);
                    sum += v;
                }
                System.out.printf(Locale.ROOT, " %8.0f%%%n", 100 * sum / all);
            }

            System.out.printf(Locale.ROOT, "%nops by self time (all phases), per step%n%-52s %8s %10s %7s%n", "op", "calls", "self ms", "share");
            Map<String, double[]> byName = new LinkedHashMap<>();
            for (List<Op> list : ops.values()) {
                for (Op op : list) {
                    double[] s = byName.computeIfAbsent(op.name(), k -> new double[2]);
                    s[0] += 1.0 / steps;
                    s[1] += op.self() / 1000 / steps;
                }
            }
            byName.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue()[1], a.getValue()[1])).limit(top)
                    .forEach(e -> System.out.printf(Locale.ROOT, "%-52s %8.0f %10.2f %6.1f%%%n", cut(e.getKey(), 52),
                            e.getValue()[0], e.getValue()[1], 100 * e.getValue()[1] / total(byName)));

            for (String kind : List.of("aten::convolution", "aten::convolution_backward")) {
                Map<String, double[]> byShape = new LinkedHashMap<>();
                for (List<Op> list : ops.values()) {
                    for (Op op : list) {
                        if (op.name().equals(kind)) {
                            double[] s = byShape.computeIfAbsent(op.shapes(), k -> new double[2]);
                            s[0] += 1.0 / steps;
                            s[1] += op.dur() / 1000 / steps;
                        }
                    }
                }
                if (byShape.isEmpty()) {
                    continue;
                }
                System.out.printf(Locale.ROOT, "%n%s by shape (%s), total time per step%n%-60s %6s %9s%n", kind,
                        kind.endsWith("backward") ? "gradient, input, weight" : "input, weight", "shapes", "calls", "ms");
                byShape.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue()[1], a.getValue()[1])).limit(top)
                        .forEach(e -> System.out.printf(Locale.ROOT, "%-60s %6.0f %9.2f%n", cut(e.getKey(), 60), e.getValue()[0],
                                e.getValue()[1]));
            }
        }
    }

    private static double total(Map<String, double[]> byName) {
        return byName.values().stream().mapToDouble(v -> v[1]).sum();
    }

    private static List<Map.Entry<String, double[]>> sorted(Map<String, double[]> m) {
        return m.entrySet().stream()
                .sorted((a, b) -> Double.compare(Arrays.stream(b.getValue()).sum(), Arrays.stream(a.getValue()).sum())).toList();
    }

    private static String cut(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    private static double[] toArray(List<Double> v) {
        return v == null ? new double[0] : v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static String category(String op) {
        for (Map.Entry<String, String> c : CATEGORIES) {
            if (op.contains(c.getKey())) {
                return c.getValue();
            }
        }
        return "other";
    }

    /**
     * Runs {@code warmup} steps, {@code steps} timed steps (wall ms per phase), then {@code steps}
     * profiled steps, one libtorch profile per phase written under {@code traces} and read back.
     */
    private static Profile profile(Stepper stepper, int warmup, int steps, Path traces) throws IOException {
        Files.createDirectories(traces);
        Profile p = new Profile();
        p.steps = steps;
        for (int i = 0; i < warmup; i++) {
            stepper.step(phase -> {});
        }
        for (int i = 0; i < steps; i++) {
            long[] last = {System.nanoTime()};
            stepper.step(phase -> {
                long now = System.nanoTime();
                p.wallMs.computeIfAbsent(phase, k -> new ArrayList<>()).add((now - last[0]) / 1e6);
                last[0] = now;
            });
        }
        List<Map.Entry<String, Path>> files = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            int step = i;
            long[] last = {System.nanoTime()};
            JniUtils.startProfile(false, true, false);
            stepper.step(phase -> {
                Path f = traces.resolve("step" + step + "-" + phase + ".json");
                long now = System.nanoTime();
                JniUtils.stopProfile(f.toString());
                p.profiledWallMs.computeIfAbsent(phase, k -> new ArrayList<>()).add((now - last[0]) / 1e6);
                files.add(Map.entry(phase, f));
                JniUtils.startProfile(false, true, false);
                last[0] = System.nanoTime();
            });
            JniUtils.stopProfile(traces.resolve("step" + step + "-end.json").toString());
        }
        for (Map.Entry<String, Path> f : files) {
            p.ops.computeIfAbsent(f.getKey(), k -> new ArrayList<>()).addAll(read(f.getValue()));
        }
        return p;
    }

    /** The complete events of a libtorch profiler trace with their self times (nested per thread by time). */
    private static List<Op> read(Path trace) throws IOException {
        JsonNode root = JSON.readTree(trace.toFile());
        List<double[]> events = new ArrayList<>(); // ts, dur, tid, index
        List<JsonNode> nodes = new ArrayList<>();
        for (JsonNode e : root) {
            if ("X".equals(e.path("ph").asText())) {
                events.add(new double[] {e.path("ts").asDouble(), e.path("dur").asDouble(), e.path("tid").asLong(), nodes.size()});
                nodes.add(e);
            }
        }
        // Parents first: by thread, start, then the longer (enclosing) event.
        events.sort(Comparator.<double[]>comparingDouble(e -> e[2]).thenComparingDouble(e -> e[0])
                .thenComparingDouble(e -> -e[1]));
        double[] self = new double[nodes.size()];
        boolean[] top = new boolean[nodes.size()];
        List<double[]> stack = new ArrayList<>();
        for (double[] e : events) {
            while (!stack.isEmpty() && (stack.get(stack.size() - 1)[2] != e[2]
                    || stack.get(stack.size() - 1)[0] + stack.get(stack.size() - 1)[1] <= e[0])) {
                stack.remove(stack.size() - 1);
            }
            int i = (int) e[3];
            self[i] += e[1];
            if (stack.isEmpty()) {
                top[i] = true;
            } else {
                self[(int) stack.get(stack.size() - 1)[3]] -= e[1];
            }
            stack.add(e);
        }
        List<Op> out = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode n = nodes.get(i);
            List<String> shapes = new ArrayList<>();
            for (JsonNode s : n.path("shape")) {
                if (s.size() > 0) {
                    shapes.add(s.toString());
                }
            }
            out.add(new Op(n.path("name").asText(), String.join(" ", shapes), n.path("ts").asDouble(), n.path("dur").asDouble(),
                    n.path("tid").asLong(), top[i], Math.max(0, self[i])));
        }
        return out;
    }

    /**
     * Pieces of the forward pass timed alone (inference mode, no autograd) at the shapes of a
     * network input {@code in}: what the op table cannot tell apart by name.
     */
    private static void printPieces(UNet net, Shape in, int repeats) {
        UNetConfig c = net.config();
        Map<String, Block> parts = net.parts(); // by role: stem, enc0, ..., encoder, project0, ...
        int f = c.unshuffle();
        boolean grad = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (NDManager m = EngineSetup.engine().newBaseManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomUniform(0f, 1f, in);
            Map<String, Supplier<NDArray>> pieces = new LinkedHashMap<>();
            if (parts.containsKey("encoder")) {
                pieces.put("encoder (MobileNetV1 to " + c.encoder().deepest() + ") + projections", () -> {
                    NDList features = parts.get("encoder").forward(ps, new NDList(x), false);
                    NDArray last = null;
                    for (int k = 0; k < features.size(); k++) {
                        last = forward(parts.get("project" + k), ps, features.get(k));
                    }
                    return last;
                });
            }
            if (f > 1) {
                pieces.put("pixel unshuffle ×" + f, () -> Layers.pixelUnshuffle(x, f));
                NDArray logits = m.randomUniform(-1f, 1f, new Shape(in.get(0), c.headChannels(), in.get(2) / f, in.get(3) / f));
                pieces.put("bilinear ×" + f + " of the head's " + c.headChannels() + " channels", () -> Layers.upsample(logits, f));
                NDArray enlarged = Layers.upsample(logits, f);
                pieces.put(c.output().name().toLowerCase(Locale.ROOT) + " output from the enlarged head",
                        () -> c.output().image(enlarged, x));
                pieces.put("  + inference clamp", () -> c.output().inferenceImage(enlarged, x));
            }
            pieces.put("bilinear ×2 of the bottleneck (decoder's first)", () -> {
                long s = c.stride();
                NDArray b = m.randomUniform(0f, 1f, new Shape(in.get(0), c.widths()[c.widths().length - 1], in.get(2) / s, in.get(3) / s));
                return Layers.upsample2x(b);
            });
            System.out.printf(Locale.ROOT, "%npieces timed alone, forward, input %s (median ms of %d)%n", in, repeats);
            for (var e : pieces.entrySet()) {
                double[] ms = new double[repeats];
                for (int i = -1; i < repeats; i++) {
                    try (NDManager sub = m.newSubManager()) {
                        long t0 = System.nanoTime();
                        NDArray y = e.getValue().get();
                        y.getFloat(0, 0, 0, 0); // the result exists (libtorch on the CPU runs each op to its end)
                        if (i >= 0) {
                            ms[i] = (System.nanoTime() - t0) / 1e6;
                        }
                        y.tempAttach(sub);
                    }
                }
                System.out.printf(Locale.ROOT, "%-60s %9.2f%n", e.getKey(), TrainThroughput.median(ms));
            }
        } finally {
            JniUtils.setGradMode(grad);
        }
    }

    private static NDArray forward(Block b, ParameterStore ps, NDArray a) {
        return b.forward(ps, new NDList(a), false).singletonOrThrow();
    }
}
