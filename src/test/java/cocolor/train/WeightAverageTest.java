package cocolor.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import cocolor.engine.EngineSetup;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeightAverageTest {
    @Test
    void averagesWithTheRampedDecayAndSwapsInPlace() {
        try (NDManager m = EngineSetup.engine().newBaseManager()) {
            NDArray w = m.create(new float[] {0f, 0f});
            WeightAverage avg = new WeightAverage(List.of(w), 0.9, m);
            w.addi(m.create(new float[] {10f, 20f}));
            avg.update(); // first decay: min(0.9, 2/11) = 2/11
            float d = 2f / 11f;
            float[] expected = {(1 - d) * 10f, (1 - d) * 20f};
            avg.swap();
            assertArrayEquals(expected, w.toFloatArray(), 1e-5f, "swap puts the average in the live weights");
            avg.swap();
            assertArrayEquals(new float[] {10f, 20f}, w.toFloatArray(), "a second swap restores the live weights");
            assertEquals(1, avg.updates());
        }
    }

    @Test
    void restoreReplacesTheAverage() {
        try (NDManager m = EngineSetup.engine().newBaseManager()) {
            NDArray w = m.create(new float[] {1f, 1f});
            WeightAverage avg = new WeightAverage(List.of(w), 0.99, m);
            avg.restore(new NDList(m.create(new float[] {5f, 6f})), 42);
            assertEquals(42, avg.updates());
            avg.swap();
            assertArrayEquals(new float[] {5f, 6f}, w.toFloatArray());
        }
    }
}
