package cocolor.bench;

import cocolor.video.VideoFrame;
import cocolor.video.VideoReader;
import cocolor.video.VideoWriter;
import java.nio.file.Path;

/**
 * Cuts the first FRAMES frames of a video into an MP4 file, its audio up to there copied:
 * {@code VideoCut IN OUT FRAMES}. Made the demo's sample clip (src/main/resources/samples/video/).
 * {@code VideoCut IN OUT FRAMES WIDTHxHEIGHT [LOOPS]} instead writes the frames enlarged (bicubic)
 * to that size, without audio, the cut played LOOPS times (bench/video.sh's 1080p clips).
 */
public final class VideoCut {
    public static void main(String[] args) {
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int frames = Integer.parseInt(args[2]);
        if (args.length > 3) {
            String[] size = args[3].split("x");
            resized(in, out, frames, Integer.parseInt(size[0]), Integer.parseInt(size[1]), args.length > 4 ? Integer.parseInt(args[4]) : 1);
            return;
        }
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

    private static void resized(Path in, Path out, int frames, int width, int height, int loops) {
        java.util.List<cocolor.image.FloatImage> cut = new java.util.ArrayList<>();
        int fps;
        try (VideoReader r = VideoReader.open(in)) {
            fps = (int) Math.round(r.info().frameRate());
            for (VideoFrame f; cut.size() < frames && (f = r.read()) != null; ) {
                f.discardAudio();
                cut.add(cocolor.image.Resample.bicubic(f.luma(), height, width).toRgb());
            }
        }
        try (VideoWriter w = VideoWriter.create(out, width, height, fps)) {
            long t = 0;
            for (int loop = 0; loop < loops; loop++) {
                for (cocolor.image.FloatImage f : cut) {
                    w.writeFrame(f, t++, 1);
                }
            }
            w.finish();
            System.out.println(out + ": " + t + " frames of " + width + "x" + height + ", " + w.encoderName());
        }
    }
}
