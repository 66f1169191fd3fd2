package cocolor.train;

/**
 * Told as each phase of a training step ends, in this order, so that a profiler can time the
 * trainer's own step ({@code TrainStepProfile} in the test sources); a run passes {@link #NONE}.
 */
@FunctionalInterface
public interface StepPhases {
    /** The phases of a step. */
    enum Phase {
        /** Waiting for the batch (the loader thread augments the next batches meanwhile). */
        DATA,
        /** The batch copied into tensors. */
        FEED,
        /** The loss terms computed, sharing forward passes. */
        FORWARD,
        BACKWARD,
        /** The loss values read back for the log (the step waits for the native work to finish). */
        SYNC,
        /** The optimizers' steps and weight averages, and in a GAN stage the discriminator's step. */
        OPTIMIZER,
        /** The step's tensors freed. */
        CLOSE
    }

    StepPhases NONE = phase -> {};

    void ended(Phase phase);
}
