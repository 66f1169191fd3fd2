package cocolor.bench;

import ai.djl.ndarray.NDManager;
import cocolor.image.FloatImage;
import cocolor.image.Images;
import cocolor.infer.Predictor;
import cocolor.nn.Networks;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Colorizes one large synthetic image (tiled) and encodes it as PNG, reporting time and the
 * process's peak resident memory (heap, native tensors and all), which tiling must bound.
 */
public final class LargeImageBenchmark {
    private LargeImageBenchmark() {}

    public static void run(Networks folded, String expression, NDManager manager, int[] size, PrintWriter out)
            throws IOException {
        FloatImage nir = InferenceBenchmark.image(size[0], size[1]);
        Predictor p = new Predictor(folded, expression, manager);
        long t0 = System.nanoTime();
        FloatImage rgb = p.predict(nir);
        long t1 = System.nanoTime();
        Path png = Files.createTempFile("cocolor-large", ".png");
        try {
            Images.writePng(rgb, png);
            long t2 = System.nanoTime();
            out.printf(Locale.ROOT, "%dx%d: colorized in %.1f s, PNG encoded in %.1f s; peak RSS %.0f MiB, max heap %.0f MiB%n",
                    size[0], size[1], (t1 - t0) / 1e9, (t2 - t1) / 1e9, peakRssKib() / 1024.0,
                    Runtime.getRuntime().maxMemory() / 1048576.0);
            out.printf(Locale.ROOT, "RESULT impl=djl variant=large size=%dx%d s=%.2f peak_rss_mib=%.0f%n",
                    size[0], size[1], (t1 - t0) / 1e9, peakRssKib() / 1024.0);
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
