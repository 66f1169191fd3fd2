package cocolor.video;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_clone;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_GRAY8;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_get_pix_fmt_name;
import static org.bytedeco.ffmpeg.global.avutil.av_q2d;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_DEFAULT;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCoefficients;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.ffmpeg.global.swscale.sws_setColorspaceDetails;

import cocolor.image.FloatImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Decodes a video file frame by frame, the one place that does (as {@code image} is for still
 * images): each frame's luma at the video's size, its timestamps, and the compressed packets of
 * the first audio stream to copy unchanged. Any container and codec the bundled FFmpeg reads.
 * Streams: one frame in memory at a time, whatever the length. Not thread-safe: one thread reads.
 */
public final class VideoReader implements AutoCloseable {
    /** Frames larger than this per side are refused (as for images); 8K video is 7680 wide. */
    public static final int MAX_SIDE = 8192;

    private final Path file;
    private AVFormatContext format;
    private AVCodecContext decoder;
    private final AVStream videoStream;
    private final AVStream audioStream;
    private final VideoInfo info;
    private final AVPacket packet = av_packet_alloc();
    private final AVFrame frame = av_frame_alloc();
    private final BytePointer gray;
    private SwsContext sws;
    private int swsWidth = -1;
    private int swsHeight = -1;
    private int swsFormat = -1;
    private int swsRange = -1;
    private boolean inputDone;
    private boolean decoderDone;
    private long framesRead;
    private long lastPts = Long.MIN_VALUE;
    private String readProblem;
    private List<AudioPacket> pendingAudio = new ArrayList<>();

    private VideoReader(Path file) {
        Ffmpeg.init();
        this.file = file;
        if (!Files.isRegularFile(file)) {
            throw new VideoReadException(file, Files.exists(file) ? "not a regular file" : "file not found");
        }
        try {
            format = new AVFormatContext(null);
            int r = avformat_open_input(format, file.toAbsolutePath().toString(), null, null);
            if (r < 0) {
                format = null;
                throw new VideoReadException(file, r == AVERROR_EOF ? "ends before its first frame: an empty or truncated video file"
                        : "not a video FFmpeg can read (" + Ffmpeg.describe(r) + ")");
            }
            r = avformat_find_stream_info(format, (PointerPointer<?>) null);
            if (r < 0) {
                throw new VideoReadException(file, "cannot read the streams of this video (" + Ffmpeg.describe(r) + ")");
            }
            AVStream video = null;
            AVStream audio = null;
            for (int i = 0; i < format.nb_streams(); i++) {
                AVStream s = format.streams(i);
                int type = s.codecpar().codec_type();
                if (type == AVMEDIA_TYPE_VIDEO && video == null && (s.disposition() & 0x400) == 0) { // not AV_DISPOSITION_ATTACHED_PIC
                    video = s;
                } else if (type == AVMEDIA_TYPE_AUDIO && audio == null) {
                    audio = s;
                }
            }
            if (format.nb_streams() == 0) {
                throw new VideoReadException(file, "holds no stream: an empty, truncated or damaged video file");
            }
            if (video == null) {
                throw new VideoReadException(file, "has no video stream" + (audio != null ? " (audio only)" : ""));
            }
            videoStream = video;
            audioStream = audio;
            AVCodecParameters par = video.codecpar();
            if (par.width() <= 0 || par.height() <= 0) {
                throw new VideoReadException(file, "its video stream has no frame size (damaged or empty)");
            }
            if (par.width() > MAX_SIDE || par.height() > MAX_SIDE) {
                throw new VideoReadException(file, "its frames of " + par.width() + "×" + par.height() + " exceed " + MAX_SIDE
                        + " px per side");
            }
            AVCodec codec = avcodec_find_decoder(par.codec_id());
            if (codec == null) {
                throw new VideoReadException(file, "no decoder for its video codec " + avcodec_get_name(par.codec_id()).getString());
            }
            decoder = avcodec_alloc_context3(codec);
            avcodec_parameters_to_context(decoder, par);
            decoder.pkt_timebase(video.time_base());
            r = avcodec_open2(decoder, codec, (PointerPointer<?>) null);
            if (r < 0) {
                throw new VideoReadException(file, "cannot open its video decoder (" + Ffmpeg.describe(r) + ")");
            }
            gray = new BytePointer((long) par.width() * par.height());
            info = new VideoInfo(par.width(), par.height(), rate(video), duration(format, video), Math.max(0, video.nb_frames()),
                    avcodec_get_name(par.codec_id()).getString(), pixelFormatName(par.format()), audio != null);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Opens a video; a file that is not one, or has no video stream, is a {@link VideoReadException}. */
    public static VideoReader open(Path file) {
        return new VideoReader(file);
    }

    public Path file() {
        return file;
    }

    public VideoInfo info() {
        return info;
    }

    AVStream videoStream() {
        return videoStream;
    }

    /** The audio stream whose packets are handed out, or null. */
    AVStream audioStream() {
        return audioStream;
    }

    /** The frames decoded so far. */
    public long framesRead() {
        return framesRead;
    }

    /**
     * Why reading ended before the end of the file (a damaged or truncated file), or null: the
     * frames decoded until then are good.
     */
    public String readProblem() {
        return readProblem;
    }

    /** The next frame in presentation order, or null at the end of the video. */
    public VideoFrame read() {
        while (!decoderDone) {
            int r = avcodec_receive_frame(decoder, frame);
            if (r == 0) {
                try {
                    return convert();
                } finally {
                    av_frame_unref(frame);
                }
            }
            if (r == AVERROR_EOF) {
                decoderDone = true;
                break;
            }
            if (inputDone) { // a decoder that neither gives frames nor ends: damaged
                decoderDone = true;
                break;
            }
            feed();
        }
        return null;
    }

    /** The audio packets after the last frame (call once {@link #read} returned null). */
    public List<AudioPacket> remainingAudio() {
        List<AudioPacket> rest = pendingAudio;
        pendingAudio = new ArrayList<>();
        return rest;
    }

    /** Reads packets until one reaches the decoder, or the file ends. */
    private void feed() {
        while (true) {
            int r = av_read_frame(format, packet);
            if (r < 0) {
                if (r != AVERROR_EOF) {
                    readProblem = Ffmpeg.describe(r);
                }
                inputDone = true;
                avcodec_send_packet(decoder, null); // drain
                return;
            }
            try {
                if (packet.stream_index() == videoStream.index()) {
                    // A damaged packet is skipped, as FFmpeg's own tools do; the next key frame resumes.
                    avcodec_send_packet(decoder, packet);
                    return;
                }
                if (audioStream != null && packet.stream_index() == audioStream.index()) {
                    pendingAudio.add(new AudioPacket(av_packet_clone(packet)));
                }
            } finally {
                av_packet_unref(packet);
            }
        }
    }

    private VideoFrame convert() {
        int w = info.width();
        int h = info.height();
        int range = frame.color_range() == AVCOL_RANGE_JPEG ? 1 : 0;
        if (sws == null || frame.width() != swsWidth || frame.height() != swsHeight || frame.format() != swsFormat || range != swsRange) {
            if (sws != null) {
                Ffmpeg.free(sws);
            }
            // A frame of another size (a stream that changes size) is scaled to the video's.
            sws = sws_getContext(frame.width(), frame.height(), frame.format(), w, h, AV_PIX_FMT_GRAY8, SWS_BILINEAR, null, null,
                    (double[]) null);
            if (sws == null) {
                throw new VideoReadException(file, "cannot convert its frames (pixel format " + pixelFormatName(frame.format()) + ")");
            }
            IntPointer coefficients = sws_getCoefficients(SWS_CS_DEFAULT);
            // Luma spread to the full 0..1 range, whether the video's is limited (16-235) or full.
            sws_setColorspaceDetails(sws, coefficients, range, coefficients, 1, 0, 1 << 16, 1 << 16);
            swsWidth = frame.width();
            swsHeight = frame.height();
            swsFormat = frame.format();
            swsRange = range;
        }
        try (PointerPointer<BytePointer> dst = new PointerPointer<>(1); IntPointer stride = new IntPointer(1)) {
            dst.put(0, gray);
            stride.put(0, w);
            sws_scale(sws, frame.data(), frame.linesize(), 0, frame.height(), dst, stride);
        }
        byte[] bytes = new byte[w * h];
        gray.get(bytes);
        FloatImage luma = new FloatImage(1, h, w);
        float[] d = luma.data();
        for (int i = 0; i < bytes.length; i++) {
            d[i] = (bytes[i] & 0xff) / 255f;
        }
        long pts = frame.best_effort_timestamp();
        long duration = frame.duration();
        if (duration <= 0) {
            duration = defaultDuration();
        }
        if (pts == AV_NOPTS_VALUE) {
            pts = lastPts == Long.MIN_VALUE ? 0 : lastPts + duration;
        }
        if (lastPts != Long.MIN_VALUE && pts <= lastPts) {
            pts = lastPts + 1; // timestamps must increase for the encoder
        }
        lastPts = pts;
        framesRead++;
        List<AudioPacket> audio = pendingAudio;
        pendingAudio = new ArrayList<>();
        return new VideoFrame(luma, pts, duration, audio);
    }

    /** One frame's duration in the stream's time base, from the frame rate (1 tick if unknown). */
    private long defaultDuration() {
        double fps = info.frameRate();
        double tb = av_q2d(videoStream.time_base());
        return Double.isFinite(fps) && fps > 0 && tb > 0 ? Math.max(1, Math.round(1 / (fps * tb))) : 1;
    }

    private static double rate(AVStream s) {
        AVRational r = s.avg_frame_rate();
        if (r.num() <= 0 || r.den() <= 0) {
            r = s.r_frame_rate();
        }
        return r.num() > 0 && r.den() > 0 ? av_q2d(r) : Double.NaN;
    }

    private static double duration(AVFormatContext format, AVStream s) {
        if (s.duration() != AV_NOPTS_VALUE && s.duration() > 0) {
            return s.duration() * av_q2d(s.time_base());
        }
        return format.duration() != AV_NOPTS_VALUE && format.duration() > 0 ? format.duration() / (double) AV_TIME_BASE : Double.NaN;
    }

    static String pixelFormatName(int pixelFormat) {
        BytePointer name = av_get_pix_fmt_name(pixelFormat);
        return name == null ? "unknown" : name.getString();
    }

    @Override
    public void close() {
        pendingAudio.forEach(AudioPacket::close);
        pendingAudio.clear();
        sws = Ffmpeg.free(sws);
        decoder = Ffmpeg.free(decoder);
        if (format != null) {
            avformat_close_input(format);
            format = null;
        }
        av_packet_free(packet);
        av_frame_free(frame);
        if (gray != null) {
            gray.close();
        }
    }
}
