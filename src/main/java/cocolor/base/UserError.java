package cocolor.base;

/**
 * A problem the user can fix (a bad path, an unreadable image, an invalid option). The CLI prints
 * its message as one line and exits non-zero, without a stack trace.
 */
public class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
