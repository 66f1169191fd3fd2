package cocolor.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import cocolor.expr.Expr;
import cocolor.engine.NativeWork;
import cocolor.expr.Graph;
import cocolor.image.FloatImage;
import cocolor.nn.Networks;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Runs one expression (e.g. {@code f_n(nir)}) on images of any size, at their own resolution:
 * pads the image by reflection ({@link #margin} at the top and left, up to a multiple of the
 * networks' stride at the bottom and right), runs the networks in inference mode without autograd,
 * and crops back.
 *
 * <p>Why the top and left margin: a stride-2 convolution on an even size samples columns 0, 2, …,
 * so its first output sees the zero padding and its last does not. Every level of a U-Net adds to
 * that, and a trained network reads it as "this is the left (top) edge of an image". The bundled
 * gray colorizer answered with saturated magenta, cyan and green stripes in the first 10 to 40
 * columns of some photos; mirror a photo and the stripes follow the edge, not the content. The
 * response spreads from the coarsest level, where one column is a stride wide, so the margin is two
 * strides: with half a stride of margin the stripes were halved, with one a smear was left, with
 * two none is visible (BorderBandsTest: 0.244 without, 0.023 with, on the worst sample).
 */
public final class Predictor {
    private final Networks networks;
    private final Expr expression;
    private final NDManager manager;
    private final int stride;
    private final TiledPrediction tiled;
    private final long maxUntiledPixels;
    private final int trailing;

    /** With {@link Tiling#DEFAULT}. */
    public Predictor(Networks networks, Expr expression, NDManager manager) {
        this(networks, expression, manager, Tiling.DEFAULT);
    }

    public Predictor(Networks networks, Expr expression, NDManager manager, Tiling tiling) {
        this.networks = networks;
        this.expression = expression;
        this.manager = manager;
        this.maxUntiledPixels = tiling.maxUntiledPixels();
        int s = 1;
        int after = 0;
        for (String f : expression.functions()) {
            if (networks.contains(f)) {
                s = Math.max(s, networks.spec(f).stride());
                after = Math.max(after, networks.spec(f).trailingMargin());
            }
        }
        this.stride = s;
        this.trailing = after;
        this.tiled = networks.isFolded()
                        && expression instanceof Expr.Call call
                        && call.args().size() == 1
                        && call.args().get(0) instanceof Expr.Input
                        && networks.contains(call.function())
                ? new TiledPrediction(networks.block(call.function()), stride, manager, tiling, margin(), trailingMargin())
                : null;
    }

    /**
     * The least mirrored margin after the image, at the bottom and the right: the largest the
     * networks ask for ({@link cocolor.nn.NetworkSpec#trailingMargin}).
     */
    public int trailingMargin() {
        return trailing;
    }

    /**
     * The mirrored margin in front of the image, at the top and the left: two strides of the
     * networks (64 pixels for the bundled model's 32). It costs 1.56× the pixels of a 256² image
     * (256 becomes 320) and 1.17× on a side of 384.
     */
    public int margin() {
        return 2 * stride;
    }

    public int stride() {
        return stride;
    }

    public FloatImage predict(FloatImage input) {
        if (tiled != null && (long) padded(input.height()) * padded(input.width()) > maxUntiledPixels) {
            return tiled.predict(input);
        }
        return predict(List.of(input)).get(0);
    }

    /**
     * Predicts a batch of images that all have the same size, in one pass (never tiled), as one
     * unit of {@link NativeWork}: an exit waits for the pass, not for a whole image's other work.
     */
    public List<FloatImage> predict(List<FloatImage> inputs) {
        return NativeWork.run(() -> {
            try (NoGrad g = new NoGrad()) {
                return predictBatch(inputs);
            }
        });
    }

    private List<FloatImage> predictBatch(List<FloatImage> inputs) {
        FloatImage first = inputs.get(0);
        int h = first.height();
        int w = first.width();
        int m = margin();
        int ph = padded(h);
        int pw = padded(w);
        int c = first.channels();
        float[] data = new float[inputs.size() * c * ph * pw];
        for (int i = 0; i < inputs.size(); i++) {
            FloatImage im = inputs.get(i);
            if (im.height() != h || im.width() != w || im.channels() != c) {
                throw new IllegalArgumentException("images of one batch must have the same size");
            }
            reflectWindow(im, -m, -m, ph, pw, data, i * c * ph * pw);
        }
        try (NDManager sub = manager.newSubManager()) {
            NDArray x = sub.create(data, new Shape(inputs.size(), c, ph, pw));
            Graph g = new Graph(networks, new ParameterStore(sub, false), Set.of());
            for (String name : Expr.PAIRED_INPUTS) {
                g.input(name, x);
            }
            NDArray y = g.eval(expression);
            float[] out = y.toFloatArray();
            int oc = (int) y.getShape().get(1);
            List<FloatImage> result = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                FloatImage im = new FloatImage(oc, h, w);
                float[] d = im.data();
                for (int ch = 0; ch < oc; ch++) {
                    int src = ((i * oc + ch) * ph + m) * pw + m;
                    for (int y0 = 0; y0 < h; y0++) {
                        System.arraycopy(out, src + y0 * pw, d, (ch * h + y0) * w, w);
                    }
                }
                result.add(im);
            }
            return result;
        }
    }

    /** The side of the canvas a side of {@code v} pixels is run on: margin, image, rounded up to the stride. */
    private int padded(int v) {
        return (margin() + v + trailingMargin() + stride - 1) / stride * stride;
    }

    /**
     * Copies the th×tw window at (y0, x0) of {@code im}'s reflection-padded canvas into {@code
     * dst} at {@code off}: positions beyond the image, before it (negative) or after it, mirror
     * back into it.
     */
    static void reflectWindow(FloatImage im, int y0, int x0, int th, int tw, float[] dst, int off) {
        int h = im.height();
        int w = im.width();
        float[] src = im.data();
        int before = Math.min(tw, Math.max(0, -x0)); // mirrored columns in front of the image
        int inside = Math.max(0, Math.min(tw, w - x0) - before); // columns copied as one run
        for (int ch = 0; ch < im.channels(); ch++) {
            for (int y = 0; y < th; y++) {
                int srcRow = (ch * h + reflect(y0 + y, h)) * w;
                int dstRow = off + (ch * th + y) * tw;
                for (int x = 0; x < before; x++) {
                    dst[dstRow + x] = src[srcRow + reflect(x0 + x, w)];
                }
                System.arraycopy(src, srcRow + x0 + before, dst, dstRow + before, inside);
                for (int x = before + inside; x < tw; x++) {
                    dst[dstRow + x] = src[srcRow + reflect(x0 + x, w)];
                }
            }
        }
    }

    private static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        int m = Math.floorMod(i, period);
        return m < n ? m : period - m;
    }
}
