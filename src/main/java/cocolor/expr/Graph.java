package cocolor.expr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import cocolor.nn.Networks;
import cocolor.nn.Tensors;
import cocolor.expr.Expr;
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

    /** BT.601 luma of an NCHW RGB batch, keeping the channel axis. */
    public static NDArray luma(NDArray rgb) {
        NDArray r = rgb.get(":, 0:1");
        NDArray g = rgb.get(":, 1:2");
        NDArray b = rgb.get(":, 2:3");
        return Tensors.times(r, 0.299f).add(Tensors.times(g, 0.587f)).add(Tensors.times(b, 0.114f));
    }
}
