package cocolor.train;

import cocolor.base.UserError;

/**
 * The loss or the weights became NaN or infinite; nothing from that step on is saved. It is
 * {@code replayable} when every loss was finite and only the weights are not: that happened once
 * in this project's runs (from freed constants, see {@link cocolor.nn.Tensors#times}), and
 * replaying the same steps from the last checkpoint passed.
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
