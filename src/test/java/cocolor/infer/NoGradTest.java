package cocolor.infer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.pytorch.jni.JniUtils;
import cocolor.engine.EngineSetup;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class NoGradTest {
    @Test
    void gradModeIsOffInsideAndRestoredAfterOnAThreadWhereItWasOn() throws Exception {
        EngineSetup.engine();
        AtomicBoolean inside = new AtomicBoolean(true);
        AtomicBoolean after = new AtomicBoolean(false);
        // A fresh thread, like a server worker: libtorch's grad mode is on there by default.
        Thread t = new Thread(() -> {
            JniUtils.setGradMode(true);
            try (NoGrad g = new NoGrad()) {
                inside.set(JniUtils.isGradMode());
            }
            after.set(JniUtils.isGradMode());
        });
        t.start();
        t.join();
        assertFalse(inside.get(), "grad mode during inference");
        assertTrue(after.get(), "grad mode restored");
    }
}
