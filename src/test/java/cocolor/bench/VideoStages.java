package cocolor.bench;

import cocolor.image.FloatImage;
import cocolor.infer.ClipColorizer;
import cocolor.infer.Colorizer;
import cocolor.infer.Scale;
import cocolor.recipe.Mode;
import cocolor.video.VideoFrame;
import cocolor.video.VideoReader;
import cocolor.video.VideoWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where the time of a video goes, stage by stage on one thread: decoding, the colour decision
 * (per frame and temporal), rendering at full resolution, encoding. Run by bench/video.sh.
 *
 * <p>Arguments: VIDEO [--model FILE] [--frames N]
 */
public final class VideoStages {
    public static void main(String[] args) throws Exception {
        Path video = Path.of(args[0]);
        Path model = null;
        int limit = 120;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--model" -> model = Path.of(args[++i]);
                case "--frames" -> limit = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException(args[i]);
            }
        }
        List<VideoFrame> frames = new ArrayList<>();
        long t0 = System.nanoTime();
        try (VideoReader r = VideoReader.open(video)) {
            for (VideoFrame f; frames.size() < limit && (f = r.read()) != null; ) {
                f.discardAudio();
                frames.add(f);
            }
        }
        int n = frames.size();
        report("decode (luma)", t0, n);
        try (Colorizer c = model == null ? Colorizer.loadDefault() : Colorizer.load(model)) {
            for (boolean temporal : new boolean[] {false, true}) {
                ClipColorizer clip = c.clip(Mode.NIR, Scale.AUTO, temporal);
                clip.decide(frames.get(0).luma()); // warm-up
                long t = System.nanoTime();
                List<ClipColorizer.Decision> decisions = new ArrayList<>();
                for (VideoFrame f : frames) {
                    decisions.add(clip.decide(f.luma()));
                }
                report("decide, " + (temporal ? "temporal" : "per frame"), t, n);
                if (temporal) {
                    t = System.nanoTime();
                    List<FloatImage> rendered = new ArrayList<>();
                    for (ClipColorizer.Decision d : decisions) {
                        rendered.add(clip.render(d));
                    }
                    report("render (guided upsampling)", t, n);
                    Path out = Files.createTempFile("stages", ".mp4");
                    try (VideoReader r = VideoReader.open(video); VideoWriter w = VideoWriter.like(out, r)) {
                        t = System.nanoTime();
                        for (int i = 0; i < n; i++) {
                            w.writeFrame(rendered.get(i), frames.get(i).pts(), frames.get(i).duration());
                        }
                        w.finish();
                        report("encode (" + w.encoderName() + ")", t, n);
                    } finally {
                        Files.deleteIfExists(out);
                    }
                }
            }
        }
    }

    private static void report(String stage, long start, int frames) {
        double s = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%-32s %6.1f ms/frame  %6.1f frames/s%n", stage, 1000 * s / frames, frames / s);
    }
}
