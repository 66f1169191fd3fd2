package cocolor.video;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;

import cocolor.image.FloatImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Small clips made in the test: a gray pattern that drifts right one pixel per frame, at a
 * variable frame rate, in 10 bits, without frames; and the audio of a clip alone.
 */
public final class TestClips {
    private TestClips() {}

    /** Frame {@code t} of the drifting pattern, one channel in [0.1, 0.9]. */
    public static FloatImage frame(int width, int height, int t) {
        FloatImage f = new FloatImage(1, height, width);
        float[] d = f.data();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double u = (x - t) * 2 * Math.PI / 24.0;
                double v = y * 2 * Math.PI / 32.0;
                d[y * width + x] = (float) (0.5 + 0.25 * Math.sin(u) + 0.15 * Math.cos(v));
            }
        }
        return f;
    }

    /** Writes the pattern at the millisecond timestamps {@code ptsMs} (a variable frame rate; MP4, no audio). */
    public static Path writeAtTimes(Path file, int width, int height, long... ptsMs) {
        try (VideoWriter w = VideoWriter.create(file, width, height, 25, 40, "mp4", VideoWriter.ENCODERS,
                org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P)) {
            for (int t = 0; t < ptsMs.length; t++) {
                long next = t + 1 < ptsMs.length ? ptsMs[t + 1] : ptsMs[t] + 40;
                w.writeFrame(frame(width, height, t).toRgb(), ptsMs[t], next - ptsMs[t]);
            }
            w.finish();
        }
        return file;
    }

    /** The drifting pattern in {@code container} (FFmpeg's muxer name) through {@code encoder}, 4:2:0 at 8 bits. */
    public static Path writeIn(Path file, String container, String encoder, int width, int height, int frames, int fps) {
        try (VideoWriter w = VideoWriter.create(file, width, height, fps, 1, container, java.util.List.of(encoder),
                org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P)) {
            for (int t = 0; t < frames; t++) {
                w.writeFrame(frame(width, height, t).toRgb(), t, 1);
            }
            w.finish();
        }
        return file;
    }

    /** A 10-bit clip: FFV1 in Matroska, 4:2:0 at 10 bits. */
    public static Path write10Bit(Path file, int width, int height, int frames) {
        try (VideoWriter w = VideoWriter.create(file, width, height, 10, 1, "matroska", java.util.List.of("ffv1"),
                org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P10LE)) {
            for (int t = 0; t < frames; t++) {
                w.writeFrame(frame(width, height, t).toRgb(), t, 1);
            }
            w.finish();
        }
        return file;
    }

    /** A file with no frame in it: an MP4 (whose muxer then leaves the track out) or a Matroska file (which keeps it). */
    public static Path writeEmpty(Path file, int width, int height) {
        String container = file.toString().endsWith(".mkv") ? "matroska" : "mp4";
        try (VideoWriter w = VideoWriter.create(file, width, height, 10, 1, container, VideoWriter.ENCODERS,
                org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P)) {
            w.finish();
        }
        return file;
    }

    /** The audio of {@code source} alone, remuxed unchanged into {@code file} (an audio-only MP4). */
    public static Path audioOnly(Path source, Path file) {
        org.bytedeco.ffmpeg.avformat.AVFormatContext in = new org.bytedeco.ffmpeg.avformat.AVFormatContext(null);
        org.bytedeco.ffmpeg.avformat.AVFormatContext out = new org.bytedeco.ffmpeg.avformat.AVFormatContext(null);
        check(avformat_open_input(in, source.toString(), null, null));
        check(avformat_find_stream_info(in, (org.bytedeco.javacpp.PointerPointer<?>) null));
        check(avformat_alloc_output_context2(out, null, "mp4", file.toString()));
        int audio = -1;
        org.bytedeco.ffmpeg.avformat.AVStream outStream = null;
        for (int i = 0; i < in.nb_streams(); i++) {
            if (in.streams(i).codecpar().codec_type() == org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO) {
                audio = i;
                outStream = avformat_new_stream(out, null);
                check(avcodec_parameters_copy(outStream.codecpar(), in.streams(i).codecpar()));
                outStream.codecpar().codec_tag(0);
                break;
            }
        }
        org.bytedeco.ffmpeg.avformat.AVIOContext pb = new org.bytedeco.ffmpeg.avformat.AVIOContext(null);
        check(avio_open(pb, file.toString(), AVIO_FLAG_WRITE));
        out.pb(pb);
        check(avformat_write_header(out, (org.bytedeco.javacpp.PointerPointer<?>) null));
        org.bytedeco.ffmpeg.avcodec.AVPacket p = av_packet_alloc();
        while (av_read_frame(in, p) >= 0) {
            if (p.stream_index() == audio) {
                av_packet_rescale_ts(p, in.streams(audio).time_base(), outStream.time_base());
                p.stream_index(0);
                p.pos(-1);
                check(av_interleaved_write_frame(out, p));
            }
            av_packet_unref(p);
        }
        check(av_write_trailer(out));
        avio_closep(out.pb());
        avformat_free_context(out);
        avformat_close_input(in);
        av_packet_free(p);
        return file;
    }

    private static void check(int r) {
        if (r < 0) {
            throw new IllegalStateException("FFmpeg error " + r);
        }
    }

    /** Writes {@code frames} frames of the pattern at {@code fps} into {@code file} (MP4, no audio). */
    public static Path write(Path file, int width, int height, int frames, int fps) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (VideoWriter w = VideoWriter.create(file, width, height, fps)) {
            for (int t = 0; t < frames; t++) {
                w.writeFrame(frame(width, height, t).toRgb(), t, 1);
            }
            w.finish();
        }
        return file;
    }
}
