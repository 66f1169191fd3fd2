package cocolor.expr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import cocolor.nn.Networks;
import cocolor.nn.Tensors;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates {@link Expr}essions ({@code f_g(n2g(nir))}) on one batch, computing each
 * sub-expression once: the losses of a step share their forward passes. Networks being trained
 * run in training mode; the others run in inference mode (frozen batch-norm statistics), while
 * gradients still flow through them to the networks that learn.
 */
public final class Graph {
    private final Networks networks;
    private final ParameterStore store;
    private final Set<String> training;
    private final Map<String, NDArray> inputs = new HashMap<>();
    private final Map<String, NDList> calls = new HashMap<>();

    public Graph(Networks networks, ParameterStore store, Set<String> training) {
        this.networks = networks;
        this.store = store;
        this.training = training;
    }

    public Graph input(String name, NDArray value) {
        inputs.put(name, value);
        return this;
    }

    /** All outputs of a network call (image, then intermediate features). */
    public NDList outputs(Expr e) {
        if (!(e instanceof Expr.Call c) || !networks.contains(c.function())) {
            throw new IllegalArgumentException("'" + e + "' is not a network call");
        }
        return call(c);
    }

    /** The value of an expression: for a network call, its first output (the image). */
    public NDArray eval(Expr e) {
        if (e instanceof Expr.Constant k) {
            throw new IllegalStateException("the number " + k + " is not an image");
        }
        if (e instanceof Expr.Input in) {
            NDArray v = inputs.get(in.name());
            if (v == null) {
                throw new IllegalStateException("input '" + in.name() + "' is not in this batch");
            }
            return v;
        }
        Expr.Call c = (Expr.Call) e;
        return switch (c.function()) {
            case "detach" -> eval(c.args().get(0)).stopGradient();
            case "gray" -> luma(eval(c.args().get(0)));
            case "hflip" -> eval(c.args().get(0)).flip(3);
            case "fallback" -> fallback(eval(c.args().get(0)), eval(c.args().get(1)), eval(c.args().get(2)),
                    ((Expr.Constant) c.args().get(3)).value());
            case "mean" -> {
                NDArray sum = eval(c.args().get(0));
                for (int i = 1; i < c.args().size(); i++) {
                    sum = sum.add(eval(c.args().get(i)));
                }
                yield Tensors.times(sum, 1f / c.args().size());
            }
            default -> call(c).get(0);
        };
    }

    private NDList call(Expr.Call c) {
        String key = c.toString();
        NDList out = calls.get(key);
        if (out == null) {
            NDArray x = eval(c.args().get(0));
            Block net = networks.block(c.function());
            out = net.forward(store, new NDList(x), training.contains(c.function()));
            calls.put(key, out);
        }
        return out;
    }

    /**
     * Scores images with a discriminator. While the generators learn, the discriminator runs in
     * inference mode; {@code training} is true only for its own update.
     */
    public NDArray discriminate(String discriminator, NDArray images, boolean training) {
        return networks.block(discriminator).forward(store, new NDList(images), training).singletonOrThrow();
    }

    /** Side of the window over which {@link #fallback} averages the disagreement. */
    public static final int FALLBACK_WINDOW = 15;

    /**
     * Two colorizations {@code a} and {@code b} of one image (say of the image and of its mirror),
     * moved from their mean toward the gray of {@code x} where they disagree: the output is
     * {@code g + c·(mean − g)}, {@code g} the gray of {@code x}, with the confidence
     * {@code c = exp(−d / tau)}, {@code d} the RMS colour difference of a and b averaged over a
     * {@value #FALLBACK_WINDOW}-pixel window: a muted colour where the network is unsure of one.
     */
    public static NDArray fallback(NDArray a, NDArray b, NDArray x, double tau) {
        NDArray g = x.getShape().get(1) == 3 ? luma(x) : x;
        NDArray d = a.sub(b).square().mean(new int[] {1}, true).sqrt();
        // The window's mean over the pixels inside the image: the zero-padded mean divided by the
        // share of the window inside, right whichever way the pooling counts its padding (asked
        // not to count it, a corner still read about a quarter of the disagreement: FallbackTest).
        NDArray local = boxMean(d).div(boxMean(d.onesLike()));
        NDArray confidence = Tensors.times(local, (float) (-1 / tau)).exp();
        NDArray mean = Tensors.times(a.add(b), 0.5f);
        return g.add(confidence.mul(mean.sub(g)));
    }

    private static NDArray boxMean(NDArray a) {
        int half = FALLBACK_WINDOW / 2;
        return Pool.avgPool2d(a, new Shape(FALLBACK_WINDOW, FALLBACK_WINDOW), new Shape(1, 1), new Shape(half, half), false, true);
    }

    /** BT.601 luma of an NCHW RGB batch, keeping the channel axis. */
    public static NDArray luma(NDArray rgb) {
        NDArray r = rgb.get(":, 0:1");
        NDArray g = rgb.get(":, 1:2");
        NDArray b = rgb.get(":, 2:3");
        return Tensors.times(r, 0.299f).add(Tensors.times(g, 0.587f)).add(Tensors.times(b, 0.114f));
    }
}
