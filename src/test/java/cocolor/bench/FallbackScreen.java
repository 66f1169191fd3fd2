package cocolor.bench;

import cocolor.data.ImagePair;
import cocolor.data.PairedFolder;
import cocolor.data.Splits;
import cocolor.eval.Metrics;
import cocolor.image.FloatImage;
import cocolor.image.Images;
import cocolor.infer.Colorizer;
import cocolor.infer.Scale;
import cocolor.recipe.Mode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which signal tells where a NIR colorizer is unsure, measured by what blending toward the gray
 * copy there does to the val pairs: {@code java -cp target/cocolor.jar:target/test-classes
 * cocolor.bench.FallbackScreen --model FN.cocolor [--gray FG.cocolor] --data DIR --split FILE ...}.
 * For each folder it prints mean PSNR and the images below their gray copy (the NIR copied to RGB)
 * for the prediction as is, for a constant blend, and for blends weighted by each signal: the
 * disagreement with the prediction of the mirrored input (the network's own instability), and
 * with the gray colorizer's colour of the NIR ({@code --gray}: CoColor's other domain). Scores are
 * of floats, not 8-bit PNGs.
 */
public final class FallbackScreen {
    private record Folder(String name, List<FloatImage> nirs, List<FloatImage> gts) {}

    /** One image's inputs to the blends. */
    private record Case(FloatImage nir, FloatImage gt, FloatImage pred, FloatImage flipped, FloatImage gray) {}

    private FallbackScreen() {}

    public static void main(String[] args) {
        Path model = null;
        Path grayModel = null;
        List<Path> data = new ArrayList<>();
        List<Path> splits = new ArrayList<>();
        for (int i = 0; i < args.length; i += 2) {
            Path v = Path.of(args[i + 1]);
            switch (args[i]) {
                case "--model" -> model = v;
                case "--gray" -> grayModel = v;
                case "--data" -> data.add(v);
                case "--split" -> splits.add(v);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        List<Folder> folders = new ArrayList<>();
        for (int f = 0; f < data.size(); f++) {
            List<ImagePair> pairs = PairedFolder.select(PairedFolder.scan(data.get(f)), Splits.read(splits.get(f)), "val");
            List<FloatImage> nirs = new ArrayList<>();
            List<FloatImage> gts = new ArrayList<>();
            for (ImagePair p : pairs) {
                nirs.add(Images.readGray(p.nir()));
                gts.add(Images.readRgb(p.rgb()));
            }
            folders.add(new Folder(data.get(f).getFileName().toString(), nirs, gts));
        }
        List<List<Case>> cases = new ArrayList<>();
        try (Colorizer fn = Colorizer.load(model); Colorizer fg = grayModel == null ? null : Colorizer.load(grayModel)) {
            for (Folder folder : folders) {
                List<Case> cs = new ArrayList<>();
                for (int i = 0; i < folder.nirs().size(); i++) {
                    FloatImage nir = folder.nirs().get(i);
                    FloatImage pred = fn.colorize(nir, Mode.NIR, Scale.NATIVE);
                    FloatImage flipped = hflip(fn.colorize(hflip(nir), Mode.NIR, Scale.NATIVE));
                    FloatImage gray = fg == null ? null : fg.colorize(nir, Mode.GRAY, Scale.NATIVE);
                    cs.add(new Case(nir, folder.gts().get(i), pred, flipped, gray));
                }
                cases.add(cs);
            }
        }
        if (System.getProperty("table") != null) {
            table(folders, cases);
            return;
        }
        report(folders, cases, "as predicted", c -> c.pred());
        report(folders, cases, "mean with the mirrored", c -> mix(c.pred(), c.flipped(), 0.5f));
        for (float a : new float[] {0.9f, 0.8f, 0.7f}) {
            report(folders, cases, "constant " + a, c -> toward(c.pred(), c.nir().toRgb(), constant(c.nir(), a)));
            report(folders, cases, "constant chroma " + a, c -> chromaToward(c.pred(), constant(c.nir(), a)));
        }
        for (float tau : new float[] {0.02f, 0.05f, 0.1f}) {
            report(folders, cases, "flip per pixel tau " + tau,
                    c -> toward(c.pred(), c.nir().toRgb(), confidence(c.pred(), c.flipped(), tau, 7)));
            report(folders, cases, "flip per image tau " + tau,
                    c -> toward(c.pred(), c.nir().toRgb(), flat(confidence(c.pred(), c.flipped(), tau, 7))));
        }
        if (cases.get(0).get(0).gray() != null) {
            for (float tau : new float[] {0.05f, 0.1f, 0.2f, 0.4f}) {
                report(folders, cases, "fg per pixel tau " + tau,
                        c -> toward(c.pred(), c.nir().toRgb(), confidence(c.pred(), c.gray(), tau, 7)));
                report(folders, cases, "fg per image tau " + tau,
                        c -> toward(c.pred(), c.nir().toRgb(), flat(confidence(c.pred(), c.gray(), tau, 7))));
                report(folders, cases, "fg chroma per pixel tau " + tau,
                        c -> chromaToward(c.pred(), confidence(c.pred(), c.gray(), tau, 7)));
            }
        }
    }

    private static void report(List<Folder> folders, List<List<Case>> cases, String label,
            java.util.function.Function<Case, FloatImage> out) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-28s", label));
        for (int f = 0; f < folders.size(); f++) {
            double sum = 0;
            int below = 0;
            for (Case c : cases.get(f)) {
                double p = Metrics.psnr(out.apply(c), c.gt());
                sum += p;
                if (p < Metrics.psnr(c.nir().toRgb(), c.gt())) {
                    below++;
                }
            }
            line.append(String.format(Locale.ROOT, " | %s %.3f, %d of %d below", folders.get(f).name(), sum / cases.get(f).size(),
                    below, cases.get(f).size()));
        }
        System.out.println(line);
    }

    /** Per image: the margin over the gray copy and each signal's mean, to see whether a signal separates the images below it. */
    private static void table(List<Folder> folders, List<List<Case>> cases) {
        System.out.println("folder image margin_dB flip_rms fg_rms pred_vs_gray_rms");
        for (int f = 0; f < folders.size(); f++) {
            for (int i = 0; i < cases.get(f).size(); i++) {
                Case c = cases.get(f).get(i);
                double margin = Metrics.psnr(c.pred(), c.gt()) - Metrics.psnr(c.nir().toRgb(), c.gt());
                System.out.printf(Locale.ROOT, "%s %d %.3f %.4f %.4f %.4f%n", folders.get(f).name(), i, margin, rms(c.pred(), c.flipped()),
                        c.gray() == null ? Double.NaN : rms(c.pred(), c.gray()), rms(c.pred(), c.nir().toRgb()));
            }
        }
    }

    private static double rms(FloatImage a, FloatImage b) {
        double s = 0;
        for (int i = 0; i < a.data().length; i++) {
            double d = a.data()[i] - b.data()[i];
            s += d * d;
        }
        return Math.sqrt(s / a.data().length);
    }

    private static FloatImage constant(FloatImage like, float v) {
        float[] d = new float[like.planeSize()];
        java.util.Arrays.fill(d, v);
        return new FloatImage(1, like.height(), like.width(), d);
    }

    private static FloatImage flat(FloatImage w) {
        double m = 0;
        for (float v : w.data()) {
            m += v;
        }
        return constant(w, (float) (m / w.planeSize()));
    }

    /** exp(-d / tau) of the colour distance between two predictions, box-filtered over a (2r+1)² window. */
    private static FloatImage confidence(FloatImage a, FloatImage b, float tau, int r) {
        int h = a.height();
        int w = a.width();
        int n = h * w;
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            float s = 0;
            for (int ch = 0; ch < 3; ch++) {
                float diff = a.data()[ch * n + i] - b.data()[ch * n + i];
                s += diff * diff;
            }
            d[i] = (float) Math.sqrt(s / 3);
        }
        float[] out = new float[n];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                int k = 0;
                for (int yy = Math.max(0, y - r); yy <= Math.min(h - 1, y + r); yy++) {
                    for (int xx = Math.max(0, x - r); xx <= Math.min(w - 1, x + r); xx++) {
                        s += d[yy * w + xx];
                        k++;
                    }
                }
                out[y * w + x] = (float) Math.exp(-s / k / tau);
            }
        }
        return new FloatImage(1, h, w, out);
    }

    /** target + w·(pred − target), per pixel. */
    private static FloatImage toward(FloatImage pred, FloatImage target, FloatImage w) {
        int n = pred.planeSize();
        float[] o = new float[3 * n];
        for (int ch = 0; ch < 3; ch++) {
            for (int i = 0; i < n; i++) {
                float t = target.data()[ch * n + i];
                o[ch * n + i] = t + w.data()[i] * (pred.data()[ch * n + i] - t);
            }
        }
        return new FloatImage(3, pred.height(), pred.width(), o);
    }

    /** The prediction's own gray plus w times its colour (saturation muted, luminance kept). */
    private static FloatImage chromaToward(FloatImage pred, FloatImage w) {
        return toward(pred, pred.toGray().toRgb(), w);
    }

    private static FloatImage mix(FloatImage a, FloatImage b, float t) {
        return toward(a, b, constant(a, 1 - t));
    }

    private static FloatImage hflip(FloatImage img) {
        FloatImage out = new FloatImage(img.channels(), img.height(), img.width());
        for (int c = 0; c < img.channels(); c++) {
            for (int y = 0; y < img.height(); y++) {
                for (int x = 0; x < img.width(); x++) {
                    out.set(c, y, img.width() - 1 - x, img.get(c, y, x));
                }
            }
        }
        return out;
    }
}
