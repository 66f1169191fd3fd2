package cocolor.cli;

import cocolor.image.Images;
import cocolor.infer.Colorizer;
import cocolor.infer.Scale;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code cocolor colorize}: colorizes files and folders through a {@link FolderPipeline}
 * (decoding, inference and encoding overlap, bounded memory). A file that fails is reported and
 * skipped; the exit code is 1 if any did.
 */
@Command(
        name = "colorize",
        mixinStandardHelpOptions = true,
        description = {
            "Colorize NIR images (or grayscale photos with --mode gray).",
            "Each INPUT is an image file or a folder of images; each result is OUT/<input name without extension>.png,",
            "the same size as its input. Exit code 1 if any input failed (the others are still written)."
        })
public final class ColorizeCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Image files or folders.")
    List<Path> inputs;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Output folder (created if missing).")
    Path output;

    @Mixin
    ModelOption model;

    @Option(names = "--mode", defaultValue = "nir", paramLabel = "nir|gray",
            description = "What the inputs are: nir (near-infrared) or gray (black-and-white photos). Default: ${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--scale", defaultValue = "auto", paramLabel = "auto|native",
            description = {"auto: inputs much larger than the model's training images (shorter side over 1.5x theirs) are colorized",
                "reduced to that scale and the colour carried to full resolution with the input as guide; native: at each input's",
                "own resolution (in seam-free tiles above 1 megapixel). Default: ${DEFAULT-VALUE}."})
    String scale;

    @Option(names = {"-r", "--recursive"}, description = "Search folders recursively.")
    boolean recursive;

    @Option(names = "--skip-existing", description = "Skip inputs whose output PNG already exists (resume a half-done folder).")
    boolean skipExisting;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    @Spec
    CommandSpec spec;

    /** Inputs skipped by --skip-existing. */
    private int alreadyDone;

    @Override
    public Integer call() throws Exception {
        java.io.PrintWriter err = spec.commandLine().getErr();
        Colorizer.Mode m = parseMode(mode);
        Scale s = parseScale(scale);
        Map<Path, Path> jobs = plan(err);
        try {
            Files.createDirectories(output);
        } catch (IOException e) {
            throw new UserError("cannot create output folder " + output + ": " + e.getMessage(), e);
        }
        if (jobs.isEmpty() && alreadyDone == 0) {
            throw new UserError("no images found in " + inputs + " (supported: PNG, JPEG, BMP, TIFF)");
        }
        if (jobs.isEmpty()) {
            err.println("nothing to do: every output exists already");
            return 0;
        }
        long start = System.nanoTime();
        FolderPipeline.Result result;
        try (Colorizer colorizer = model.load();
                ProgressBar bar = noProgress || jobs.size() < 2 ? null : Progress.start("colorize", jobs.size(), "img")) {
            if (!colorizer.modes().contains(m)) {
                throw new UserError(model.describe() + " has no '" + m.key() + "' mode");
            }
            result = new FolderPipeline(colorizer, m, s, err, bar).run(jobs);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        err.printf(Locale.ROOT, "colorized %d of %d images into %s in %.1f s (%.2f img/s)%s%n", result.written(),
                jobs.size(), output, seconds, result.written() / seconds,
                result.failed() > 0 ? " (" + result.failed() + " failed)" : "");
        return result.failed() > 0 ? 1 : 0;
    }

    static Colorizer.Mode parseMode(String mode) {
        return switch (mode.toLowerCase(Locale.ROOT)) {
            case "nir" -> Colorizer.Mode.NIR;
            case "gray", "grey" -> Colorizer.Mode.GRAY;
            default -> throw new UsageError("--mode must be 'nir' or 'gray', got '" + mode + "'");
        };
    }

    static Scale parseScale(String scale) {
        Scale s = Scale.parse(scale);
        if (s == null) {
            throw new UsageError("--scale must be 'auto' or 'native', got '" + scale + "'");
        }
        return s;
    }

    /** Input file → output file, in input order; refuses two inputs that would write the same output. */
    private Map<Path, Path> plan(java.io.PrintWriter err) {
        Map<Path, Path> jobs = new LinkedHashMap<>();
        Map<Path, Path> writtenBy = new HashMap<>();
        for (Path in : inputs) {
            List<Path> files;
            if (Files.isDirectory(in)) {
                files = Images.listImages(in, recursive);
                if (files.isEmpty()) {
                    err.println("warning: no images in " + in);
                }
            } else if (Files.exists(in)) {
                files = List.of(in);
            } else {
                throw new UserError("input not found: " + in);
            }
            for (Path f : files) {
                Path out = output.resolve(baseName(f) + ".png");
                Path other = writtenBy.putIfAbsent(out, f);
                if (other != null) {
                    throw new UserError(f + " and " + other + " would both be written to " + out + "; colorize them into different folders");
                }
                if (skipExisting && Files.isRegularFile(out)) {
                    alreadyDone++;
                    continue;
                }
                jobs.put(f, out);
            }
        }
        return jobs;
    }

    static String baseName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
