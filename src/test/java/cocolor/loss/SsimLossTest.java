package cocolor.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import cocolor.engine.EngineSetup;
import org.junit.jupiter.api.Test;

class SsimLossTest {
    /** SSIM written out with five 7x7 average pools: the plain definition the loss must match. */
    private static NDArray pooledSsim(NDArray x, NDArray y) {
        float c1 = 0.01f * 0.01f;
        float c2 = 0.03f * 0.03f;
        NDArray mx = box(x);
        NDArray my = box(y);
        NDArray vx = box(x.square()).sub(mx.square());
        NDArray vy = box(y.square()).sub(my.square());
        NDArray cov = box(x.mul(y)).sub(mx.mul(my));
        NDArray num = mx.mul(my).mul(2).add(c1).mul(cov.mul(2).add(c2));
        NDArray den = mx.square().add(my.square()).add(c1).mul(vx.add(vy).add(c2));
        return num.div(den).mean();
    }

    private static NDArray box(NDArray a) {
        return Pool.avgPool2d(a, new Shape(7, 7), new Shape(1, 1), new Shape(0, 0), false, true);
    }

    /** {value, gradient with respect to x...} of one SSIM implementation. */
    private static float[][] valueAndGradient(Engine engine, NDManager m, NDArray x0, NDArray y,
            java.util.function.BinaryOperator<NDArray> ssim) {
        try (NDManager sub = m.newSubManager()) {
            NDArray x = x0.duplicate();
            x.attach(sub);
            x.setRequiresGradient(true);
            NDArray value;
            try (GradientCollector gc = engine.newGradientCollector()) {
                value = ssim.apply(x, y);
                gc.backward(value);
            }
            return new float[][] {{value.getFloat()}, x.getGradient().toFloatArray()};
        }
    }

    @Test
    void equalsTheAveragePoolDefinitionInValueAndGradient() {
        Engine engine = EngineSetup.engine();
        try (NDManager m = engine.newBaseManager()) {
            m.getEngine().setRandomSeed(3);
            NDArray x = m.randomUniform(0, 1, new Shape(2, 3, 24, 20));
            NDArray y = x.mul(0.6f).add(m.randomUniform(0, 0.4f, x.getShape())); // correlated, like a fair prediction
            float[][] fast = valueAndGradient(engine, m, x, y, SsimLoss::ssim);
            float[][] plain = valueAndGradient(engine, m, x, y, SsimLossTest::pooledSsim);
            assertEquals(plain[0][0], fast[0][0], 1e-6);
            double maxGrad = 0;
            double maxDiff = 0;
            for (int i = 0; i < plain[1].length; i++) {
                maxGrad = Math.max(maxGrad, Math.abs(plain[1][i]));
                maxDiff = Math.max(maxDiff, Math.abs(plain[1][i] - fast[1][i]));
            }
            assertTrue(maxDiff < 1e-4 * maxGrad, "gradient differs by " + maxDiff + " (largest " + maxGrad + ")");
            assertEquals(1, SsimLoss.ssim(y, y).getFloat(), 1e-6);
        }
    }
}
