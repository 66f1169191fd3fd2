package cocolor.commandline;

import cocolor.base.UserError;

/**
 * An option value that is not allowed, found after parsing (for example {@code --epochs 0}). Like
 * picocli's own parameter errors it exits with code 2 in every command line (cocolor's, the Spark
 * job's); the message says what is allowed.
 */
public class UsageError extends UserError {
    public UsageError(String message) {
        super(message);
    }
}
