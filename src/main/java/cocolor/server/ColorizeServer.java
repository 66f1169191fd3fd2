package cocolor.server;

import cocolor.infer.Colorizer;
import cocolor.train.TrainingLog;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.util.JavalinLogger;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.http.HandlerType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web service: the page (classpath {@code /web}) and the JSON/PNG API around one {@link
 * Colorizer}. Every error reaches the client as {@code {"error": "..."}} with a fitting status and
 * never with a stack trace; details of unexpected failures go to the log only.
 */
public final class ColorizeServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ColorizeServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The page loads nothing from elsewhere; results are shown from blob: URLs. */
    private static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; img-src 'self' blob: data:; object-src 'none'; frame-ancestors 'none'";

    private final Javalin app;
    private final WorkerPool pool;

    private ColorizeServer(Javalin app, WorkerPool pool) {
        this.app = app;
        this.pool = pool;
    }

    /** Starts serving; the colorizer stays owned by the caller. */
    public static ColorizeServer start(Colorizer colorizer, ServerConfig config) {
        return start(colorizer, config, () -> {});
    }

    /** As {@link #start(Colorizer, ServerConfig)}, running {@code beforeEachJob} on the worker first (tests). */
    static ColorizeServer start(Colorizer colorizer, ServerConfig config, Runnable beforeEachJob) {
        ServerLimits limits = config.limits();
        WorkerPool pool = new WorkerPool(limits.workers(), limits.queue(), limits.requestTimeout(), beforeEachJob);
        UploadReader uploads = new UploadReader(limits.maxUploadBytes());
        Javalin app = Javalin.create(c -> configure(c, uploads));
        app.before(ctx -> ctx.header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY));
        app.get("/api/health", ctx -> ctx.json(new Health("ok", pool.inProgress(), pool.capacity())));
        Map<String, Object> model = describe(colorizer);
        app.get("/api/model", ctx -> ctx.json(model));
        app.post("/api/colorize", new ColorizeHandler(colorizer, pool, uploads, limits.maxPixels()));
        // Another method on an API path is 405 with Allow, as HTTP has it, not a 404 "not found".
        refuseOtherMethods(app, "/api/health", HandlerType.GET);
        refuseOtherMethods(app, "/api/model", HandlerType.GET);
        refuseOtherMethods(app, "/api/colorize", HandlerType.POST);
        app.exception(ApiException.class, ColorizeServer::answerApiError);
        app.exception(HttpResponseException.class, (e, ctx) -> answer(ctx, e.getStatus(), e.getMessage()));
        app.exception(Exception.class, ColorizeServer::answerUnexpected);
        // A failed start (a port in use) is the caller's to report, with its cause: Javalin's own
        // "ERROR Failed to start Javalin" line would come first, as a second and vaguer report.
        boolean logging = JavalinLogger.enabled;
        JavalinLogger.enabled = false;
        try {
            app.start(config.host(), config.port());
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        } finally {
            JavalinLogger.enabled = logging;
        }
        return new ColorizeServer(app, pool);
    }

    /**
     * What {@code /api/model} answers: the model file's own description and, for a model trained
     * on all pairs (so without validation scores of its own, like the bundled one), the final
     * held-out scores of its reference run, the same recipe trained without the validation pairs.
     */
    static Map<String, Object> describe(Colorizer colorizer) {
        Map<String, Object> model = JSON.convertValue(colorizer.info(), new TypeReference<LinkedHashMap<String, Object>>() {});
        if (colorizer.info().validation() == null) {
            String expression = colorizer.info().validatedExpression();
            colorizer.referenceLog().flatMap(log -> TrainingLog.lastValidated(log, expression)).ifPresent(row -> {
                Map<String, Object> scores = new LinkedHashMap<>();
                scores.put("psnr", row.valPsnr());
                scores.put("ssim", row.valSsim());
                scores.put("ae", row.valAe());
                scores.put("stage", row.stage());
                scores.put("epoch", row.epoch());
                scores.put("about", "held-out scores of the same recipe trained without the validation pairs,"
                        + " which this model was trained on");
                model.put("reference_validation", scores);
            });
        }
        return model;
    }

    private static void refuseOtherMethods(Javalin app, String path, HandlerType allowed) {
        for (HandlerType method : List.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE)) {
            if (method != allowed) {
                app.addHttpHandler(method, path, ctx -> {
                    ctx.header("Allow", allowed.name());
                    answer(ctx, 405, method + " is not allowed on " + path + "; use " + allowed);
                });
            }
        }
    }

    private static void configure(JavalinConfig config, UploadReader uploads) {
        config.showJavalinBanner = false;
        config.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = "/web";
            files.location = Location.CLASSPATH;
        });
        // Multipart uploads stay in memory: the in-memory threshold is the file limit itself.
        config.jetty.multipartConfig.maxFileSize(uploads.maxMultipartFileBytes(), SizeUnit.BYTES);
        config.jetty.multipartConfig.maxInMemoryFileSize((int) uploads.maxMultipartFileBytes(), SizeUnit.BYTES);
        config.jetty.multipartConfig.maxTotalRequestSize(uploads.maxMultipartRequestBytes(), SizeUnit.BYTES);
        // Errors Jetty answers itself (malformed requests, a header too large) are JSON too, without stack traces.
        config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
    }

    /**
     * Jetty's own error answers as {@code {"error": "..."}}: those it gives before any handler runs
     * (a request header too large: 431, a malformed request: 400) and those of the servlet layer.
     * Jetty's were HTML pages.
     */
    static final class JsonErrorHandler extends ErrorHandler {
        JsonErrorHandler() {
            setShowStacks(false);
            setShowServlet(false);
        }

        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            fields.put(HttpHeader.CONTENT_TYPE, "application/json");
            return ByteBuffer.wrap(body(status, reason));
        }

        @Override
        protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request, HttpServletResponse response,
                int code, String message) throws IOException {
            baseRequest.setHandled(true);
            response.setContentType("application/json");
            response.getOutputStream().write(body(code, message));
        }

        private static byte[] body(int status, String reason) {
            String standard = HttpStatus.getMessage(status);
            String message = reason == null || reason.isBlank() || reason.equals(standard) ? standard : standard + ": " + reason;
            try {
                return JSON.writeValueAsBytes(new ErrorBody(message.toLowerCase(Locale.ROOT)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
        pool.close();
    }

    record Health(String status, int inProgress, int capacity) {}

    record ErrorBody(String error) {}

    private static void answerApiError(ApiException e, Context ctx) {
        e.retryAfterSeconds().ifPresent(s -> ctx.header("Retry-After", Integer.toString(s)));
        answer(ctx, e.status(), e.getMessage());
    }

    private static void answerUnexpected(Exception e, Context ctx) {
        log.error("{} {} failed", ctx.method(), ctx.path(), e);
        answer(ctx, 500, "internal error; the server log has the details");
    }

    private static void answer(Context ctx, int status, String message) {
        ctx.status(status).json(new ErrorBody(message));
    }
}
