package cocolor.cli;

import cocolor.base.Progress;
import cocolor.base.ProgressListener;
import cocolor.base.UserError;
import cocolor.commandline.OutputPlan;
import cocolor.commandline.UsageError;
import cocolor.engine.NativeWork;
import cocolor.image.CompletePng;
import cocolor.image.Images;
import cocolor.infer.Colorizer;
import cocolor.infer.Scale;
import cocolor.io.AtomicFiles;
import cocolor.recipe.Mode;
import cocolor.video.Videos;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cocolor colorize}: colorizes files and folders through a {@link FolderPipeline}
 * (decoding, inference and encoding overlap, bounded memory). Every input that can be colorized
 * is; each one that cannot (a missing path, a folder without images, a file that fails) is one
 * {@code error:} line, and the exit code is then 1. The output folder is created only once the
 * model is loaded and there is something to write; an output that would replace an input refuses
 * the whole run.
 */
@Command(
        name = "colorize",
        mixinStandardHelpOptions = true,
        description = {
            "Colorize NIR images and videos (or grayscale photos and films with --mode gray).",
            "Each INPUT is an image or video file or a folder of them; each result is OUT/<input name without extension>.png"
                    + " (.mp4 for a video), the same size as its input. Exit code 1 if any input failed (the others are still written)."
        })
public final class ColorizeCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Image or video files, or folders.")
    List<Path> inputs;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Output folder (created if missing).")
    Path output;

    @Mixin
    ModelOption model;

    @Option(names = "--mode", defaultValue = "nir", paramLabel = "nir|gray",
            description = "What the inputs are: nir (near-infrared) or gray (black-and-white photos). Default: ${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--scale", defaultValue = "auto", paramLabel = "auto|native",
            description = "auto: inputs much larger than the model's training images (shorter side over 1.5x theirs) are colorized"
                    + " reduced to that scale and the colour carried to full resolution with the input as guide; native: at each"
                    + " input's own resolution (in seam-free tiles above 1 megapixel). Default: ${DEFAULT-VALUE}.")
    String scale;

    @Option(names = {"-r", "--recursive"}, description = "Search folders recursively.")
    boolean recursive;

    @Option(names = "--skip-existing", description = "Skip inputs whose output already is complete (resume a half-done folder): a PNG"
            + " of their size, or an MP4; a PNG cut short or of another size is redone.")
    boolean skipExisting;

    @Option(names = "--no-temporal", description = "Videos: decide every frame's colour on its own, not carried from frame to frame.")
    boolean noTemporal;

    @Option(names = "--no-progress", description = "No progress: no bar on a terminal, no progress lines in a log.")
    boolean noProgress;

    @Option(names = "--fallback", paramLabel = "TAU",
            description = "Where the model is unsure, fall back toward the input's gray: each input is colorized as is and mirrored,"
                    + " and the colour moves toward gray by exp(-d/TAU), d the two colorizations' local colour difference"
                    + " (0.1: mild, 0.02: strong). Twice the work. Off by default: on the val pairs it mutes good colours"
                    + " as often as wrong ones (docs/experiments.md).")
    Double fallback;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Mode m = parseMode(mode);
        Scale s = parseScale(scale);
        if (fallback != null && !(fallback > 0 && fallback <= 10)) {
            throw new UsageError("--fallback must be a number in (0, 10], got " + fallback);
        }
        if (Files.exists(output) && !Files.isDirectory(output)) {
            throw new UsageError("--output must be a folder, and " + output + " is a file; outputs are written as"
                    + " FOLDER/<input name without extension>.png");
        }
        Plan plan = plan();
        plan.problems().forEach(problem -> err.println("error: " + problem));
        if (plan.jobs().isEmpty()) {
            if (plan.problems().isEmpty()) {
                err.printf(Locale.ROOT, "nothing to do: the %d outputs are done already%n", plan.alreadyDone());
                return 0;
            }
            return CliErrors.FAILED;
        }
        long start = System.nanoTime();
        FolderPipeline.Result result = new FolderPipeline.Result(0, 0);
        Map<Path, Path> videos = VideoJobs.takeVideos(plan.jobs());
        VideoJobs.Result videoResult;
        AtomicReference<FolderPipeline> running = new AtomicReference<>();
        AtomicReference<Progress> shown = new AtomicReference<>(Progress.NONE);
        // Ctrl-C or SIGTERM from here on: the image in the engine ends (the exit waits for it), then this line.
        try (Colorizer colorizer = model.load(m, fallback);
                NativeWork.Registration onExit = NativeWork.onExit(() -> {
                    shown.get().close();
                    FolderPipeline pipeline = running.get();
                    err.printf(Locale.ROOT, "interrupted: %d of %d images written into %s; rerun with --skip-existing"
                            + " to colorize the others%n", pipeline == null ? 0 : pipeline.written(),
                            plan.jobs().size(), output);
                    err.flush();
                })) {
            prepareOutputFolder(plan.outputs()); // only now that there is something to write, and before any work
            if (!plan.jobs().isEmpty()) {
                try (Progress progress = noProgress || plan.jobs().size() < 2 ? Progress.NONE
                        : ProgressDisplay.STDERR.counting("colorize", plan.jobs().size(), "img")) {
                    shown.set(progress);
                    FolderPipeline pipeline = new FolderPipeline(colorizer, m, s, err, progress);
                    running.set(pipeline);
                    result = pipeline.run(plan.jobs());
                }
            }
            videoResult = new VideoJobs(colorizer, m, s, !noTemporal, err, noProgress ? ProgressListener.NONE : ProgressDisplay.STDERR)
                    .run(videos);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int failed = result.failed() + videoResult.failed() + plan.problems().size();
        if (!plan.jobs().isEmpty() || videos.isEmpty()) {
            err.printf(Locale.ROOT, "colorized %d of %d images into %s in %.1f s (%.2f img/s)%s%n", result.written(),
                    plan.jobs().size() + plan.problems().size(), output, seconds, result.written() / seconds,
                    failed > 0 ? " (" + failed + " failed)" : "");
        }
        if (!videos.isEmpty()) {
            err.printf(Locale.ROOT, "colorized %d of %d videos into %s%s%n", videoResult.written(), videos.size(), output,
                    failed > 0 ? " (" + failed + " failed)" : "");
        }
        return failed > 0 ? CliErrors.FAILED : 0;
    }

    static Mode parseMode(String mode) {
        return Mode.parse(mode).orElseThrow(() -> new UsageError("--mode must be 'nir' or 'gray', got '" + mode + "'"));
    }

    static Scale parseScale(String scale) {
        Scale s = Scale.parse(scale);
        if (s == null) {
            throw new UsageError("--scale must be 'auto' or 'native', got '" + scale + "'");
        }
        return s;
    }

    /**
     * What to do: input file → output file, in input order, and one line per input that cannot
     * be colorized (a missing path, a folder without images, inputs that would write the same
     * output); {@code alreadyDone} counts the inputs that --skip-existing leaves alone.
     */
    record Plan(Map<Path, Path> jobs, List<String> problems, int alreadyDone, List<Path> outputs) {}

    /** Lists the inputs; refuses the whole run (exit code 2) if an output would replace one of them. */
    private Plan plan() {
        List<Path> all = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path in : inputs) {
            if (!Files.exists(in)) {
                problems.add("input not found: " + in);
                continue;
            }
            List<Path> files;
            try {
                files = Files.isDirectory(in) ? Images.listFiles(in, recursive, f -> Images.isImageFile(f) || Videos.isVideoFile(f))
                        : List.of(in);
            } catch (RuntimeException e) {
                problems.add(CliErrors.describe(e));
                continue;
            }
            if (files.isEmpty()) {
                problems.add("no images or videos in " + in + " (supported: " + Images.FORMATS + "; MP4, MOV, MKV, AVI, WEBM, ...)");
            }
            all.addAll(files);
        }
        OutputPlan<Path> outputs = OutputPlan.of(all, f -> output.resolve(VideoJobs.outputName(f)), InputGuard::isSameFile);
        Map<Path, Path> jobs = new LinkedHashMap<>();
        int alreadyDone = 0;
        for (Map.Entry<Path, List<Path>> e : outputs.writers().entrySet()) {
            Path out = e.getKey();
            List<Path> files = e.getValue();
            if (files.size() > 1) {
                files.forEach(f -> problems.add(f + ": " + outputs.collision(f, out).orElseThrow()));
            } else if (skipExisting && isDone(files.get(0), out)) {
                alreadyDone++;
            } else {
                jobs.put(files.get(0), out);
            }
        }
        return new Plan(jobs, problems, alreadyDone, outputs.outputs());
    }

    /**
     * Whether {@code out} is a finished output of {@code in}: a complete PNG of its size, or for a
     * video, any file (a video is written under a temporary name and renamed only when complete).
     */
    private static boolean isDone(Path in, Path out) {
        return Videos.isVideoFile(in) ? Files.isRegularFile(out) : CompletePng.isOutputOf(in, out);
    }

    /**
     * Creates the output folder, checks that it is writable (one error now, not one per image after
     * all the work) and deletes the temporaries that a killed run left for these outputs.
     */
    private void prepareOutputFolder(List<Path> outputs) {
        try {
            AtomicFiles.checkWritableFolder(output);
        } catch (IOException e) {
            String why = e instanceof FileSystemException f && f.getReason() != null ? f.getReason()
                    : e instanceof AccessDeniedException ? "permission denied" : CliErrors.describe(e);
            throw new UserError("cannot write into the output folder " + output + ": " + why, e);
        }
        try {
            AtomicFiles.deleteLeftovers(outputs);
        } catch (IOException e) {
            throw new UserError("cannot clean the output folder " + output + ": " + CliErrors.describe(e), e);
        }
    }
}
