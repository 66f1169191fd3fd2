package cocolor.cli;

import cocolor.base.Progress;
import cocolor.eval.BelowGrayCopy;
import cocolor.data.Stems;
import cocolor.eval.Categories;
import cocolor.eval.ErrorBreakdown;
import cocolor.eval.EvaluationJson;
import cocolor.eval.EvaluationResult;
import cocolor.eval.Evaluator;
import cocolor.eval.GrayCopyCheck;
import cocolor.eval.ImageScore;
import cocolor.eval.MetricSummary;
import cocolor.eval.SkippedPair;
import cocolor.image.FloatImage;
import cocolor.image.Images;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cocolor evaluate}: a thin shell over {@link Evaluator}. */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = {
            "Score predicted images against ground truth: PSNR, SSIM and angular error.",
            "PSNR in dB with peak 1 (pixels in [0, 1]); SSIM as scikit-image's structural_similarity"
                    + " (7x7 uniform window, K1=0.01, K2=0.03, sample covariance, mean over channels); angular error (AE)"
                    + " in degrees, the mean over pixels of arccos(<p,g> / (|p||g| + 1e-6)), 0 where p equals g.",
            "Files are paired by stem (name without extension and without a _nir, _rgb, _nir_reg"
                    + " or _rgb_reg suffix); both sides are read as RGB. Stems found on one side"
                    + " only are reported as warnings.",
            "Prints one line per image, then as the last line"
                    + " 'PSNR=<dB> SSIM=<x> AE=<deg> n=<count>' with the means (omitted when no"
                    + " pair could be scored).",
            "Exit code: 0 if at least one pair was scored and none failed (unreadable file, size"
                    + " mismatch, also of an --input image); 1 otherwise."
        })
public final class EvaluateCommand implements Callable<Integer> {
    /** Unpaired stems named in a warning; the rest are only counted. */
    private static final int MAX_NAMED_STEMS = 10;

    /** Below this many pairs the run is short enough that a progress bar is only noise. */
    private static final int PROGRESS_BAR_MIN_PAIRS = 20;

    @Spec CommandSpec spec;

    @Option(names = "--pred", required = true, paramLabel = "DIR",
            description = "Folder of predicted images.")
    Path predDir;

    @Option(names = "--gt", required = true, paramLabel = "DIR",
            description = "Folder of ground-truth images.")
    Path gtDir;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Also write per-image and mean scores to this JSON file.")
    Path jsonFile;

    @Option(names = "--breakdown",
            description = "Also print where the error lies: the PSNR with the ground truth's luminance put in"
                    + " (the colour's error alone) and with each channel's mean corrected (all but a global cast),"
                    + " and the mean brightness against the ground truth's (negative: too dark).")
    boolean breakdown;

    @Option(names = "--input", paramLabel = "DIR",
            description = "Folder of the input images (NIR or gray) of the predictions, paired by stem: also prints"
                    + " 'below gray copy: <k> of <n> (gray copy PSNR=<dB>)', the images whose prediction scores a lower"
                    + " PSNR than their input copied to three channels (confidently wrong colours: worse than none),"
                    + " and the mean PSNR of those copies.")
    Path inputDir;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        boolean empty = false;
        for (Path dir : List.of(predDir, gtDir)) {
            List<Path> images = Images.listImages(dir, false); // a missing folder is an error of its own
            if (images.isEmpty()) {
                err.println("error: no images in " + dir + " (supported: " + Images.FORMATS + ")");
                empty = true;
            }
            for (Path image : jsonFile == null ? List.<Path>of() : images) {
                InputGuard.refuseOverwrite(jsonFile, image, "write the scores to another file with --json");
            }
        }
        if (empty) {
            return CliErrors.FAILED;
        }
        GrayCopyCheck copies = inputDir == null ? null : new GrayCopyCheck(inputDir);
        BarListener bar = new BarListener(breakdown, copies);
        EvaluationResult result;
        try {
            result = Evaluator.evaluate(predDir, gtDir, bar);
        } finally {
            bar.close();
        }

        warnUnpaired(err, "prediction", "ground truth", result.predictionOnly());
        warnUnpaired(err, "ground truth", "prediction", result.groundTruthOnly());
        for (SkippedPair skipped : result.skipped()) {
            err.println("skipped " + skipped.stem() + ": " + skipped.reason());
        }
        if (copies != null) {
            List<String> alone = copies.withoutInput();
            if (!alone.isEmpty()) {
                err.println("warning: " + alone.size() + " scored image(s) without an image in " + inputDir
                        + ", not compared with a gray copy: " + named(alone));
            }
            for (SkippedPair skipped : copies.skipped()) {
                err.println("skipped the input of " + skipped.stem() + ": " + skipped.reason());
            }
        }
        for (ImageScore s : result.scores()) {
            out.println(String.format(
                    Locale.ROOT,
                    "%s  PSNR=%.3f SSIM=%.4f AE=%.3f",
                    s.name(),
                    s.psnr(),
                    s.ssim(),
                    s.ae()));
        }
        if (jsonFile != null) {
            EvaluationJson.write(result, predDir, gtDir, jsonFile);
        }
        if (result.scores().isEmpty()) {
            err.println("error: no image pair could be scored");
            return CliErrors.FAILED;
        }
        if (breakdown) {
            ErrorBreakdown b = ErrorBreakdown.mean(bar.breakdowns);
            long darker = bar.breakdowns.stream().filter(e -> e.brightnessBias() < 0).count();
            out.println(String.format(Locale.ROOT,
                    "breakdown: PSNR %.3f as predicted, %.3f with the true luminance, %.3f with the true mean colour;"
                            + " brightness %+.3f against the ground truth (%d of %d images darker)",
                    b.psnr(), b.trueLuminancePsnr(), b.trueMeanColourPsnr(), b.brightnessBias(), darker,
                    bar.breakdowns.size()));
        }
        printCategories(out, result, copies);
        if (copies != null && copies.result().count() > 0) {
            BelowGrayCopy below = copies.result();
            out.println(String.format(Locale.ROOT, "below gray copy: %s (gray copy PSNR=%.3f)", below.share(), below.copyPsnr()));
        }
        out.println(summaryLine(result.mean()));
        out.flush();
        boolean inputsOk = copies == null || copies.skipped().isEmpty();
        return result.succeeded() && inputsOk ? 0 : CliErrors.FAILED;
    }

    /** One line per scene category when the images are of several ({@link Categories}). */
    private static void printCategories(PrintWriter out, EvaluationResult result, GrayCopyCheck copies) {
        Map<String, List<ImageScore>> byCategory = Categories.group(result.scores());
        if (byCategory.size() < 2) {
            return;
        }
        byCategory.forEach((category, scores) -> {
            MetricSummary m = MetricSummary.mean(scores);
            String below = "";
            if (copies != null) {
                BelowGrayCopy b = copies.result(stem -> Stems.category(stem).filter(category::equals).isPresent());
                below = b.count() > 0 ? ", below gray copy: " + b.share() + String.format(Locale.ROOT, " (gray copy PSNR=%.3f)", b.copyPsnr()) : "";
            }
            out.println(String.format(Locale.ROOT, "category %s: PSNR=%.3f SSIM=%.4f AE=%.3f n=%d%s",
                    category, m.psnr(), m.ssim(), m.ae(), m.count(), below));
        });
    }

    /** The last stdout line, a stable format for scripts. */
    static String summaryLine(MetricSummary mean) {
        return String.format(
                Locale.ROOT,
                "PSNR=%.3f SSIM=%.4f AE=%.3f n=%d",
                mean.psnr(),
                mean.ssim(),
                mean.ae(),
                mean.count());
    }

    private static void warnUnpaired(
            PrintWriter err, String side, String other, List<String> stems) {
        if (stems.isEmpty()) {
            return;
        }
        err.println("warning: " + stems.size() + " " + side + " image(s) without " + other
                + ", ignored: " + named(stems));
    }

    private static String named(List<String> stems) {
        return String.join(", ", stems.subList(0, Math.min(stems.size(), MAX_NAMED_STEMS)))
                + (stems.size() > MAX_NAMED_STEMS ? ", ..." : "");
    }

    /**
     * Drives the progress bar (on stderr, for runs long enough to need one) and, with --breakdown
     * and --input, collects each scored pair's breakdown and gray-copy comparison.
     */
    private static final class BarListener implements Evaluator.Listener {
        private Progress bar = Progress.NONE;
        private final List<ErrorBreakdown> breakdowns;
        private final GrayCopyCheck copies;

        BarListener(boolean breakdown, GrayCopyCheck copies) {
            breakdowns = breakdown ? new ArrayList<>() : null;
            this.copies = copies;
        }

        @Override
        public void pairScored(String stem, FloatImage prediction, FloatImage groundTruth) {
            if (breakdowns != null) {
                breakdowns.add(ErrorBreakdown.of(prediction, groundTruth));
            }
            if (copies != null) {
                copies.add(stem, prediction, groundTruth);
            }
        }

        @Override
        public void started(int pairs) {
            if (pairs > PROGRESS_BAR_MIN_PAIRS) {
                bar = ProgressDisplay.STDERR.counting("evaluate", pairs, "img");
            }
        }

        @Override
        public void pairDone() {
            bar.step();
        }

        void close() {
            bar.close();
        }
    }
}
