package cocolor.video;

/**
 * What a video is: frame size, frame rate (frames per second, NaN if the file does not say),
 * duration in seconds (NaN if unknown), the frame count the file announces (0 if it does not),
 * codec and pixel format names, and whether there is an audio stream.
 */
public record VideoInfo(int width, int height, double frameRate, double durationSeconds, long announcedFrames,
        String codec, String pixelFormat, boolean hasAudio) {
    /** The number of frames to expect, for progress: announced, else duration × frame rate, else 0. */
    public long expectedFrames() {
        if (announcedFrames > 0) {
            return announcedFrames;
        }
        double n = durationSeconds * frameRate;
        return Double.isFinite(n) && n > 0 ? Math.round(n) : 0;
    }
}
