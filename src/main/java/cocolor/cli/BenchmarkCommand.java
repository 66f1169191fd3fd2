package cocolor.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import cocolor.base.UserError;
import cocolor.cli.benchmark.Conditions;
import cocolor.cli.benchmark.InferenceBenchmark;
import cocolor.cli.benchmark.LargeImageBenchmark;
import cocolor.cli.benchmark.MatmulPeak;
import cocolor.cli.benchmark.PyTorchExport;
import cocolor.cli.benchmark.Timing;
import cocolor.commandline.UsageError;
import cocolor.engine.EngineSetup;
import cocolor.expr.Expr;
import cocolor.infer.ModelFile;
import cocolor.infer.ModelInfo;
import cocolor.nn.Networks;
import cocolor.nn.UNetConfig;
import cocolor.recipe.Mode;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cocolor benchmark}: inference speed of a model against this CPU's measured limit, the
 * plain DJL blocks (batch norm as a separate op) next to the folded inference copy that
 * {@code colorize} uses.
 */
@Command(
        name = "benchmark",
        mixinStandardHelpOptions = true,
        description = {
            "Measure colorization speed on this CPU.",
            "Images/s at 256x256 (batch 1 and " + InferenceBenchmark.BATCH + "), ms per 1024x768 image, GFLOPs per image,"
                    + " achieved GFLOP/s and their share of this CPU's fp32 matmul peak (measured).",
            "Model: --model FILE, else the bundled model, else the reference colorizer with random weights.",
            "Lines starting with RESULT are for scripts (bench/inference_vs_pytorch.sh)."
        })
public final class BenchmarkCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "FILE", description = "Model file (.cocolor).")
    Path modelFile;

    @Option(names = "--repeats", defaultValue = "5", description = "Timed runs per figure; the median is shown. Default: ${DEFAULT-VALUE}.")
    int repeats;

    @Option(names = "--warmup", defaultValue = "2", description = "Untimed runs first. Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--matmul", defaultValue = "2048", paramLabel = "N", description = "Side of the matmul that measures the peak. Default: ${DEFAULT-VALUE}.")
    int matmul;

    @Option(names = "--export-pytorch", paramLabel = "DIR", description = "Also write the weights for bench/pytorch_unet.py.")
    Path exportDir;

    @Option(names = "--large", paramLabel = "HxW", description = "Only colorize one synthetic image of this size (e.g. 6000x8000) and report time and peak memory.")
    String large;

    @Option(names = "--route", defaultValue = "auto", paramLabel = "auto|native|old",
            description = "With --large: auto (colour at the model's working scale, as colorize does), native (full resolution,"
                    + " seam-free tiles) or old (full resolution in the 512-pixel tiles used before). Default: ${DEFAULT-VALUE}.")
    String route;

    @Option(names = "--large-runs", defaultValue = "1", paramLabel = "N",
            description = "With --large: colorize the image N times; above 1, the time is the median of the runs after the first."
                    + " Default: ${DEFAULT-VALUE}.")
    int largeRuns;

    @Option(names = "--folded-only", description = "Skip the plain-blocks variant (the 'before' figures).")
    boolean foldedOnly;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (largeRuns < 1) {
            throw new UsageError("--large-runs must be at least 1, got " + largeRuns);
        }
        try (NDManager manager = EngineSetup.engine().newBaseManager()) {
            Model model = loadModel(manager);
            if (large != null) {
                if (!LargeImageBenchmark.ROUTES.contains(route)) {
                    throw new UsageError("--route must be one of " + LargeImageBenchmark.ROUTES + ", got '" + route + "'");
                }
                LargeImageBenchmark.run(model.networks.folded(manager), model.expression, model.imageSize, manager, parseSize(large), route,
                        largeRuns, out);
                return 0;
            }
            PrintWriter err = spec.commandLine().getErr();
            Conditions.busyLoad(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Runtime.getRuntime().availableProcessors()).ifPresent(err::println);
            out.println("model: " + model.description);
            out.printf(Locale.ROOT, "threads: %d intra-op (PyTorch %s engine)%n", JniUtils.getNumThreads(), EngineSetup.engine().getVersion());
            if (exportDir != null) {
                PyTorchExport.write(model.networks, ((Expr.Call) model.expression).function(), model.imageSize, manager, exportDir);
                out.println("weights for bench/pytorch_unet.py written to " + exportDir);
            }
            Networks folded = model.networks.folded(manager);
            double gflop256 = InferenceBenchmark.gflopsPerImage(folded, model.expression, 256, 256);
            double gflopLarge = InferenceBenchmark.gflopsPerImage(folded, model.expression, 768, 1024);
            Timing peakTiming = MatmulPeak.time(manager, matmul, repeats);
            Conditions.spread("fp32 peak", peakTiming).ifPresent(err::println);
            double peak = MatmulPeak.gflops(matmul, peakTiming);
            out.printf(Locale.ROOT, "network: %.2f GFLOP per 256x256 image, %.1f per 1024x768 (convolutions and context layer, 2 per multiply-add)%n",
                    gflop256, gflopLarge);
            out.printf(Locale.ROOT, "fp32 peak: %.0f GFLOP/s (%dx%d matmul, same engine and threads)%n", peak, matmul, matmul);
            out.printf(Locale.ROOT, "RESULT impl=djl variant=peak gflop_s=%.1f gflop_img_256=%.3f%n", peak, gflop256);
            InferenceBenchmark bench = new InferenceBenchmark(manager, warmup, repeats);
            out.printf(Locale.ROOT, "%n%-22s %10s %10s %12s   %s%n", "variant", "256² b1", "256² b" + InferenceBenchmark.BATCH,
                    "1024x768", "GFLOP/s (b1 / b" + InferenceBenchmark.BATCH + " / 1024x768), % of peak");
            out.printf(Locale.ROOT, "%-22s %10s %10s %12s%n", "", "img/s", "img/s", "ms");
            var variants = foldedOnly ? List.of(Map.entry("DJL folded BN", folded))
                    : List.of(Map.entry("DJL blocks (BN ops)", model.networks), Map.entry("DJL folded BN", folded));
            for (var variant : variants) {
                InferenceBenchmark.Row r = bench.measure(variant.getKey(), variant.getValue(), model.expression);
                // The peak of these figures' conditions: measured again right after them, the better of the two.
                double localPeak = Math.max(peak, MatmulPeak.gflops(manager, matmul, repeats));
                double b1 = r.imgPerSec256() * gflop256;
                double bn = r.imgPerSec256Batched() * gflop256;
                double big = gflopLarge / (r.ms1024x768() / 1000);
                out.printf(Locale.ROOT, "%-22s %10.2f %10.2f %12.0f   %.0f / %.0f / %.0f, %s / %s / %s%n",
                        r.variant(), r.imgPerSec256(), r.imgPerSec256Batched(), r.ms1024x768(), b1, bn, big,
                        Conditions.share(b1, localPeak), Conditions.share(bn, localPeak), Conditions.share(big, localPeak));
                Conditions.spread(r.variant() + " 256² b1", r.single256()).ifPresent(err::println);
                Conditions.spread(r.variant() + " 256² b" + InferenceBenchmark.BATCH, r.batched256()).ifPresent(err::println);
                Conditions.spread(r.variant() + " 1024x768", r.large()).ifPresent(err::println);
                if (Math.max(b1, Math.max(bn, big)) > localPeak) {
                    err.println("warning: " + r.variant() + ": a figure beat the matmul peak measured around it, so the machine's"
                            + " load changed while it ran; that share is shown as n/a");
                }
                out.printf(Locale.ROOT, "RESULT impl=djl variant=%s batch=%d img_s_256=%.3f img_s_256_batched=%.3f ms_1024x768=%.1f%n",
                        variant.getValue() == folded ? "folded" : "blocks", InferenceBenchmark.BATCH, r.imgPerSec256(),
                        r.imgPerSec256Batched(), r.ms1024x768());
                out.flush();
            }
        }
        return 0;
    }

    private record Model(Networks networks, Expr expression, int imageSize, String description) {}

    private Model loadModel(NDManager manager) {
        java.util.Optional<ModelFile.Loaded> loaded = modelFile != null ? java.util.Optional.of(ModelFile.load(modelFile, manager))
                : ModelFile.loadBundled(manager);
        if (loaded.isPresent()) {
            ModelFile.Loaded m = loaded.get();
            Expr nir = m.info().modes().get(Mode.NIR);
            return new Model(m.networks(), nir, m.info().imageSize(),
                    (modelFile != null ? modelFile.toString() : "bundled model") + " (mode nir: " + nir + ")");
        }
        UNetConfig config = UNetConfig.colorizer(1);
        return new Model(new Networks(Map.of("f_n", config), manager), Expr.parse("f_n(nir)"), ModelInfo.DEFAULT_IMAGE_SIZE,
                "no bundled model: reference colorizer " + config + " with random weights (speed does not depend on them)");
    }

    private static int[] parseSize(String s) {
        String[] p = s.toLowerCase(Locale.ROOT).split("x");
        try {
            return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1])};
        } catch (RuntimeException e) {
            throw new UserError("--large wants HEIGHTxWIDTH, e.g. 6000x8000; got '" + s + "'");
        }
    }
}
