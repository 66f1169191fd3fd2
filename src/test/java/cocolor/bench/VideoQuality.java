package cocolor.bench;

import cocolor.data.ImagePair;
import cocolor.data.PairedFolder;
import cocolor.data.Splits;
import cocolor.eval.Metrics;
import cocolor.image.BoxFilter;
import cocolor.image.FloatImage;
import cocolor.image.Images;
import cocolor.image.Resample;
import cocolor.infer.ClipColorizer;
import cocolor.infer.Colorizer;
import cocolor.infer.Scale;
import cocolor.recipe.Mode;
import cocolor.video.VideoFrame;
import cocolor.video.VideoReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Flicker and quality of video colorization (docs/video.md), run by bench/video.sh:
 * {@code VideoQuality [--data DIR --split FILE]... [--video FILE] [--model FILE] [--frames N]
 * [--limit K] [--grid]}.
 *
 * <p>Synthetic clips: each val pair is enlarged 2× (so that frames, about 440 px, go through the
 * working-scale route as real video does) and filmed by a slow camera: a pan of 0.5 px per frame
 * and a zoom of 0.2 % per frame, NIR and RGB alike, with Gaussian sensor noise (σ = 0.01) on the
 * NIR of every frame. Per route: PSNR and SSIM of every frame against the true colour (mean over
 * frames and clips), and the flicker. Real clip: its first N frames, flicker only.
 *
 * <p>Flicker: the mean absolute frame-to-frame change of chroma (CIE Lab a and b, averaged) over
 * the pixels where the input barely changes (the noise-free NIR, or the real clip's NIR smoothed
 * over 5×5, changes by less than 1/100); on synthetic clips the true colour's own change there is
 * the floor.
 */
public final class VideoQuality {
    static final double PAN = 0.5;
    static final double ZOOM = 0.002;
    static final double NOISE = 0.01;
    static final double STILL = 0.01;

    public static void main(String[] args) throws Exception {
        List<Path> data = new ArrayList<>();
        List<Path> splits = new ArrayList<>();
        Path video = null;
        Path model = null;
        int frames = 36;
        int limit = Integer.MAX_VALUE;
        boolean grid = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data.add(Path.of(args[++i]));
                case "--split" -> splits.add(Path.of(args[++i]));
                case "--video" -> video = Path.of(args[++i]);
                case "--model" -> model = Path.of(args[++i]);
                case "--frames" -> frames = Integer.parseInt(args[++i]);
                case "--limit" -> limit = Integer.parseInt(args[++i]);
                case "--grid" -> grid = true;
                default -> throw new IllegalArgumentException(args[i]);
            }
        }
        Map<String, ClipColorizer.Temporal> routes = new LinkedHashMap<>();
        routes.put("per frame", null);
        routes.put("temporal (default)", ClipColorizer.Temporal.DEFAULT);
        if (grid) {
            ClipColorizer.Temporal d = ClipColorizer.Temporal.DEFAULT;
            for (int k : new int[] {1, 3, 12}) {
                routes.put("temporal, key every " + k, new ClipColorizer.Temporal(k, d.minWeight(), d.changeScale(), d.cutThreshold(), d.changeRadius()));
            }
            for (double w : new double[] {0.1, 0.5, 1.0}) {
                routes.put("temporal, min weight " + w, new ClipColorizer.Temporal(d.keyInterval(), w, d.changeScale(), d.cutThreshold(), d.changeRadius()));
            }
        }
        try (Colorizer c = model == null ? Colorizer.loadDefault() : Colorizer.load(model)) {
            if (!data.isEmpty()) {
                synthetic(c, data, splits, routes, frames, limit);
            }
            if (video != null) {
                real(c, video, routes, frames);
            }
        }
    }

    private static void synthetic(Colorizer c, List<Path> data, List<Path> splits, Map<String, ClipColorizer.Temporal> routes, int frames,
            int limit) {
        Map<String, double[]> sums = new LinkedHashMap<>(); // route → psnr, ssim, flicker, flicker of truth, network share
        int clips = 0;
        long start = System.nanoTime();
        for (int s = 0; s < data.size(); s++) {
            List<ImagePair> pairs = PairedFolder.select(PairedFolder.scan(data.get(s)), Splits.read(splits.get(s)), "val");
            for (ImagePair p : pairs.subList(0, Math.min(limit, pairs.size()))) {
                FloatImage nir = enlarge(Images.readGray(p.nir()));
                FloatImage rgb = enlarge(Images.readRgb(p.rgb()));
                Random noise = new Random(p.stem().hashCode());
                List<FloatImage> clean = new ArrayList<>();
                List<FloatImage> input = new ArrayList<>();
                List<FloatImage> truth = new ArrayList<>();
                for (int t = 0; t < frames; t++) {
                    FloatImage n = camera(nir, t);
                    clean.add(n);
                    input.add(noisy(n, noise));
                    truth.add(camera(rgb, t));
                }
                double truthFlicker = flicker(truth, clean, false);
                for (var route : routes.entrySet()) {
                    ClipColorizer clip = c.clip(Mode.NIR, Scale.AUTO, route.getValue());
                    List<FloatImage> out = new ArrayList<>();
                    double psnr = 0;
                    double ssim = 0;
                    for (int t = 0; t < frames; t++) {
                        FloatImage o = clip.colorize(input.get(t));
                        out.add(o);
                        psnr += Metrics.psnr(o, truth.get(t));
                        ssim += Metrics.ssim(o, truth.get(t));
                    }
                    double[] sum = sums.computeIfAbsent(route.getKey(), k -> new double[5]);
                    sum[0] += psnr / frames;
                    sum[1] += ssim / frames;
                    sum[2] += flicker(out, clean, false);
                    sum[3] += truthFlicker;
                    sum[4] += clip.networkFrames() / (double) frames;
                }
                clips++;
            }
        }
        System.out.printf(Locale.ROOT, "%n%d synthetic clips of %d frames (pan %.1f px/frame, zoom %.1f %%/frame, NIR noise σ %.2f), %.0f s%n",
                clips, frames, PAN, ZOOM * 100, NOISE, (System.nanoTime() - start) / 1e9);
        System.out.println("| route | PSNR dB | SSIM | flicker (Lab a/b per frame) | flicker of the true colour | frames through the network |");
        System.out.println("|---|---|---|---|---|---|");
        for (var e : sums.entrySet()) {
            double[] v = e.getValue();
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.4f | %.3f | %.3f | %.0f %% |%n", e.getKey(), v[0] / clips, v[1] / clips, v[2] / clips,
                    v[3] / clips, 100 * v[4] / clips);
        }
    }

    private static void real(Colorizer c, Path video, Map<String, ClipColorizer.Temporal> routes, int limit) {
        List<FloatImage> input = new ArrayList<>();
        try (VideoReader r = VideoReader.open(video)) {
            for (VideoFrame f; input.size() < limit && (f = r.read()) != null; ) {
                f.discardAudio();
                input.add(f.luma());
            }
        }
        System.out.printf(Locale.ROOT, "%n%s: first %d frames (%d×%d)%n", video.getFileName(), input.size(), input.get(0).width(),
                input.get(0).height());
        System.out.println("| route | flicker in still areas (Lab a/b per frame) | share of pixels still | frames through the network |");
        System.out.println("|---|---|---|---|");
        for (var route : routes.entrySet()) {
            ClipColorizer clip = c.clip(Mode.NIR, Scale.AUTO, route.getValue());
            List<FloatImage> out = new ArrayList<>();
            for (FloatImage f : input) {
                out.add(clip.colorize(f));
            }
            System.out.printf(Locale.ROOT, "| %s | %.3f | %.0f %% |%.0f %% |%n", route.getKey(), flicker(out, input, true),
                    100 * stillShare(input), 100.0 * clip.networkFrames() / input.size());
        }
    }

    static FloatImage enlarge(FloatImage im) {
        return Resample.bicubic(im, im.height() * 2, im.width() * 2);
    }

    /** Frame t of the slow camera: a window of 85 % of the image, panning right and zooming in, sampled bilinearly. */
    static FloatImage camera(FloatImage im, int t) {
        int h = (int) (im.height() * 0.85);
        int w = (int) (im.width() * 0.85);
        double scale = 1 / (1 + ZOOM * t);
        double cx = im.width() * 0.075 + w / 2.0 + PAN * t;
        double cy = im.height() / 2.0;
        FloatImage out = new FloatImage(im.channels(), h, w);
        int iw = im.width();
        int ih = im.height();
        float[] src = im.data();
        float[] dst = out.data();
        for (int y = 0; y < h; y++) {
            double sy = Math.min(ih - 1.001, Math.max(0, cy + (y - h / 2.0) * scale));
            int y0 = (int) sy;
            double fy = sy - y0;
            for (int x = 0; x < w; x++) {
                double sx = Math.min(iw - 1.001, Math.max(0, cx + (x - w / 2.0) * scale));
                int x0 = (int) sx;
                double fx = sx - x0;
                for (int ch = 0; ch < im.channels(); ch++) {
                    int o = ch * ih * iw;
                    double v = (1 - fy) * ((1 - fx) * src[o + y0 * iw + x0] + fx * src[o + y0 * iw + x0 + 1])
                            + fy * ((1 - fx) * src[o + (y0 + 1) * iw + x0] + fx * src[o + (y0 + 1) * iw + x0 + 1]);
                    dst[(ch * h + y) * w + x] = (float) v;
                }
            }
        }
        return out;
    }

    static FloatImage noisy(FloatImage im, Random r) {
        FloatImage out = new FloatImage(im.channels(), im.height(), im.width());
        for (int i = 0; i < out.data().length; i++) {
            out.data()[i] = (float) Math.min(1, Math.max(0, im.data()[i] + NOISE * r.nextGaussian()));
        }
        return out;
    }

    /** Mean |Δa| and |Δb| between consecutive frames over the pixels whose input changed less than {@link #STILL}. */
    static double flicker(List<FloatImage> rgb, List<FloatImage> nir, boolean smooth) {
        double sum = 0;
        long n = 0;
        float[][] prevLab = lab(rgb.get(0));
        double[] prevNir = input(nir.get(0), smooth);
        for (int t = 1; t < rgb.size(); t++) {
            float[][] lab = lab(rgb.get(t));
            double[] g = input(nir.get(t), smooth);
            for (int i = 0; i < g.length; i++) {
                if (Math.abs(g[i] - prevNir[i]) < STILL) {
                    sum += (Math.abs(lab[1][i] - prevLab[1][i]) + Math.abs(lab[2][i] - prevLab[2][i])) / 2;
                    n++;
                }
            }
            prevLab = lab;
            prevNir = g;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    static double stillShare(List<FloatImage> nir) {
        long still = 0;
        long n = 0;
        double[] prev = input(nir.get(0), true);
        for (int t = 1; t < nir.size(); t++) {
            double[] g = input(nir.get(t), true);
            for (int i = 0; i < g.length; i++) {
                still += Math.abs(g[i] - prev[i]) < STILL ? 1 : 0;
                n++;
            }
            prev = g;
        }
        return still / (double) n;
    }

    private static double[] input(FloatImage nir, boolean smooth) {
        double[] d = new double[nir.planeSize()];
        for (int i = 0; i < d.length; i++) {
            d[i] = nir.data()[i];
        }
        return smooth ? new BoxFilter(5).apply(d, nir.height(), nir.width()) : d;
    }

    /** CIE Lab (D65) planes of an sRGB image. */
    static float[][] lab(FloatImage rgb) {
        int n = rgb.planeSize();
        float[] d = rgb.data();
        float[][] lab = new float[3][n];
        for (int i = 0; i < n; i++) {
            double r = linear(d[i]);
            double g = linear(d[n + i]);
            double b = linear(d[2 * n + i]);
            double x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
            double y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
            double z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883;
            double fx = f(x);
            double fy = f(y);
            double fz = f(z);
            lab[0][i] = (float) (116 * fy - 16);
            lab[1][i] = (float) (500 * (fx - fy));
            lab[2][i] = (float) (200 * (fy - fz));
        }
        return lab;
    }

    private static double linear(double c) {
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static double f(double t) {
        return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
    }
}
