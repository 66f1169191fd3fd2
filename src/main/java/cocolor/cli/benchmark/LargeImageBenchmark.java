package cocolor.cli.benchmark;

import ai.djl.ndarray.NDManager;
import cocolor.expr.Expr;
import cocolor.image.FloatImage;
import cocolor.image.Images;
import cocolor.infer.Predictor;
import cocolor.infer.Scale;
import cocolor.infer.ScaledPredictor;
import cocolor.infer.Tiling;
import cocolor.infer.WorkingScale;
import cocolor.nn.Networks;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Colorizes one large synthetic image by one route and encodes it as PNG, reporting time and the
 * process's peak resident memory (heap, native tensors and all), which must stay bounded:
 *
 * <ul>
 *   <li>{@code auto}: what {@code colorize} does by default, colour decided at the model's working
 *       scale and carried to full resolution ({@link ScaledPredictor});
 *   <li>{@code native}: at full resolution in the seam-free tiles of {@link Tiling#DEFAULT};
 *   <li>{@code old}: the route before both, full resolution in 512-pixel tiles with 64-pixel
 *       feathered overlaps.
 * </ul>
 *
 * Peak memory is the process's high-water mark, so only the first route run in a JVM has a
 * figure of its own; bench/large_images.sh runs each in its own JVM. With several runs, the first
 * (cold: first calls allocate, pick kernels and compile) is reported apart, and the time is the
 * median of the others (bench/inference_vs_pytorch.sh compares that with PyTorch's warm runs).
 */
public final class LargeImageBenchmark {
    /** The tiling before seam-free tiles: 512-pixel tiles, 64-pixel feathered overlaps, no border band. */
    public static final Tiling OLD_TILING = new Tiling(1024L * 1024, 512, 64, 0);
    /** The routes, by name. */
    public static final List<String> ROUTES = List.of("auto", "native", "old");

    private LargeImageBenchmark() {}

    public static void run(Networks folded, Expr expression, int imageSize, NDManager manager, int[] size, String route,
            int runs, PrintWriter out) throws IOException {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1: " + runs);
        }
        FloatImage nir = InferenceBenchmark.image(size[0], size[1]);
        ScaledPredictor predictor = switch (route) {
            case "auto", "native" -> new ScaledPredictor(new Predictor(folded, expression, manager), new WorkingScale(imageSize),
                    ScaledPredictor.UPSAMPLING);
            case "old" -> new ScaledPredictor(new Predictor(folded, expression, manager, OLD_TILING),
                    new WorkingScale(imageSize), ScaledPredictor.UPSAMPLING);
            default -> throw new IllegalArgumentException("route must be one of " + ROUTES + ": " + route);
        };
        Scale scale = route.equals("auto") ? Scale.AUTO : Scale.NATIVE;
        long t0 = System.nanoTime();
        FloatImage[] rgb = {predictor.predict(List.of(nir), scale).get(0)};
        double first = (System.nanoTime() - t0) / 1e9;
        double s = runs == 1 ? first : Timer.time(0, runs - 1, () -> {
            rgb[0] = null; // the previous result can be collected while the next is made
            rgb[0] = predictor.predict(List.of(nir), scale).get(0);
        }).medianMs() / 1000;
        long t1 = System.nanoTime();
        Path png = Files.createTempFile("cocolor-large", ".png");
        try {
            Images.writePng(rgb[0], png);
            long t2 = System.nanoTime();
            String timing = runs == 1 ? String.format(Locale.ROOT, "colorized in %.2f s", s)
                    : String.format(Locale.ROOT, "colorized in %.2f s (median of %d runs after a first of %.2f s)", s, runs - 1, first);
            out.printf(Locale.ROOT, "%dx%d, route %s: %s, PNG encoded in %.1f s; peak RSS %.0f MiB, max heap %.0f MiB%n",
                    size[0], size[1], route, timing, (t2 - t1) / 1e9, peakRssKib() / 1024.0,
                    Runtime.getRuntime().maxMemory() / 1048576.0);
            out.printf(Locale.ROOT, "RESULT impl=djl variant=large route=%s size=%dx%d s=%.2f first_s=%.2f runs=%d encode_s=%.2f peak_rss_mib=%.0f%n",
                    route, size[0], size[1], s, first, runs, (t2 - t1) / 1e9, peakRssKib() / 1024.0);
        } finally {
            Files.deleteIfExists(png);
        }
    }

    /** VmHWM of /proc/self/status (Linux), or -1. */
    static long peakRssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: no figure
        }
        return -1;
    }
}
