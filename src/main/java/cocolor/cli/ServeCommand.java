package cocolor.cli;

import cocolor.base.UserError;
import cocolor.commandline.UsageError;
import cocolor.infer.Colorizer;
import cocolor.server.ColorizeServer;
import cocolor.server.ServerConfig;
import cocolor.server.ServerLimits;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cocolor serve}: the web page and REST API, until interrupted (Ctrl-C). */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Serve a web page and a REST API that colorize uploaded images.",
            "API: POST /api/colorize?mode=nir|gray (image bytes or multipart field 'file') -> image/png;"
                    + " GET /api/health; GET /api/model. Errors are JSON {\"error\": \"...\"}. Stop with Ctrl-C."
        })
public final class ServeCommand implements Callable<Integer> {
    private static final long MB = 1024 * 1024;
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

    @Option(names = "--port", defaultValue = "8080", description = "TCP port. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on; 0.0.0.0 serves other machines too. Default: ${DEFAULT-VALUE}.")
    String host;

    @Mixin
    ModelOption model;

    @Option(names = "--max-upload-mb", defaultValue = "" + ServerLimits.DEFAULT_MAX_UPLOAD_MB, paramLabel = "MB",
            description = "Largest upload; larger ones get 413. Default: ${DEFAULT-VALUE}.")
    long maxUploadMb;

    @Option(names = "--max-megapixels", defaultValue = "" + ServerLimits.DEFAULT_MAX_MEGAPIXELS, paramLabel = "MP",
            description = "Largest image, checked before decoding; larger ones get 413. Default: ${DEFAULT-VALUE}.")
    double maxMegapixels;

    @Option(names = "--workers", defaultValue = "" + ServerLimits.DEFAULT_WORKERS,
            description = "Images processed at once (the model itself runs one at a time). Default: ${DEFAULT-VALUE}.")
    int workers;

    @Option(names = "--queue", defaultValue = "" + ServerLimits.DEFAULT_QUEUE,
            description = "Requests that may wait for a worker; more get 503 with Retry-After. Default: ${DEFAULT-VALUE}.")
    int queue;

    @Option(names = "--timeout", defaultValue = "" + ServerLimits.DEFAULT_REQUEST_TIMEOUT_SECONDS, paramLabel = "SECONDS",
            description = "Longest a request may wait and run; then 503. Default: ${DEFAULT-VALUE}.")
    long timeoutSeconds;

    @Override
    public Integer call() throws InterruptedException {
        ServerLimits limits = checkedLimits();
        CountDownLatch stopRequested = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        // Ctrl-C: let the server finish closing before the JVM halts.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopRequested.countDown();
            awaitQuietly(stopped);
        }, "serve-shutdown"));
        try (Colorizer colorizer = model.load();
                ColorizeServer server = start(colorizer, limits)) {
            System.out.println("cocolor serving " + model.describe() + " at http://" + host + ":" + server.port()
                    + "/  (Ctrl-C stops)");
            stopRequested.await();
        } finally {
            stopped.countDown();
        }
        return 0;
    }

    /** The limits, after checking every option value (a usage error names what is allowed). */
    ServerLimits checkedLimits() {
        if (port < 0 || port > 65_535) {
            throw new UsageError("--port must be between 1 and 65535 (or 0 for any free port), got " + port);
        }
        if (maxUploadMb < 1 || maxUploadMb > 2047) {
            throw new UsageError("--max-upload-mb must be between 1 and 2047, got " + maxUploadMb);
        }
        if (!(maxMegapixels > 0 && maxMegapixels <= 200)) {
            throw new UsageError("--max-megapixels must be greater than 0 and at most 200, got " + maxMegapixels);
        }
        if (workers < 1) {
            throw new UsageError("--workers must be at least 1, got " + workers);
        }
        if (queue < 0) {
            throw new UsageError("--queue must be 0 or more, got " + queue);
        }
        if (timeoutSeconds < 1) {
            throw new UsageError("--timeout must be at least 1 second, got " + timeoutSeconds);
        }
        return new ServerLimits(maxUploadMb * MB, Math.round(maxMegapixels * 1_000_000), workers, queue,
                Duration.ofSeconds(timeoutSeconds));
    }

    private ColorizeServer start(Colorizer colorizer, ServerLimits limits) {
        try {
            return ColorizeServer.start(colorizer, new ServerConfig(host, port, limits));
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof java.net.BindException)) {
                cause = cause.getCause();
            }
            String why = cause instanceof java.net.BindException ? "the port is in use or not allowed" : CliErrors.describe(cause);
            throw new UserError("cannot listen on " + host + ":" + port + ": " + why, e);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
