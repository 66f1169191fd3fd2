package cocolor.cli.benchmark;

import ai.djl.ndarray.NDManager;
import cocolor.expr.Expr;
import cocolor.image.FloatImage;
import cocolor.infer.Predictor;
import ai.djl.ndarray.types.Shape;
import cocolor.nn.Folding;
import cocolor.nn.Networks;
import cocolor.recipe.Mode;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Inference speed of one colorization expression, measured through {@link Predictor} (padding,
 * tensor copies and all, but no file decoding or encoding) on synthetic images.
 */
public final class InferenceBenchmark {
    /** Batch size of the batched 256×256 measurement: what {@code colorize} uses at that size. */
    public static final int BATCH = 4;

    private final NDManager manager;
    private final int warmup;
    private final int repeats;

    /** One network variant's figures. */
    public record Row(String variant, Timing single256, Timing batched256, Timing large) {
        public double imgPerSec256() {
            return 1000 / single256.medianMs();
        }

        public double imgPerSec256Batched() {
            return BATCH * 1000 / batched256.medianMs();
        }

        public double ms1024x768() {
            return large.medianMs();
        }
    }

    public InferenceBenchmark(NDManager manager, int warmup, int repeats) {
        this.manager = manager;
        this.warmup = warmup;
        this.repeats = repeats;
    }

    public Row measure(String variant, Networks networks, Expr expression) {
        Predictor p = new Predictor(networks, expression, manager);
        FloatImage small = image(256, 256);
        List<FloatImage> batch = Collections.nCopies(BATCH, small);
        FloatImage large = image(768, 1024);
        Timing single = Timer.time(warmup, repeats, () -> p.predict(small));
        Timing batched = Timer.time(warmup, repeats, () -> p.predict(batch));
        Timing big = Timer.time(Math.min(warmup, 1), repeats, () -> p.predict(large));
        return new Row(variant, single, batched, big);
    }

    /** GFLOPs of one h×w image (multiples of the stride), or NaN if the expression is not a single network. */
    public static double gflopsPerImage(Networks folded, Expr expression, int h, int w) {
        if (expression instanceof Expr.Call call && call.args().equals(List.of(new Expr.Input(Mode.NIR.key())))
                && folded.contains(call.function())) {
            Shape image = new Shape(1, folded.spec(call.function()).inChannels(), h, w);
            return Folding.flops(folded.block(call.function()), image) / 1e9;
        }
        return Double.NaN;
    }

    /** A smooth synthetic NIR image: its content does not change the speed. */
    static FloatImage image(int h, int w) {
        Random r = new Random(h * 31L + w);
        FloatImage im = new FloatImage(1, h, w);
        float[] d = im.data();
        double fx = 6.28 * (1 + r.nextInt(3)) / w;
        double fy = 6.28 * (1 + r.nextInt(3)) / h;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                d[y * w + x] = (float) (0.5 + 0.4 * Math.sin(fx * x) * Math.cos(fy * y));
            }
        }
        return im;
    }
}
