package cocolor.cli;

import cocolor.base.ProgressListener;
import cocolor.commandline.OutputPlan;
import cocolor.infer.Colorizer;
import cocolor.infer.Scale;
import cocolor.infer.VideoColorizer;
import cocolor.recipe.Mode;
import cocolor.video.Videos;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The videos of a {@code colorize} run: each one colorized whole through {@link VideoColorizer}
 * (decoding, colorizing and encoding overlap within the video), with a progress bar in frames/s
 * and an ETA, and one line when it is done. A video that fails is one {@code error:} line; the
 * others go on.
 */
final class VideoJobs {
    private final VideoColorizer videos;
    private final VideoColorizer.Options options;
    private final PrintWriter err;
    private final ProgressListener progress;

    /** Counts of one run. */
    record Result(int written, int failed) {}

    VideoJobs(Colorizer colorizer, Mode mode, Scale scale, boolean temporal, PrintWriter err, ProgressListener progress) {
        this.videos = new VideoColorizer(colorizer);
        this.options = new VideoColorizer.Options(mode, scale, temporal);
        this.err = err;
        this.progress = progress;
    }

    /** The output name of an input: {@code <name without extension>.mp4} for videos, {@code .png} for images. */
    static String outputName(Path input) {
        return OutputPlan.outputName(input.getFileName().toString(), Videos.isVideoFile(input) ? Videos.OUTPUT_EXTENSION : OutputPlan.PNG);
    }

    /** Moves the video jobs out of {@code jobs} (input → output, in order) into the map returned. */
    static Map<Path, Path> takeVideos(Map<Path, Path> jobs) {
        Map<Path, Path> videos = new LinkedHashMap<>();
        jobs.entrySet().removeIf(e -> Videos.isVideoFile(e.getKey()) && videos.put(e.getKey(), e.getValue()) == null);
        return videos;
    }

    Result run(Map<Path, Path> jobs) {
        int written = 0;
        int failed = 0;
        for (Map.Entry<Path, Path> job : jobs.entrySet()) {
            Path in = job.getKey();
            long start = System.nanoTime();
            try {
                VideoColorizer.Result r = videos.colorize(in, job.getValue(), options, progress);
                double seconds = (System.nanoTime() - start) / 1e9;
                written++;
                err.printf(Locale.ROOT, "colorized %s into %s: %d frames in %.1f s (%.1f frames/s, %s)%n", in, job.getValue(),
                        r.frames(), seconds, r.frames() / seconds, r.encoder().equals("libopenh264") ? "H.264" : "MPEG-4 Part 2");
                if (r.audioNote() != null) {
                    err.println("warning: " + in + ": " + r.audioNote());
                }
                if (r.readProblem() != null) {
                    err.println("warning: " + in + ": decoding stopped early (" + r.readProblem() + "); the frames before were colorized");
                }
            } catch (RuntimeException e) {
                failed++;
                String message = CliErrors.describe(e);
                err.println("error: " + (message.contains(in.getFileName().toString()) ? "" : in + ": ") + message);
            }
            err.flush();
        }
        return new Result(written, failed);
    }
}
