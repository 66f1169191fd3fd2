package cocolor.infer;

import cocolor.image.BoxFilter;
import cocolor.image.FloatImage;

/**
 * Colorizes the frames of one video in order. Each frame's colour is decided at the working scale
 * ({@link ScaledPredictor#reduce}) and carried to full resolution with the frame as guide, as for
 * a still image; what differs is where the decision comes from.
 *
 * <p>Per frame (no {@link Temporal}): the network decides every frame on its own. Its small
 * frame-to-frame differences show as colour flicker on still scenes.
 *
 * <p>Temporal: the network decides a key frame every {@link Temporal#keyInterval} frames (and at a
 * scene cut). In between, the key frame's colour is carried along the NIR: {@code colour = keyColour
 * + slope · (nir − keyNir)}, per pixel at the working scale, with the slope of the colour's luma
 * against NIR fitted around each pixel of the key frame (the fit the guided upsampling makes), the
 * same for the three channels. Where the scene is still, the colour stays exactly; where the NIR
 * changes, its brightness follows and its hue stays (sensor noise moves no hue). At the next key frame the network's new decision is blended in by how much the NIR
 * changed since the last: fully where it changed, by {@link Temporal#minWeight} where it did not,
 * so static colour settles instead of jumping. Cheaper too: the network runs on one frame in
 * {@code keyInterval}.
 *
 * <p>Not thread-safe for {@link #decide} (frames in order, one thread); {@link #render} may run on
 * other threads.
 */
public final class ClipColorizer {
    /**
     * The temporal method's settings.
     *
     * @param keyInterval the network decides at least every this many frames
     * @param minWeight weight of the network's new decision where the NIR did not change
     * @param changeScale NIR change (0..1, averaged over {@code changeRadius}) at which the new decision takes over fully
     * @param cutThreshold mean NIR change since the key frame above which the frame is a new scene: decided afresh
     * @param changeRadius radius in working-scale pixels over which the NIR change is averaged
     */
    public record Temporal(int keyInterval, double minWeight, double changeScale, double cutThreshold, int changeRadius) {
        /** Measured on synthetic pans and zooms and the camera-trap clip (docs/video.md). */
        public static final Temporal DEFAULT = new Temporal(6, 0.25, 0.08, 0.12, 2);
    }

    /**
     * One frame's colour decision: the frame, the copy it was decided on, the colour at that copy's
     * size, and (temporal) the slopes of colour against NIR of the last key frame, which carry it to
     * full resolution without fitting them again.
     */
    public record Decision(FloatImage frame, FloatImage reduced, FloatImage colour, float[][] slopes, boolean byNetwork) {}

    private final Colorizer colorizer;
    private final ScaledPredictor predictor;
    private final Scale scale;
    private final Temporal temporal;
    private FloatImage keyNir;
    private FloatImage keyColour;
    private float[][] keySlopes;
    private float[] keySlope;
    private int sinceKey;
    private long networkFrames;

    ClipColorizer(Colorizer colorizer, ScaledPredictor predictor, Scale scale, Temporal temporal) {
        this.colorizer = colorizer;
        this.predictor = predictor;
        this.scale = scale;
        this.temporal = temporal;
    }

    /** The colour of the next frame (one channel: the NIR or gray luma), decided in order. */
    public Decision decide(FloatImage frame) {
        FloatImage nir = frame.toGray();
        FloatImage reduced = predictor.reduce(nir, scale);
        if (temporal == null) {
            return new Decision(nir, reduced, network(reduced), null, true);
        }
        boolean continues = keyNir != null && keyNir.sameSize(reduced);
        double change = continues ? meanAbsDiff(reduced, keyNir) : Double.POSITIVE_INFINITY;
        boolean cut = change > temporal.cutThreshold();
        if (!cut && sinceKey + 1 < temporal.keyInterval()) {
            sinceKey++;
            return new Decision(nir, reduced, carry(reduced), keySlopes, false);
        }
        FloatImage fresh = network(reduced);
        FloatImage colour = cut ? fresh : blend(fresh, carry(reduced), reduced);
        keyNir = reduced;
        keyColour = colour;
        keySlopes = ScaledPredictor.UPSAMPLING.fit(reduced, colour).a();
        keySlope = lumaSlope(keySlopes);
        sinceKey = 0;
        return new Decision(nir, reduced, colour, keySlopes, true);
    }

    /** The full-resolution frame of a decision (thread-safe). */
    public FloatImage render(Decision decision) {
        return predictor.finish(decision.frame(), decision.reduced(), decision.colour(), decision.slopes());
    }

    /** {@link #render}({@link #decide}(frame)). */
    public FloatImage colorize(FloatImage frame) {
        return render(decide(frame));
    }

    /** How many frames the network has colorized so far. */
    public long networkFrames() {
        return networkFrames;
    }

    private FloatImage network(FloatImage reduced) {
        networkFrames++;
        return colorizer.colourOf(predictor, reduced);
    }

    /**
     * The slope of the colour's luma against the NIR: one for all channels, so that carrying colour
     * changes its brightness only, never its hue (a sensor's noise would otherwise make chroma flicker).
     */
    private static float[] lumaSlope(float[][] slopes) {
        if (slopes.length != 3) {
            return slopes[0];
        }
        float[] a = new float[slopes[0].length];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (FloatImage.LUMA_R * slopes[0][i] + FloatImage.LUMA_G * slopes[1][i] + FloatImage.LUMA_B * slopes[2][i]);
        }
        return a;
    }

    /** The key frame's colour carried to {@code nir}: its brightness moved by the key frame's local slope of luma against NIR. */
    private FloatImage carry(FloatImage nir) {
        int n = nir.planeSize();
        FloatImage out = new FloatImage(keyColour.channels(), nir.height(), nir.width());
        float[] o = out.data();
        float[] c = keyColour.data();
        float[] g = nir.data();
        float[] k = keyNir.data();
        float[] a = keySlope;
        for (int ch = 0; ch < keyColour.channels(); ch++) {
            int off = ch * n;
            for (int i = 0; i < n; i++) {
                float v = c[off + i] + a[i] * (g[i] - k[i]);
                o[off + i] = v < 0 ? 0 : (v > 1 ? 1 : v);
            }
        }
        return out;
    }

    /** {@code fresh} where the NIR changed since the key frame, mostly {@code carried} where it did not. */
    private FloatImage blend(FloatImage fresh, FloatImage carried, FloatImage nir) {
        int n = nir.planeSize();
        double[] change = new double[n];
        float[] g = nir.data();
        float[] k = keyNir.data();
        for (int i = 0; i < n; i++) {
            change[i] = Math.abs(g[i] - k[i]);
        }
        change = new BoxFilter(2 * temporal.changeRadius() + 1).apply(change, nir.height(), nir.width());
        FloatImage out = new FloatImage(fresh.channels(), nir.height(), nir.width());
        float[] o = out.data();
        float[] f = fresh.data();
        float[] c = carried.data();
        for (int i = 0; i < n; i++) {
            float w = (float) Math.min(1, temporal.minWeight() + change[i] / temporal.changeScale());
            for (int ch = 0; ch < fresh.channels(); ch++) {
                int j = ch * n + i;
                o[j] = w * f[j] + (1 - w) * c[j];
            }
        }
        return out;
    }

    private static double meanAbsDiff(FloatImage a, FloatImage b) {
        float[] x = a.data();
        float[] y = b.data();
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += Math.abs(x[i] - y[i]);
        }
        return s / x.length;
    }
}
