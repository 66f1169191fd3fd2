package cocolor.train;

import cocolor.base.ProgressListener;
import java.nio.file.Path;
import java.util.List;

/**
 * How a {@link Trainer} runs: {@link #in} a run folder, with the defaults; each {@code with...} method
 * changes one thing. {@code resume}: continue the run in the folder from its checkpoint;
 * {@code checkpointMinutes}: interval of checkpoints; {@code progress}: where each
 * stage reports its progress; {@code stepLimit}: stop this invocation after that many steps (0:
 * no limit), leaving a checkpoint to resume from, e.g. to fit a run into fixed time slots;
 * {@code initFrom}: model files or checkpoints whose networks a new run starts from (see
 * {@link InitialWeights}); {@code validateEvery}: validate after every N-th epoch of a stage and
 * after its last one (on a few pairs, scoring the whole validation split can cost more than the
 * epoch); {@code phases}: told as each phase of a step ends, for profilers.
 */
public record TrainOptions(Path runDir, boolean resume, double checkpointMinutes, ProgressListener progress,
        long stepLimit, List<Path> initFrom, int validateEvery, StepPhases phases) {
    public TrainOptions {
        if (validateEvery < 1) {
            throw new IllegalArgumentException("validateEvery must be >= 1, got " + validateEvery);
        }
        initFrom = List.copyOf(initFrom);
    }

    /**
     * A new run in {@code runDir}: a checkpoint every 5 minutes, no progress
     * shown, no step limit, no initial weights, validation after every epoch.
     */
    public static TrainOptions in(Path runDir) {
        return new TrainOptions(runDir, false, 5, ProgressListener.NONE, 0, List.of(), 1, StepPhases.NONE);
    }

    public TrainOptions withResume(boolean resume) {
        return new TrainOptions(runDir, resume, checkpointMinutes, progress, stepLimit, initFrom, validateEvery, phases);
    }

    public TrainOptions withCheckpointMinutes(double minutes) {
        return new TrainOptions(runDir, resume, minutes, progress, stepLimit, initFrom, validateEvery, phases);
    }

    public TrainOptions withProgress(ProgressListener listener) {
        return new TrainOptions(runDir, resume, checkpointMinutes, listener, stepLimit, initFrom, validateEvery, phases);
    }

    public TrainOptions withStepLimit(long steps) {
        return new TrainOptions(runDir, resume, checkpointMinutes, progress, steps, initFrom, validateEvery, phases);
    }

    public TrainOptions withInitFrom(List<Path> files) {
        return new TrainOptions(runDir, resume, checkpointMinutes, progress, stepLimit, files, validateEvery, phases);
    }

    public TrainOptions withPhases(StepPhases probe) {
        return new TrainOptions(runDir, resume, checkpointMinutes, progress, stepLimit, initFrom, validateEvery, probe);
    }

    public TrainOptions withValidateEvery(int epochs) {
        return new TrainOptions(runDir, resume, checkpointMinutes, progress, stepLimit, initFrom, epochs, phases);
    }
}
