package cocolor.server;

import java.util.OptionalInt;

/**
 * A request that cannot be served, with the status and the one-line message the client receives
 * as {@code {"error": "..."}}. Messages are written for the client: no internals, no stack traces.
 */
final class ApiException extends RuntimeException {
    /** Seconds a refused client should wait before trying again. */
    static final int RETRY_AFTER_SECONDS = 5;

    private final int status;
    private final OptionalInt retryAfterSeconds;

    private ApiException(int status, String message, OptionalInt retryAfterSeconds) {
        super(message, null, false, false); // control flow, not a fault: no stack trace to fill
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, message, OptionalInt.empty());
    }

    static ApiException tooLarge(String message) {
        return new ApiException(413, message, OptionalInt.empty());
    }

    static ApiException busy(String message) {
        return new ApiException(503, message, OptionalInt.of(RETRY_AFTER_SECONDS));
    }

    int status() {
        return status;
    }

    OptionalInt retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
