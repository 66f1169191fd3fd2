package cocolor.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import cocolor.engine.EngineSetup;
import cocolor.expr.Expr;
import cocolor.expr.Graph;
import cocolor.nn.Networks;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gradient and histogram losses, on images whose answer is known by hand. */
class ImageLossesTest {
    @BeforeAll
    static void engine() {
        EngineSetup.engine();
    }

    private static float loss(String type, NDArray pred, NDArray target) {
        NDManager m = pred.getManager();
        Graph g = new Graph(new Networks(Map.of(), m), null, Set.of()).input("a", pred).input("b", target);
        Loss l = Losses.create(type, Expr.parse("a"), Expr.parse("b"), null, null);
        return l.compute(g).getFloat();
    }

    /** A 1×1×4×4 image whose left two columns are {@code left} and right two {@code right}. */
    private static NDArray edge(NDManager m, float left, float right) {
        float[] v = new float[16];
        for (int i = 0; i < 16; i++) {
            v[i] = i % 4 < 2 ? left : right;
        }
        return m.create(v, new Shape(1, 1, 4, 4));
    }

    @Test
    void gradientLossChargesEdgesNotOffsets() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray flat = m.zeros(new Shape(1, 1, 4, 4));
            // a uniform offset has no edges: per-pixel L1 would charge it 0.3
            assertEquals(0, loss("gradient", flat.add(0.3f), flat), 1e-7);
            assertEquals(0.3, loss("l1", flat.add(0.3f), flat), 1e-6);
            // one vertical edge of height 1: |dx| is 1 at one of the 3 column pairs, dy is 0
            assertEquals((1.0 / 3 + 0) / 2, loss("gradient", edge(m, 0, 1), flat), 1e-6);
            // the same edge transposed costs the same
            assertEquals((1.0 / 3 + 0) / 2, loss("gradient", edge(m, 0, 1).transpose(0, 1, 3, 2), flat), 1e-6);
            assertEquals(0, loss("gradient", edge(m, 0.2f, 0.7f), edge(m, 0.5f, 1.0f)), 1e-6);
        }
    }

    @Test
    void histogramLossIgnoresWhereColoursAreButNotHowMuch() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray halves = edge(m, 0, 1);
            // the same values elsewhere: same histogram, although per-pixel L1 is 1
            NDArray swapped = edge(m, 1, 0);
            assertEquals(0, loss("histogram", swapped, halves), 1e-7);
            assertEquals(1, loss("l1", swapped, halves), 1e-6);
            // a flat grey, the mean-seeking answer, is 0.5 from every pixel of a half-black, half-white target
            assertEquals(0.5, loss("histogram", m.full(new Shape(1, 1, 4, 4), 0.5f), halves), 1e-6);
            // per channel and per image: channels with swapped histograms are not matched across
            NDArray twoChannels = m.create(new float[] {0, 0, 0, 0, 1, 1, 1, 1}, new Shape(1, 2, 2, 2));
            NDArray flipped = m.create(new float[] {1, 1, 1, 1, 0, 0, 0, 0}, new Shape(1, 2, 2, 2));
            assertEquals(1, loss("histogram", flipped, twoChannels), 1e-6);
        }
    }

    @Test
    void histogramLossHasAGradientThatNarrowsTheGap() {
        try (NDManager m = NDManager.newBaseManager();
                ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
            NDArray pred = m.full(new Shape(1, 1, 4, 4), 0.5f);
            pred.setRequiresGradient(true);
            NDArray value = HistogramLoss.distance(pred, edge(m, 0, 1));
            gc.backward(value);
            float[] grad = pred.getGradient().toFloatArray();
            // a descent step spreads the flat grey towards black and white: half the pixels go down, half up
            long down = java.util.stream.IntStream.range(0, 16).filter(i -> grad[i] > 0).count();
            long up = java.util.stream.IntStream.range(0, 16).filter(i -> grad[i] < 0).count();
            assertEquals(8, down);
            assertEquals(8, up);
            assertTrue(value.getFloat() > 0);
        }
    }
}
