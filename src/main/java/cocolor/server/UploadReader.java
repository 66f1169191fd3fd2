package cocolor.server;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Reads an uploaded image into memory, never to disk and never beyond the upload limit: either the
 * raw request body, or the {@code file} field of a multipart form. The options {@code mode} and
 * {@code scale} come from form fields or query parameters (a form field wins).
 */
final class UploadReader {
    /** Room for multipart boundaries, headers and the mode field around the file itself. */
    private static final long MULTIPART_OVERHEAD = 64 * 1024;

    record Upload(byte[] bytes, Optional<String> mode, Optional<String> scale) {}

    private final long maxBytes;

    UploadReader(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The multipart limits: everything held in memory, as nothing may exceed the threshold. */
    long maxMultipartFileBytes() {
        return maxBytes;
    }

    long maxMultipartRequestBytes() {
        return maxBytes + MULTIPART_OVERHEAD;
    }

    Upload read(Context ctx) throws IOException {
        if (ctx.isMultipartFormData()) {
            refuseDeclaredLength(ctx, maxMultipartRequestBytes());
            return readMultipart(ctx);
        }
        refuseDeclaredLength(ctx, maxBytes);
        try (InputStream body = ctx.req().getInputStream()) {
            return new Upload(readAtMost(body), query(ctx, "mode"), query(ctx, "scale"));
        }
    }

    private static Optional<String> query(Context ctx, String name) {
        return Optional.ofNullable(ctx.queryParam(name));
    }

    private Upload readMultipart(Context ctx) throws IOException {
        UploadedFile file;
        String formMode;
        String formScale;
        try {
            file = ctx.uploadedFile("file");
            formMode = ctx.formParam("mode");
            formScale = ctx.formParam("scale");
        } catch (Exception e) { // the parser's IOException and ServletException are undeclared here
            if (e instanceof IllegalStateException) {
                throw tooLarge(); // how Jetty's multipart parser signals its size limits
            }
            throw ApiException.badRequest("malformed multipart body");
        }
        if (file == null) {
            throw ApiException.badRequest("a multipart upload needs the image in a field named 'file'");
        }
        try (InputStream content = file.content()) {
            return new Upload(readAtMost(content), Optional.ofNullable(formMode).or(() -> query(ctx, "mode")),
                    Optional.ofNullable(formScale).or(() -> query(ctx, "scale")));
        }
    }

    /** Refuses early when the client announces a body that is too large. */
    private void refuseDeclaredLength(Context ctx, long limit) {
        if (ctx.req().getContentLengthLong() > limit) {
            throw tooLarge();
        }
    }

    /** Reads up to the limit; a body without a declared length can still not grow past it. */
    private byte[] readAtMost(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes((int) maxBytes + 1);
        if (bytes.length > maxBytes) {
            throw tooLarge();
        }
        return bytes;
    }

    private ApiException tooLarge() {
        return ApiException.tooLarge("upload too large: the limit is " + megabytes(maxBytes) + " MB");
    }

    private static String megabytes(long bytes) {
        return new java.math.BigDecimal(bytes).divide(java.math.BigDecimal.valueOf(1024 * 1024), 2,
                java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
