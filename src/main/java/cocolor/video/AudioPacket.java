package cocolor.video;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;

import org.bytedeco.ffmpeg.avcodec.AVPacket;

/**
 * One compressed audio packet of the input, carried to the output unchanged. Owns a native packet:
 * {@link VideoWriter#writeAudio} or {@link #close} frees it.
 */
public final class AudioPacket implements AutoCloseable {
    private AVPacket packet;

    AudioPacket(AVPacket packet) {
        this.packet = packet;
    }

    /** The packet's size in bytes. */
    public synchronized int size() {
        return packet == null ? 0 : packet.size();
    }

    AVPacket packet() {
        return packet;
    }

    @Override
    public synchronized void close() {
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
    }
}
