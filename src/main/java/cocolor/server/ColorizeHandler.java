package cocolor.server;

import cocolor.image.FloatImage;
import cocolor.image.ImageReadException;
import cocolor.image.ImageTooLargeException;
import cocolor.image.Images;
import cocolor.infer.Colorizer;
import cocolor.infer.Scale;
import cocolor.recipe.Mode;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/colorize}: takes a place in the worker pool, reads the upload, then decodes,
 * colorizes and encodes it on a worker; answers the PNG.
 */
final class ColorizeHandler implements Handler {
    private static final Logger log = LoggerFactory.getLogger(ColorizeHandler.class);
    /** How uploads are named in error messages; the client's file name is not trusted or echoed. */
    private static final Path UPLOAD_LABEL = Path.of("upload");

    private final Colorizer colorizer;
    private final WorkerPool pool;
    private final UploadReader uploads;
    private final long maxPixels;

    ColorizeHandler(Colorizer colorizer, WorkerPool pool, UploadReader uploads, long maxPixels) {
        this.colorizer = colorizer;
        this.pool = pool;
        this.uploads = uploads;
        this.maxPixels = maxPixels;
    }

    @Override
    public void handle(Context ctx) throws Exception {
        try (WorkerPool.Place place = pool.enter()) {
            UploadReader.Upload upload = uploads.read(ctx);
            Mode mode = parseMode(upload.mode().orElse(Mode.NIR.key()));
            Scale scale = parseScale(upload.scale().orElse(Scale.AUTO.key()));
            long start = System.nanoTime();
            byte[] png = place.run(() -> colorizeToPng(upload.bytes(), mode, scale));
            log.debug("colorized {} bytes ({}) in {} ms", upload.bytes().length, mode.key(),
                    (System.nanoTime() - start) / 1_000_000);
            ctx.contentType("image/png").header("Cache-Control", "no-store").result(png);
        }
    }

    private Mode parseMode(String text) {
        return Mode.parse(text).filter(colorizer.modes()::contains).orElseThrow(() -> ApiException.badRequest(
                "unknown mode '" + text + "'; this model has " + colorizer.modes().stream().map(Mode::key).toList()));
    }

    private static Scale parseScale(String text) {
        Scale scale = Scale.parse(text);
        if (scale == null) {
            throw ApiException.badRequest("unknown scale '" + text + "'; use auto or native");
        }
        return scale;
    }

    private byte[] colorizeToPng(byte[] upload, Mode mode, Scale scale) {
        FloatImage input;
        try {
            input = Images.readGray(upload, UPLOAD_LABEL, maxPixels);
        } catch (ImageTooLargeException e) {
            throw ApiException.tooLarge(e.getMessage());
        } catch (ImageReadException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        return Images.encodePng(colorizer.colorize(input, mode, scale));
    }
}
