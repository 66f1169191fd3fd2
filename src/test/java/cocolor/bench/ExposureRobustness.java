package cocolor.bench;

import cocolor.data.ImagePair;
import cocolor.data.PairedFolder;
import cocolor.data.Splits;
import cocolor.eval.ErrorBreakdown;
import cocolor.eval.Metrics;
import cocolor.image.FloatImage;
import cocolor.image.Images;
import cocolor.infer.Colorizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a model copes with NIR exposed unlike its training camera's, as other cameras and scenes
 * bring it: {@code java -cp target/cocolor.jar:target/test-classes cocolor.bench.ExposureRobustness --data DIR
 * --split FILE [--set val] [--model FILE ...]}. Each model colorizes the set's NIR as recorded and
 * re-exposed (darker, brighter, flatter), and the outputs are scored against the RGB ground truth.
 * Also prints each model's brightness bias and the PSNR its outputs would reach shifted by one
 * constant (a measure of how much a systematic dark or light bias costs), and the bias and PSNR
 * when each image is colorized as four quarters instead of whole (a model trained on crops may
 * see whole images differently). Without {@code --model}
 * the bundled model is scored. Outputs are scored as floats, not 8-bit PNGs, so figures can differ
 * from {@code cocolor evaluate}'s in the last decimal.
 */
public final class ExposureRobustness {
    /** A re-exposure of the NIR input: v' = clamp(gain·v + offset). */
    record Exposure(String name, float gain, float offset) {
        FloatImage apply(FloatImage nir) {
            float[] d = nir.data().clone();
            for (int i = 0; i < d.length; i++) {
                d[i] = Math.min(1f, Math.max(0f, gain * d[i] + offset));
            }
            return new FloatImage(nir.channels(), nir.height(), nir.width(), d);
        }
    }

    static final List<Exposure> EXPOSURES = List.of(
            new Exposure("as recorded", 1f, 0f),
            new Exposure("darker (x0.7)", 0.7f, 0f),
            new Exposure("brighter (+0.12)", 1f, 0.12f),
            new Exposure("flatter (x0.6 +0.2)", 0.6f, 0.2f));

    private static final float[] SHIFTS = {0.02f, 0.04f, 0.06f};

    private ExposureRobustness() {}

    public static void main(String[] args) {
        Path data = null;
        Path split = null;
        String set = "val";
        List<Path> models = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--data" -> { data = Path.of(v); i++; }
                case "--split" -> { split = Path.of(v); i++; }
                case "--set" -> { set = v; i++; }
                case "--model" -> { models.add(Path.of(v)); i++; }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (data == null || split == null) {
            throw new IllegalArgumentException("--data DIR and --split FILE are required");
        }
        List<ImagePair> pairs = PairedFolder.select(PairedFolder.scan(data), Splits.read(split), set);
        List<FloatImage> nirs = new ArrayList<>();
        List<FloatImage> gts = new ArrayList<>();
        for (ImagePair p : pairs) {
            nirs.add(Images.readGray(p.nir()));
            gts.add(Images.readRgb(p.rgb()));
        }
        System.out.printf(Locale.ROOT, "%d '%s' pairs of %s%n", pairs.size(), set, data);
        if (models.isEmpty()) {
            try (Colorizer c = Colorizer.loadDefault()) {
                report("bundled model", c, nirs, gts);
            }
        }
        for (Path m : models) {
            try (Colorizer c = Colorizer.load(m)) {
                report(m.toString(), c, nirs, gts);
            }
        }
    }

    private static void report(String label, Colorizer model, List<FloatImage> nirs, List<FloatImage> gts) {
        System.out.println("== " + label);
        for (Exposure e : EXPOSURES) {
            double[] sums = new double[3];
            List<FloatImage> preds = new ArrayList<>();
            for (int i = 0; i < nirs.size(); i++) {
                FloatImage pred = model.colorize(e.apply(nirs.get(i)));
                preds.add(pred);
                sums[0] += Metrics.psnr(pred, gts.get(i));
                sums[1] += Metrics.ssim(pred, gts.get(i));
                sums[2] += Metrics.angularError(pred, gts.get(i));
            }
            int n = nirs.size();
            System.out.printf(Locale.ROOT, "  %-20s PSNR %.3f  SSIM %.4f  AE %.3f%n", e.name(), sums[0] / n, sums[1] / n, sums[2] / n);
            System.out.printf(Locale.ROOT, "RESULT model=%s exposure=%s psnr=%.3f ssim=%.4f ae=%.3f%n",
                    label.replace(' ', '_'), e.name().replaceAll("[^a-z0-9.+]", ""), sums[0] / n, sums[1] / n, sums[2] / n);
            if (e.gain() == 1f && e.offset() == 0f) {
                bias(preds, gts);
                List<FloatImage> inQuarters = new ArrayList<>();
                for (FloatImage nir : nirs) {
                    inQuarters.add(inQuarters(model, nir));
                }
                double psnr = 0;
                double quarterBias = 0;
                for (int i = 0; i < n; i++) {
                    psnr += Metrics.psnr(inQuarters.get(i), gts.get(i));
                    quarterBias += ErrorBreakdown.of(inQuarters.get(i), gts.get(i)).brightnessBias();
                }
                System.out.printf(Locale.ROOT, "  colorized in four quarters: PSNR %.3f, brightness bias %+.4f%n", psnr / n, quarterBias / n);
            }
        }
    }

    /** The image colorized as four independent quarters, put back together. */
    static FloatImage inQuarters(Colorizer model, FloatImage nir) {
        int h = nir.height() / 2;
        int w = nir.width() / 2;
        FloatImage out = new FloatImage(3, nir.height(), nir.width());
        for (int y0 : new int[] {0, h}) {
            for (int x0 : new int[] {0, w}) {
                int th = y0 == 0 ? h : nir.height() - h;
                int tw = x0 == 0 ? w : nir.width() - w;
                FloatImage tile = model.colorize(nir.crop(y0, x0, th, tw));
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < th; y++) {
                        for (int x = 0; x < tw; x++) {
                            out.set(c, y0 + y, x0 + x, tile.get(c, y, x));
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The brightness bias of the outputs as recorded, and the PSNR after one constant shift. */
    private static void bias(List<FloatImage> preds, List<FloatImage> gts) {
        double bias = 0;
        int darker = 0;
        for (int i = 0; i < preds.size(); i++) {
            double b = ErrorBreakdown.of(preds.get(i), gts.get(i)).brightnessBias();
            bias += b;
            darker += b < 0 ? 1 : 0;
        }
        StringBuilder shifted = new StringBuilder();
        for (float s : SHIFTS) {
            double psnr = 0;
            for (int i = 0; i < preds.size(); i++) {
                psnr += Metrics.psnr(new Exposure("", 1f, s).apply(preds.get(i)), gts.get(i));
            }
            shifted.append(String.format(Locale.ROOT, "  %+.2f: %.3f", s, psnr / preds.size()));
        }
        System.out.printf(Locale.ROOT, "  brightness bias %+.4f (%d of %d images darker); PSNR with all outputs shifted by%s%n",
                bias / preds.size(), darker, preds.size(), shifted);
    }
}
