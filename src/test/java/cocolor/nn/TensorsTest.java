package cocolor.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import cocolor.engine.EngineSetup;
import org.junit.jupiter.api.Test;

class TensorsTest {
    @Test
    void copyIntoOverwritesAWeightThatCollectsGradients() {
        try (NDManager m = EngineSetup.engine().newBaseManager()) {
            NDArray source = m.randomNormal(new Shape(4, 3, 3, 3));
            NDArray weight = m.zeros(new Shape(4, 3, 3, 3));
            weight.setRequiresGradient(true);
            Tensors.copyInto(source, weight);
            assertArrayEquals(source.toFloatArray(), weight.toFloatArray());
            assertTrue(weight.hasGradient(), "the weight still collects gradients");
        }
    }

    @Test
    void copyIntoHandlesScalarsAndRejectsOtherShapes() {
        try (NDManager m = EngineSetup.engine().newBaseManager()) {
            NDArray scalar = m.create(0f);
            Tensors.copyInto(m.create(3f), scalar);
            assertEquals(3f, scalar.getFloat());
            NDArray small = m.zeros(new Shape(2, 3));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Tensors.copyInto(m.ones(new Shape(3, 2)), small));
            assertTrue(e.getMessage().contains("(3, 2)"), e.getMessage());
            assertEquals(0f, small.sum().getFloat(), "a refused copy leaves the target as it was");
        }
    }
}
