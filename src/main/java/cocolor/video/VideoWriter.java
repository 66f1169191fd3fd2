package cocolor.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.FF_COMPLIANCE_NORMAL;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_GLOBALHEADER;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_query_codec;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_PRI_SMPTE170M;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_MPEG;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_SMPTE170M;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_TRC_SMPTE170M;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_GBRP;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_d2q;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import cocolor.image.FloatImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Encodes colour frames into an MP4 file with the timing of a source video (each frame keeps its
 * timestamp, so frame rate, frame count and duration match, variable frame rates included) and
 * its first audio stream copied packet for packet. H.264 through OpenH264 (the LGPL build of
 * FFmpeg has no x264), or MPEG-4 Part 2 for odd frame sizes, which OpenH264 would crop to even ones. Not thread-safe:
 * one thread writes. Write to a temporary file and rename it once {@link #finish} returned.
 */
public final class VideoWriter implements AutoCloseable {
    /** Encoders tried in order. */
    static final List<String> ENCODERS = List.of("libopenh264", "mpeg4");
    /**
     * Bit rate in bits per pixel per frame: 0.15 keeps the 720×404 camera-trap clip at about
     * 1 Mbit/s (its H.264 input has 0.5), 1080p at 30 fps at 9.3 Mbit/s.
     */
    static final double BITS_PER_PIXEL = 0.15;

    private final Path file;
    private AVFormatContext output;
    private AVCodecContext encoder;
    private AVStream videoOut;
    private AVStream audioOut;
    private final AVRational sourceVideoBase;
    private final AVRational sourceAudioBase;
    private final AVFrame rgb = av_frame_alloc();
    private final AVFrame yuv = av_frame_alloc();
    private final AVPacket packet = av_packet_alloc();
    private SwsContext sws;
    private final String encoderName;
    private final String audioNote;
    private long lastPts = Long.MIN_VALUE;
    private long frames;

    /**
     * Opens {@code file} (usually a temporary file) for the frames of {@code source}: same size,
     * time base and frame rate, and its audio if MP4 can hold it.
     */
    public static VideoWriter like(Path file, VideoReader source) {
        return like(file, file, source);
    }

    /** As {@link #like(Path, VideoReader)}, naming {@code shownAs} (the final name of a temporary file) in messages. */
    public static VideoWriter like(Path file, Path shownAs, VideoReader source) {
        AVStream in = source.videoStream();
        return new VideoWriter(file, shownAs, source.info(), copy(in.time_base()), copy(in.avg_frame_rate()), source.audioStream(), "mp4",
                ENCODERS, AV_PIX_FMT_YUV420P);
    }

    /**
     * Opens {@code file} for a video of {@code width × height} at {@code fps} frames per second,
     * without audio; timestamps count frames (frame i at pts i).
     */
    public static VideoWriter create(Path file, int width, int height, int fps) {
        return create(file, width, height, fps, 1, "mp4", ENCODERS, AV_PIX_FMT_YUV420P);
    }

    /**
     * Opens {@code file} for a video without audio in {@code container} through the first of
     * {@code encoders} that opens, frames in {@code pixelFormat}, timestamps in units of 1 /
     * ({@code fps} × {@code ticksPerFrame}) (so that tests can make variable frame rates, 10-bit
     * and other containers).
     */
    static VideoWriter create(Path file, int width, int height, int fps, int ticksPerFrame, String container, List<String> encoders,
            int pixelFormat) {
        VideoInfo info = new VideoInfo(width, height, fps, Double.NaN, 0, "", "", false);
        return new VideoWriter(file, file, info, new AVRational().num(1).den(fps * ticksPerFrame), new AVRational().num(fps).den(1), null,
                container, encoders, pixelFormat);
    }

    private VideoWriter(Path path, Path file, VideoInfo info, AVRational timeBase, AVRational frameRate, AVStream audioIn, String container,
            List<String> encoders, int pixelFormat) {
        Ffmpeg.init();
        this.file = file;
        sourceVideoBase = timeBase;
        sourceAudioBase = audioIn == null ? null : copy(audioIn.time_base());
        try {
            output = new AVFormatContext(null);
            int r = avformat_alloc_output_context2(output, null, container, path.toAbsolutePath().toString());
            if (r < 0) {
                output = null;
                throw new VideoWriteException(file, "cannot start an MP4 file (" + Ffmpeg.describe(r) + ")");
            }
            String used = null;
            StringBuilder refusals = new StringBuilder();
            for (String name : encoders) {
                AVCodec codec = avcodec_find_encoder_by_name(name);
                if (codec == null || name.equals("libopenh264") && (info.width() % 2 != 0 || info.height() % 2 != 0)) {
                    continue; // OpenH264 silently crops odd sizes to even ones
                }
                AVCodecContext c = avcodec_alloc_context3(codec);
                configure(c, info, timeBase, pixelFormat);
                r = avcodec_open2(c, codec, (PointerPointer<?>) null);
                if (r >= 0) {
                    encoder = c;
                    used = name;
                    break;
                }
                refusals.append(' ').append(name).append(": ").append(Ffmpeg.describe(r)).append(';');
                Ffmpeg.free(c);
            }
            if (encoder == null) {
                throw new VideoWriteException(file, "no encoder accepts " + info.width() + "×" + info.height() + " video:" + refusals);
            }
            encoderName = used;
            videoOut = avformat_new_stream(output, null);
            avcodec_parameters_from_context(videoOut.codecpar(), encoder);
            videoOut.time_base(encoder.time_base());
            videoOut.avg_frame_rate(frameRate);
            String note = null;
            if (audioIn != null) {
                int codecId = audioIn.codecpar().codec_id();
                if (avformat_query_codec(output.oformat(), codecId, FF_COMPLIANCE_NORMAL) == 1) {
                    audioOut = avformat_new_stream(output, null);
                    avcodec_parameters_copy(audioOut.codecpar(), audioIn.codecpar());
                    audioOut.codecpar().codec_tag(0);
                    audioOut.time_base(audioIn.time_base());
                } else {
                    note = "its audio (" + org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name(codecId).getString()
                            + ") cannot go into MP4 unchanged and is left out";
                }
            }
            audioNote = note;
            AVIOContext pb = new AVIOContext(null);
            r = avio_open(pb, path.toAbsolutePath().toString(), AVIO_FLAG_WRITE);
            if (r < 0) {
                throw new VideoWriteException(file, "cannot open for writing (" + Ffmpeg.describe(r) + ")");
            }
            output.pb(pb);
            r = avformat_write_header(output, (PointerPointer<?>) null);
            if (r < 0) {
                throw new VideoWriteException(file, "cannot write the MP4 header (" + Ffmpeg.describe(r) + ")");
            }
            allocate(rgb, AV_PIX_FMT_GBRP, info);
            allocate(yuv, pixelFormat, info);
            sws = sws_getContext(info.width(), info.height(), AV_PIX_FMT_GBRP, info.width(), info.height(), pixelFormat,
                    SWS_BILINEAR, null, null, (double[]) null);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void configure(AVCodecContext c, VideoInfo info, AVRational timeBase, int pixelFormat) {
        c.width(info.width());
        c.height(info.height());
        c.pix_fmt(pixelFormat);
        AVRational base = copy(timeBase);
        if (base.den() > 65535) { // MPEG-4 Part 2 allows no finer time base
            base = new AVRational().num(1).den(65535);
        }
        c.time_base(base);
        double fps = Double.isFinite(info.frameRate()) && info.frameRate() > 0 ? info.frameRate() : 25;
        c.framerate(av_d2q(fps, 100000));
        c.bit_rate(Math.max(200_000, Math.round(info.width() * (double) info.height() * fps * BITS_PER_PIXEL)));
        c.gop_size((int) Math.max(1, Math.round(fps * 2)));
        c.max_b_frames(0);
        c.color_range(AVCOL_RANGE_MPEG);
        c.colorspace(AVCOL_SPC_SMPTE170M);
        c.color_primaries(AVCOL_PRI_SMPTE170M);
        c.color_trc(AVCOL_TRC_SMPTE170M);
        if ((output.oformat().flags() & AVFMT_GLOBALHEADER) != 0) {
            c.flags(c.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
        }
    }

    private void allocate(AVFrame f, int pixelFormat, VideoInfo info) {
        f.format(pixelFormat);
        f.width(info.width());
        f.height(info.height());
        int r = av_frame_get_buffer(f, 0);
        if (r < 0) {
            throw new VideoWriteException(file, "cannot allocate a frame (" + Ffmpeg.describe(r) + ")");
        }
    }

    /** The encoder in use: {@code libopenh264} (H.264) or {@code mpeg4}. */
    public String encoderName() {
        return encoderName;
    }

    /** Why the source's audio was left out, or null (copied, or there was none). */
    public String audioNote() {
        return audioNote;
    }

    /** Frames written so far. */
    public long frames() {
        return frames;
    }

    /**
     * Encodes one RGB frame (three channels in [0, 1], the video's size) at {@code pts}, with
     * {@code duration}, both in the source video stream's time base.
     */
    public void writeFrame(FloatImage colour, long pts, long duration) {
        int w = rgb.width();
        int h = rgb.height();
        if (colour.channels() != 3 || colour.width() != w || colour.height() != h) {
            throw new IllegalArgumentException("frame " + colour + " does not fit a " + w + "×" + h + " RGB video");
        }
        check(av_frame_make_writable(rgb), "frame buffer");
        float[] d = colour.data();
        int plane = w * h;
        byte[] row = new byte[w];
        // GBRP's planes are G, B, R.
        int[] order = {1, 2, 0};
        for (int p = 0; p < 3; p++) {
            BytePointer dst = rgb.data(p);
            int stride = rgb.linesize(p);
            int src = order[p] * plane;
            for (int y = 0; y < h; y++) {
                int o = src + y * w;
                for (int x = 0; x < w; x++) {
                    float v = d[o + x];
                    row[x] = (byte) (v <= 0 ? 0 : v >= 1 ? 255 : (int) (v * 255 + 0.5f));
                }
                dst.position((long) y * stride).put(row, 0, w);
            }
            dst.position(0);
        }
        check(av_frame_make_writable(yuv), "frame buffer");
        sws_scale(sws, rgb.data(), rgb.linesize(), 0, h, yuv.data(), yuv.linesize());
        long t = av_rescale_q(pts, sourceVideoBase, encoder.time_base());
        if (lastPts != Long.MIN_VALUE && t <= lastPts) {
            t = lastPts + 1;
        }
        lastPts = t;
        yuv.pts(t);
        yuv.duration(Math.max(1, av_rescale_q(duration, sourceVideoBase, encoder.time_base())));
        check(avcodec_send_frame(encoder, yuv), "encoding");
        drain();
        frames++;
    }

    /** Copies one audio packet of the source unchanged (and frees it). */
    public void writeAudio(AudioPacket audio) {
        try {
            if (audioOut == null) {
                return;
            }
            AVPacket p = audio.packet();
            av_packet_rescale_ts(p, sourceAudioBase, audioOut.time_base());
            p.stream_index(audioOut.index());
            p.pos(-1);
            check(av_interleaved_write_frame(output, p), "writing audio");
        } finally {
            audio.close();
        }
    }

    /** Flushes the encoder and completes the file. */
    public void finish() {
        check(avcodec_send_frame(encoder, null), "encoding");
        drain();
        check(av_write_trailer(output), "completing the MP4 file");
        int r = avio_closep(output.pb());
        output.pb(null);
        check(r, "closing the file");
    }

    private void drain() {
        while (true) {
            int r = avcodec_receive_packet(encoder, packet);
            if (r == AVERROR_EOF || r < 0 && r != AVERROR_EOF && isAgain(r)) {
                return;
            }
            check(r, "encoding");
            av_packet_rescale_ts(packet, encoder.time_base(), videoOut.time_base());
            packet.stream_index(videoOut.index());
            int w = av_interleaved_write_frame(output, packet);
            av_packet_unref(packet);
            check(w, "writing video");
        }
    }

    /** AVERROR(EAGAIN): the encoder wants more frames. */
    private static boolean isAgain(int r) {
        return r == -11;
    }

    private void check(int r, String what) {
        if (r < 0) {
            throw new VideoWriteException(file, what + " failed (" + Ffmpeg.describe(r) + ")");
        }
    }

    private static AVRational copy(AVRational r) {
        return new AVRational().num(r.num()).den(r.den());
    }

    @Override
    public void close() {
        sws = Ffmpeg.free(sws);
        encoder = Ffmpeg.free(encoder);
        if (output != null) {
            if (output.pb() != null && !output.pb().isNull()) {
                avio_closep(output.pb());
            }
            avformat_free_context(output);
            output = null;
        }
        av_frame_free(rgb);
        av_frame_free(yuv);
        av_packet_free(packet);
    }
}
