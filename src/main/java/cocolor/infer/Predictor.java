package cocolor.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import cocolor.image.FloatImage;
import cocolor.nn.Networks;
import cocolor.recipe.Expr;
import cocolor.train.Graph;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Runs one expression (e.g. {@code f_n(nir)}) on images of any size: pads each side by
 * reflection up to a multiple of the networks' stride, runs the networks in inference mode, and
 * crops back.
 */
public final class Predictor {
    private final Networks networks;
    private final String expression;
    private final NDManager manager;
    private final int stride;

    public Predictor(Networks networks, String expression, NDManager manager) {
        this.networks = networks;
        this.expression = expression;
        this.manager = manager;
        List<String> functions = new ArrayList<>();
        Expr.parse(expression).names(new ArrayList<>(), functions);
        int s = 1;
        for (String f : functions) {
            if (networks.contains(f)) {
                s = Math.max(s, networks.spec(f).stride());
            }
        }
        this.stride = s;
    }

    public int stride() {
        return stride;
    }

    public FloatImage predict(FloatImage input) {
        return predict(List.of(input)).get(0);
    }

    /** Predicts a batch of images that all have the same size. */
    public List<FloatImage> predict(List<FloatImage> inputs) {
        FloatImage first = inputs.get(0);
        int h = first.height();
        int w = first.width();
        int ph = roundUp(h);
        int pw = roundUp(w);
        int c = first.channels();
        float[] data = new float[inputs.size() * c * ph * pw];
        for (int i = 0; i < inputs.size(); i++) {
            FloatImage im = inputs.get(i);
            if (im.height() != h || im.width() != w || im.channels() != c) {
                throw new IllegalArgumentException("images of one batch must have the same size");
            }
            reflectPad(im, ph, pw, data, i * c * ph * pw);
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
                    int src = ((i * oc + ch) * ph) * pw;
                    for (int y0 = 0; y0 < h; y0++) {
                        System.arraycopy(out, src + y0 * pw, d, (ch * h + y0) * w, w);
                    }
                }
                result.add(im);
            }
            return result;
        }
    }

    private int roundUp(int v) {
        return (v + stride - 1) / stride * stride;
    }

    /** Copies {@code im} into a ph×pw canvas, filling the margin by mirror reflection. */
    static void reflectPad(FloatImage im, int ph, int pw, float[] dst, int off) {
        int h = im.height();
        int w = im.width();
        float[] src = im.data();
        for (int ch = 0; ch < im.channels(); ch++) {
            for (int y = 0; y < ph; y++) {
                int sy = reflect(y, h);
                int srcRow = (ch * h + sy) * w;
                int dstRow = off + (ch * ph + y) * pw;
                System.arraycopy(src, srcRow, dst, dstRow, w);
                for (int x = w; x < pw; x++) {
                    dst[dstRow + x] = src[srcRow + reflect(x, w)];
                }
            }
        }
    }

    private static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        int m = i % period;
        return m < n ? m : period - m;
    }
}
