package cocolor.train;

import cocolor.base.UserError;

/** The loss or the weights became NaN or infinite; nothing from that step on is saved. */
public final class TrainingDiverged extends UserError {
    public TrainingDiverged(String message) {
        super(message);
    }
}
