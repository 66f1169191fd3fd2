package cocolor.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.nio.charset.StandardCharsets;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.swscale.SwsContext;

/** Set-up and messages shared by the reader and the writer. */
final class Ffmpeg {
    private static volatile boolean quiet;

    private Ffmpeg() {}

    /**
     * Silences FFmpeg's own log on stderr, once: each problem is reported by cocolor as one
     * {@code error:} line, not as FFmpeg's lines about every damaged packet.
     */
    static void init() {
        if (!quiet) {
            synchronized (Ffmpeg.class) {
                if (!quiet) {
                    av_log_set_level(AV_LOG_QUIET);
                    quiet = true;
                }
            }
        }
    }

    /** Frees a scaler, if any; returns null for the field that held it. */
    static SwsContext free(SwsContext sws) {
        if (sws != null) {
            org.bytedeco.ffmpeg.global.swscale.sws_freeContext(sws);
        }
        return null;
    }

    /** Frees a codec context, if any; returns null for the field that held it. */
    static AVCodecContext free(AVCodecContext codec) {
        if (codec != null) {
            org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context(codec);
        }
        return null;
    }

    /** FFmpeg's text for an error code. */
    static String describe(int error) {
        byte[] buf = new byte[256];
        if (av_strerror(error, buf, buf.length) < 0) {
            return "FFmpeg error " + error;
        }
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }
}
