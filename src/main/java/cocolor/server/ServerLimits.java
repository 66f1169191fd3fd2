package cocolor.server;

import java.time.Duration;

/**
 * What one server instance accepts and how much work it takes on. Sized for a small CPU machine:
 * the colorizer runs one image at a time, so extra workers only overlap decoding and encoding.
 *
 * @param maxUploadBytes largest request body (413 beyond)
 * @param maxPixels largest image, checked from its header before decoding (413 beyond)
 * @param workers images processed at once
 * @param queue requests that may wait for a worker; more are refused at once (503)
 * @param requestTimeout longest a request may wait and run before it is answered 503
 */
public record ServerLimits(long maxUploadBytes, long maxPixels, int workers, int queue, Duration requestTimeout) {
    // The defaults, in the units of `cocolor serve`'s options, which show them (one home for both).
    public static final long DEFAULT_MAX_UPLOAD_MB = 50;
    public static final long DEFAULT_MAX_MEGAPIXELS = 16;
    public static final int DEFAULT_WORKERS = 1;
    public static final int DEFAULT_QUEUE = 8;
    public static final long DEFAULT_REQUEST_TIMEOUT_SECONDS = 180;
    public static final long DEFAULT_MAX_UPLOAD_BYTES = DEFAULT_MAX_UPLOAD_MB * 1024 * 1024;
    public static final long DEFAULT_MAX_PIXELS = DEFAULT_MAX_MEGAPIXELS * 1_000_000;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(DEFAULT_REQUEST_TIMEOUT_SECONDS);

    public ServerLimits {
        if (maxUploadBytes <= 0 || maxUploadBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("max upload size must be between 1 byte and 2 GB");
        }
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("max pixels must be positive");
        }
        if (workers < 1 || queue < 0) {
            throw new IllegalArgumentException("need at least 1 worker and a queue of 0 or more");
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("request timeout must be positive");
        }
    }

    public static ServerLimits defaults() {
        return new ServerLimits(DEFAULT_MAX_UPLOAD_BYTES, DEFAULT_MAX_PIXELS, DEFAULT_WORKERS, DEFAULT_QUEUE,
                DEFAULT_REQUEST_TIMEOUT);
    }

    public ServerLimits withPool(int workers, int queue) {
        return new ServerLimits(maxUploadBytes, maxPixels, workers, queue, requestTimeout);
    }

    public ServerLimits withMaxUploadBytes(long bytes) {
        return new ServerLimits(bytes, maxPixels, workers, queue, requestTimeout);
    }

    public ServerLimits withMaxPixels(long pixels) {
        return new ServerLimits(maxUploadBytes, pixels, workers, queue, requestTimeout);
    }

    public ServerLimits withRequestTimeout(Duration timeout) {
        return new ServerLimits(maxUploadBytes, maxPixels, workers, queue, timeout);
    }
}
