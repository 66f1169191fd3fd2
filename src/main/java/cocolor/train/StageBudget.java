package cocolor.train;

import cocolor.recipe.StageSpec;

/**
 * How long a stage trains, in epochs of {@code batchesPerEpoch} batches and in seconds (either
 * may be unbounded), measured against where the run is ({@link TrainState}); {@code totalSteps}
 * is infinite for a stage bound by minutes only.
 */
record StageBudget(int maxEpochs, double maxSeconds, long batchesPerEpoch, double totalSteps) {

    /** The budget of {@code stage}, whose epochs are {@code batchesPerEpoch} batches long. */
    static StageBudget of(StageSpec stage, long batchesPerEpoch) {
        int epochs = stage.epochs() == null ? Integer.MAX_VALUE : stage.epochs();
        return new StageBudget(epochs, stage.minutes() == null ? Double.POSITIVE_INFINITY : stage.minutes() * 60,
                batchesPerEpoch, stage.epochs() == null ? Double.POSITIVE_INFINITY : (double) epochs * batchesPerEpoch);
    }

    /** Whether another epoch (or the rest of a resumed one) fits. */
    boolean hasLeft(TrainState state) {
        return state.epoch < maxEpochs && state.stageSeconds < maxSeconds;
    }

    boolean isOutOfTime(TrainState state) {
        return state.stageSeconds >= maxSeconds;
    }

    /** Whether the current epoch's batches are all done (its end is next). */
    boolean epochDone(TrainState state) {
        return state.batch >= batchesPerEpoch;
    }

    /** How much of the stage is done, 0 to 1, by steps or by time, whichever is further: what the learning-rate schedule follows. */
    double progress(TrainState state) {
        return Math.max(state.stageStep / totalSteps, state.stageSeconds / maxSeconds);
    }
}
