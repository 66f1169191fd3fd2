package cocolor.train;

import cocolor.cli.UserError;

/**
 * The loss or the weights became NaN or infinite; nothing from that step on is saved. It is
 * {@code replayable} when every loss was finite and only the weights are not: that has happened,
 * rarely, in long runs, and replaying the same steps from the last checkpoint then passed.
 */
public final class TrainingDiverged extends UserError {
    private final boolean replayable;

    public TrainingDiverged(String message) {
        this(message, false);
    }

    public TrainingDiverged(String message, boolean replayable) {
        super(message);
        this.replayable = replayable;
    }

    public boolean replayable() {
        return replayable;
    }
}
