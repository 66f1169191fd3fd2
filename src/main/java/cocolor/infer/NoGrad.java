package cocolor.infer;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Turns PyTorch's autograd recording off for the current thread while open. Grad mode is
 * thread-local and on by default in libtorch; DJL turns it off only on the thread that loads the
 * engine, so inference on any other thread (server workers, a pipeline) would otherwise record a
 * graph for every op on weights that require gradients.
 */
final class NoGrad implements AutoCloseable {
    private final boolean previous;

    NoGrad() {
        previous = JniUtils.isGradMode();
        if (previous) {
            JniUtils.setGradMode(false);
        }
    }

    @Override
    public void close() {
        if (previous) {
            JniUtils.setGradMode(true);
        }
    }
}
