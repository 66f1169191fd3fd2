package cocolor.bench;

import cocolor.video.VideoFrame;
import cocolor.video.VideoReader;
import cocolor.video.VideoWriter;
import java.nio.file.Path;

/**
 * Cuts the first FRAMES frames of a video into an MP4 file, its audio up to there copied:
 * {@code VideoCut IN OUT FRAMES}. Made the demo's sample clip (src/main/resources/samples/video/).
 */
public final class VideoCut {
    public static void main(String[] args) {
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int frames = Integer.parseInt(args[2]);
        try (VideoReader r = VideoReader.open(in); VideoWriter w = VideoWriter.like(out, r)) {
            int n = 0;
            for (VideoFrame f; n < frames && (f = r.read()) != null; n++) {
                f.audio().forEach(w::writeAudio);
                w.writeFrame(f.luma().toRgb(), f.pts(), f.duration());
            }
            w.finish();
            System.out.println(out + ": " + n + " frames, " + w.encoderName());
        }
    }
}
