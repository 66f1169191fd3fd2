package cocolor.bench;

import static cocolor.cli.benchmark.LargeImageBenchmark.OLD_TILING;

import ai.djl.ndarray.NDManager;
import cocolor.data.ImagePair;
import cocolor.data.PairedFolder;
import cocolor.data.Splits;
import cocolor.engine.EngineSetup;
import cocolor.eval.Metrics;
import cocolor.eval.SeamScore;
import cocolor.expr.Expr;
import cocolor.image.FloatImage;
import cocolor.image.GuidedUpsampling;
import cocolor.image.Images;
import cocolor.image.Resample;
import cocolor.image.Upsampler;
import cocolor.infer.Colorizer;
import cocolor.infer.ModelFile;
import cocolor.infer.Predictor;
import cocolor.infer.ScaledPredictor;
import cocolor.infer.Tiling;
import cocolor.infer.WorkingScale;
import cocolor.nn.Networks;
import cocolor.recipe.Mode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Colour of photos larger than the model's training images: {@code java -cp target/cocolor.jar:target/test-classes
 * cocolor.bench.LargeImageQuality --data DIR --split FILE [--data DIR --split FILE ...] [--factor
 * 4] [--model FILE] [--grid] [--native] [--limit N] [--oracle K] [--noise SIGMA]} (bench/large_images.sh). The {@code val} pairs of each
 * folder are enlarged {@code factor}× (bicubic, NIR and RGB alike), colorized by every route and
 * scored against the enlarged RGB:
 *
 * <ul>
 *   <li>at the model's working scale: the NIR reduced to it (area), colorized, and the colour
 *       carried back by an {@link Upsampler}: bilinear or bicubic enlargement ("colorize a copy at
 *       the training scale and enlarge it"), bilinear colour plus the NIR's own detail, or the
 *       guided filter that {@code colorize} uses (with {@code --grid}, a grid of its radius and
 *       eps);
 *   <li>with {@code --native}, at full resolution: in one pass, in today's tiles (512 px,
 *       64-px feathered overlaps, above 1 MP), and forced into the old and the new tiles on every
 *       image, with the seams of both against the one-pass result ({@link SeamScore}).
 * </ul>
 *
 * With {@code --oracle K} no model is run: the true colour reduced K× is carried back by each
 * upsampler, which measures them on real detail (the enlarged images have none of their own);
 * {@code --noise SIGMA} adds Gaussian noise to the NIR first. Prints one table per folder and one
 * over all images: PSNR, SSIM, angular error and ms per image (reduction and colorization included
 * in every working-scale row). {@code --write-enlarged IN HxW OUT} only writes IN resized to HxW.
 */
public final class LargeImageQuality {
    private static final Tiling UNTILED = new Tiling(Long.MAX_VALUE, Tiling.DEFAULT.tile(), Tiling.DEFAULT.overlap(), Tiling.DEFAULT.border());

    private final Map<String, double[]> totals = new LinkedHashMap<>();
    private final Map<String, double[]> seams = new LinkedHashMap<>();

    private LargeImageQuality() {}

    public static void main(String[] args) throws IOException {
        if (args.length == 4 && args[0].equals("--write-enlarged")) { // IN HxW OUT: a large test photo
            String[] hw = args[2].split("x");
            FloatImage in = Images.readGray(Path.of(args[1]));
            Images.writePng(Resample.bicubic(in, Integer.parseInt(hw[0]), Integer.parseInt(hw[1])), Path.of(args[3]));
            return;
        }
        List<Path> data = new ArrayList<>();
        List<Path> splits = new ArrayList<>();
        double factor = 4;
        Path model = null;
        boolean grid = false;
        boolean nativeRoutes = false;
        int limit = Integer.MAX_VALUE;
        int oracle = 0;
        double noise = 0;
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--data" -> { data.add(Path.of(v)); i++; }
                case "--split" -> { splits.add(Path.of(v)); i++; }
                case "--factor" -> { factor = Double.parseDouble(v); i++; }
                case "--model" -> { model = Path.of(v); i++; }
                case "--grid" -> grid = true;
                case "--native" -> nativeRoutes = true;
                case "--limit" -> { limit = Integer.parseInt(v); i++; }
                case "--oracle" -> { oracle = Integer.parseInt(v); i++; }
                case "--noise" -> { noise = Double.parseDouble(v); i++; }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (data.isEmpty() || data.size() != splits.size()) {
            throw new IllegalArgumentException("give --data DIR --split FILE once per folder");
        }
        try (NDManager manager = EngineSetup.engine().newBaseManager()) {
            ModelFile.Loaded loaded = load(model, manager);
            Networks folded = loaded.networks().folded(manager);
            Expr expression = loaded.info().modes().get(Mode.NIR);
            WorkingScale scale = new WorkingScale(loaded.info().imageSize());
            System.out.printf(Locale.ROOT, "model %s, working scale %d px; inputs enlarged %sx; threads %s%n",
                    model == null ? "bundled" : model, scale.imageSize(), factor, System.getProperty("ai.djl.pytorch.num_threads", "default"));
            Routes routes = new Routes(folded, expression, manager, scale, upsamplers(grid), nativeRoutes);
            LargeImageQuality all = new LargeImageQuality();
            for (int s = 0; s < data.size(); s++) {
                List<ImagePair> pairs = PairedFolder.select(PairedFolder.scan(data.get(s)), Splits.read(splits.get(s)), "val");
                pairs = pairs.subList(0, Math.min(limit, pairs.size()));
                LargeImageQuality set = new LargeImageQuality();
                for (ImagePair p : pairs) {
                    FloatImage nir = enlarge(Images.readGray(p.nir()), factor);
                    FloatImage gt = enlarge(Images.readRgb(p.rgb()), factor);
                    if (noise > 0) {
                        java.util.Random rnd = new java.util.Random(p.stem().hashCode());
                        float[] d = nir.data();
                        for (int i = 0; i < d.length; i++) {
                            d[i] = (float) Math.max(0, Math.min(1, d[i] + noise * rnd.nextGaussian()));
                        }
                    }
                    if (oracle > 0) {
                        routes.oracle(nir, gt, oracle, set, all);
                    } else {
                        routes.run(nir, gt, set, all);
                    }
                }
                set.print(data.get(s) + ": " + pairs.size() + " val pairs enlarged " + factor + "x"
                        + (oracle > 0 ? ", the true colour reduced " + oracle + "x and carried back" : ""));
            }
            all.print("all images");
        }
    }

    /** The working-scale upsamplers compared; with {@code grid}, the guided ones at several radii and eps. */
    private static Map<String, Upsampler> upsamplers(boolean grid) {
        Map<String, Upsampler> u = new LinkedHashMap<>();
        u.put("enlarged bilinear", (guide, low, colour) -> Resample.bilinear(colour, guide.height(), guide.width()));
        u.put("enlarged bicubic", (guide, low, colour) -> Resample.bicubic(colour, guide.height(), guide.width()));
        u.put("bicubic + NIR detail, slope 1", LargeImageQuality::withGuideDetail);
        u.put("guided detail (colorize)", ScaledPredictor.UPSAMPLING);
        u.put("guided filter r=1 eps=1e-4", guidedFilter(new GuidedUpsampling(1, 1e-4)));
        if (grid) {
            for (int r : new int[] {1, 2, 4}) {
                for (double eps : new double[] {1e-4, 3e-4, 1e-3, 1e-2}) {
                    GuidedUpsampling g = new GuidedUpsampling(r, eps);
                    u.put(String.format(Locale.ROOT, "guided detail r=%d eps=%.0e", r, eps), g);
                    u.put(String.format(Locale.ROOT, "guided filter r=%d eps=%.0e", r, eps), guidedFilter(g));
                }
            }
        }
        return u;
    }

    /**
     * The fast guided filter's colour transform (He and Sun 2015): the low-resolution coefficients
     * enlarged bilinearly and applied to the guide, {@code a·guide + b}.
     */
    static Upsampler guidedFilter(GuidedUpsampling fit) {
        return (guide, low, colour) -> {
            GuidedUpsampling.Coefficients k = fit.fit(low, colour);
            int c = colour.channels();
            FloatImage a = Resample.bilinear(new FloatImage(c, low.height(), low.width(), concat(k.a())), guide.height(), guide.width());
            FloatImage b = Resample.bilinear(new FloatImage(c, low.height(), low.width(), concat(k.b())), guide.height(), guide.width());
            float[] g = guide.data();
            float[] ad = a.data();
            float[] bd = b.data();
            int n = guide.planeSize();
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < n; i++) {
                    bd[ch * n + i] = Math.max(0f, Math.min(1f, ad[ch * n + i] * g[i] + bd[ch * n + i]));
                }
            }
            return b;
        };
    }

    private static float[] concat(float[][] planes) {
        float[] out = new float[planes.length * planes[0].length];
        for (int i = 0; i < planes.length; i++) {
            System.arraycopy(planes[i], 0, out, i * planes[0].length, planes[0].length);
        }
        return out;
    }

    /** The colour enlarged bicubically plus the guide's detail (guide minus its enlarged reduced copy) in every channel. */
    static FloatImage withGuideDetail(FloatImage guide, FloatImage guideLow, FloatImage colourLow) {
        FloatImage colour = Resample.bicubic(colourLow, guide.height(), guide.width());
        float[] smooth = Resample.bicubic(guideLow, guide.height(), guide.width()).data();
        float[] g = guide.data();
        float[] d = colour.data();
        int n = guide.planeSize();
        for (int c = 0; c < colour.channels(); c++) {
            for (int i = 0; i < n; i++) {
                d[c * n + i] = Math.max(0f, Math.min(1f, d[c * n + i] + g[i] - smooth[i]));
            }
        }
        return colour;
    }

    /** The colorization routes, run on one enlarged image at a time. */
    private record Routes(Predictor atOwnSize, Predictor untiled, Predictor oldTiles, Predictor forcedOldTiles,
            Predictor forcedNewTiles, WorkingScale scale, Map<String, Upsampler> upsamplers, boolean nativeRoutes) {
        Routes(Networks folded, Expr expr, NDManager manager, WorkingScale scale, Map<String, Upsampler> upsamplers, boolean nativeRoutes) {
            this(new Predictor(folded, expr, manager), new Predictor(folded, expr, manager, UNTILED),
                    new Predictor(folded, expr, manager, OLD_TILING),
                    new Predictor(folded, expr, manager, new Tiling(0, OLD_TILING.tile(), OLD_TILING.overlap(), OLD_TILING.border())),
                    new Predictor(folded, expr, manager, new Tiling(0, Tiling.DEFAULT.tile(), Tiling.DEFAULT.overlap(), Tiling.DEFAULT.border())),
                    scale, upsamplers, nativeRoutes);
        }

        void run(FloatImage nir, FloatImage gt, LargeImageQuality set, LargeImageQuality all) {
            int[] size = scale.reducedSize(nir.height(), nir.width());
            long t0 = System.nanoTime();
            // Inputs already at or below the working scale are colorized as they are.
            FloatImage low = size[0] >= nir.height() ? nir : Resample.area(nir, size[0], size[1]);
            FloatImage colour = atOwnSize.predict(low);
            double reduceMs = (System.nanoTime() - t0) / 1e6;
            for (Map.Entry<String, Upsampler> u : upsamplers.entrySet()) {
                long t1 = System.nanoTime();
                FloatImage out = u.getValue().upsample(nir, low, colour);
                double ms = reduceMs + (System.nanoTime() - t1) / 1e6;
                score("working scale, " + u.getKey(), out, gt, ms, set, all);
            }
            if (!nativeRoutes) {
                return;
            }
            long t2 = System.nanoTime();
            FloatImage whole = untiled.predict(nir);
            score("native, one pass", whole, gt, (System.nanoTime() - t2) / 1e6, set, all);
            long t3 = System.nanoTime();
            FloatImage today = oldTiles.predict(nir);
            score("native, old tiles above 1 MP (before)", today, gt, (System.nanoTime() - t3) / 1e6, set, all);
            for (var tiles : List.of(Map.entry("old tiles 512/64", forcedOldTiles), Map.entry("new tiles 768/256, band 96", forcedNewTiles))) {
                long t4 = System.nanoTime();
                FloatImage tiled = tiles.getValue().predict(nir);
                String name = "native, always in " + tiles.getKey();
                score(name, tiled, gt, (System.nanoTime() - t4) / 1e6, set, all);
                SeamScore s = SeamScore.of(tiled, whole);
                set.seam(name, s);
                all.seam(name, s);
            }
        }

        /** The upsamplers alone: the true colour reduced {@code k}× and brought back with the NIR as guide. */
        void oracle(FloatImage nir, FloatImage gt, int k, LargeImageQuality set, LargeImageQuality all) {
            int h = Math.max(1, nir.height() / k);
            int w = Math.max(1, nir.width() / k);
            FloatImage low = Resample.area(nir, h, w);
            FloatImage colour = Resample.area(gt, h, w);
            for (Map.Entry<String, Upsampler> u : upsamplers.entrySet()) {
                long t1 = System.nanoTime();
                FloatImage out = u.getValue().upsample(nir, low, colour);
                score(u.getKey(), out, gt, (System.nanoTime() - t1) / 1e6, set, all);
            }
        }

        private static void score(String variant, FloatImage out, FloatImage gt, double ms, LargeImageQuality set, LargeImageQuality all) {
            double[] v = {Metrics.psnr(out, gt), Metrics.ssim(out, gt), Metrics.angularError(out, gt), ms, 1};
            set.add(variant, v);
            all.add(variant, v);
        }
    }

    private void add(String variant, double[] v) {
        double[] t = totals.computeIfAbsent(variant, k -> new double[v.length]);
        for (int i = 0; i < v.length; i++) {
            t[i] += v[i];
        }
    }

    /** Sums of the row and column jumps and the relative jump, and the largest relative jump. */
    private void seam(String variant, SeamScore s) {
        double[] t = seams.computeIfAbsent(variant, k -> new double[5]);
        t[0] += s.rowJump();
        t[1] += s.columnJump();
        t[2] += s.relative();
        t[3] = Math.max(t[3], s.relative());
        t[4]++;
    }

    private void print(String title) {
        System.out.println("\n== " + title);
        System.out.printf(Locale.ROOT, "%-48s %8s %8s %8s %9s%n", "route", "PSNR", "SSIM", "AE", "ms/img");
        for (Map.Entry<String, double[]> e : totals.entrySet()) {
            double[] t = e.getValue();
            double n = t[4];
            System.out.printf(Locale.ROOT, "%-48s %8.3f %8.4f %8.3f %9.0f%n", e.getKey(), t[0] / n, t[1] / n, t[2] / n, t[3] / n);
            System.out.printf(Locale.ROOT, "RESULT set=%s route=%s psnr=%.3f ssim=%.4f ae=%.3f ms=%.0f n=%d%n",
                    title.replaceAll("[^A-Za-z0-9_.]", "_"), e.getKey().replaceAll("[^A-Za-z0-9_.=-]", "_"), t[0] / n, t[1] / n, t[2] / n,
                    t[3] / n, (int) n);
        }
        if (!seams.isEmpty()) {
            System.out.printf(Locale.ROOT, "%n%-48s %10s %10s %14s %14s%n", "seams against the one-pass result", "row jump", "col jump",
                    "relative mean", "relative max");
            for (Map.Entry<String, double[]> e : seams.entrySet()) {
                double[] t = e.getValue();
                System.out.printf(Locale.ROOT, "%-48s %10.4f %10.4f %14.3f %14.3f%n", e.getKey(), t[0] / t[4], t[1] / t[4], t[2] / t[4], t[3]);
            }
        }
    }

    private static ModelFile.Loaded load(Path model, NDManager manager) throws IOException {
        if (model != null) {
            return ModelFile.load(model, manager);
        }
        try (InputStream in = Colorizer.class.getResourceAsStream(Colorizer.DEFAULT_MODEL_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("no bundled model in this build; pass --model");
            }
            return ModelFile.load(in, "bundled model", manager);
        }
    }

    /** {@code image} enlarged {@code factor}× by bicubic interpolation. */
    static FloatImage enlarge(FloatImage image, double factor) {
        return factor == 1 ? image
                : Resample.bicubic(image, (int) Math.round(image.height() * factor), (int) Math.round(image.width() * factor));
    }
}
