package cocolor.video;

import cocolor.image.FloatImage;
import java.util.List;

/**
 * One decoded frame: its luma (one channel in [0, 1], at the video's size), its presentation time
 * and duration in the video stream's time base, and the audio packets the file held before it.
 */
public record VideoFrame(FloatImage luma, long pts, long duration, List<AudioPacket> audio) {
    /** Frees the audio packets (for a frame that will not be written). */
    public void discardAudio() {
        audio.forEach(AudioPacket::close);
    }
}
