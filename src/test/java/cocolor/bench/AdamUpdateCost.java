package cocolor.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import cocolor.engine.EngineSetup;
import cocolor.nn.Networks;
import cocolor.train.Adam;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What DJL's AdamW update costs the shipped network per step: the trainer's {@link Adam} (DJL's
 * {@code adamUpdate}, 14 libtorch ops per parameter tensor) over the 96 trainable tensors of the
 * bundled recipe's f_n, against one {@code adamUpdate} over a flat tensor of as many elements, and
 * what gathering the gradients into such a tensor and zeroing them costs (docs/performance.md, "Two
 * DJL costs"). Medians of 30 steps:
 *
 * <pre>java -cp target/cocolor.jar:target/test-classes cocolor.bench.AdamUpdateCost [threads, default 2]</pre>
 */
public final class AdamUpdateCost {
    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int steps = 30;
        Engine engine = EngineSetup.engine();
        JniUtils.setNumThreads(threads);
        TrainThroughput.Choice choice = TrainThroughput.Choice.of("default");
        try (NDManager base = engine.newBaseManager()) {
            Networks networks = new Networks(Map.of("f_n", choice.config()), base);
            List<NDArray> params = networks.trainableArrays("f_n");
            long total = params.stream().mapToLong(NDArray::size).sum();
            System.out.printf("trainable tensors %d, elements %d (%.1f MB)%n", params.size(), total, total * 4 / 1e6);
            Adam adam = new Adam(params, choice.optimizer(), base);
            double[] perParam = new double[steps];
            for (int s = 0; s < steps; s++) {
                fakeGradients(params, engine);
                long t = System.nanoTime();
                adam.step(1e-3);
                perParam[s] = (System.nanoTime() - t) / 1e6;
            }
            NDArray flat = base.zeros(new Shape(total));
            flat.setRequiresGradient(true);
            NDArray m = base.zeros(new Shape(total));
            NDArray v = base.zeros(new Shape(total));
            double[] flatMs = new double[steps];
            double[] gatherMs = new double[steps];
            for (int s = 0; s < steps; s++) {
                fakeGradients(List.of(flat), engine);
                fakeGradients(params, engine);
                long t0 = System.nanoTime();
                try (NDManager sub = base.newSubManager()) {
                    NDList grads = new NDList();
                    for (NDArray p : params) {
                        NDArray g = p.getGradient();
                        g.attach(sub);
                        grads.add(g.reshape(-1));
                    }
                    NDArray cat = grads.size() == 1 ? grads.get(0) : ai.djl.ndarray.NDArrays.concat(grads, 0);
                    for (NDArray p : params) {
                        JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) p);
                    }
                    cat.close();
                }
                long t1 = System.nanoTime();
                try (NDArray g = flat.getGradient()) {
                    flat.getNDArrayInternal().adamUpdate(new NDList(flat, g, m, v), new NDList(flat), 1e-3f, 1e-3f, 1e-4f, 1f, -1f,
                            0.9f, 0.999f, 1e-8f, false, true);
                }
                long t2 = System.nanoTime();
                gatherMs[s] = (t1 - t0) / 1e6;
                flatMs[s] = (t2 - t1) / 1e6;
            }
            System.out.printf("per-parameter adamUpdate: median %.2f ms%n", median(perParam));
            System.out.printf("one adamUpdate over all elements: median %.2f ms%n", median(flatMs));
            System.out.printf("gather gradients (cat) + zero them: median %.2f ms%n", median(gatherMs));
        }
    }

    private static void fakeGradients(List<NDArray> params, Engine engine) {
        try (GradientCollector gc = engine.newGradientCollector(); NDManager sub = params.get(0).getManager().newSubManager()) {
            NDArray sum = null;
            for (NDArray p : params) {
                NDArray s = p.sum();
                sum = sum == null ? s : sum.add(s);
            }
            gc.backward(sum);
        }
    }

    private static double median(double[] xs) {
        double[] c = xs.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }
}
