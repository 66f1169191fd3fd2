package cocolor.train;

import cocolor.eval.MetricSummary;
import cocolor.eval.Validation;
import java.util.List;
import java.util.Locale;

/**
 * What one epoch's steps add up to, and the row and the line it leaves in the run's CSV log and
 * its log: the mean loss and each term's mean, images per second, the last learning rate and the
 * validation scores.
 */
final class EpochReport {
    private final List<String> termLabels;
    private final int batchSize;
    private final double[] termSums;
    private final int[] termSteps;
    private final long startNanos = System.nanoTime();
    private double lossSum;
    private int steps;
    private double lr;
    private double trainSeconds;

    /** An epoch of batches of {@code batchSize} images, whose steps report the terms {@code termLabels}. */
    EpochReport(List<String> termLabels, int batchSize) {
        this.termLabels = List.copyOf(termLabels);
        this.batchSize = batchSize;
        termSums = new double[termLabels.size()];
        termSteps = new int[termLabels.size()];
    }

    /** Adds a step that took {@code seconds} at learning rate {@code lr}. */
    void add(StageObjective.StepLoss loss, double lr, double seconds) {
        this.lr = lr;
        lossSum += loss.total();
        for (int i = 0; i < termSums.length; i++) {
            if (!Double.isNaN(loss.terms()[i])) {
                termSums[i] += loss.terms()[i];
                termSteps[i]++;
            }
        }
        steps++;
        trainSeconds += seconds;
    }

    /**
     * Appends the epoch's row to {@code log}: epoch {@code shownEpoch} (1-based) of stage
     * {@code stage}, ending at {@code state}; {@code validation} (null if the epoch was not
     * validated) scored {@code validated}.
     */
    void appendTo(TrainingLog log, String stage, int shownEpoch, TrainState state, Validation validation, String validated) {
        log.append(stage, shownEpoch, state.step, state.totalSeconds, imagesPerSecond(), lr, meanLoss(), termsText(),
                validation, validated);
    }

    /** The epoch's line in the run's log. */
    String line(String stage, int shownEpoch, Validation validation) {
        return String.format(Locale.ROOT, "%s epoch %d: loss %.4f, %.1f img/s, lr %.2g%s (%.0fs)", stage, shownEpoch,
                meanLoss(), imagesPerSecond(), lr, validationText(validation), (System.nanoTime() - startNanos) / 1e9);
    }

    private double meanLoss() {
        return lossSum / Math.max(1, steps);
    }

    private double imagesPerSecond() {
        return steps * batchSize / Math.max(1e-9, trainSeconds);
    }

    /** Each term's mean over the steps it counted on, as {@code label=value}, space-separated. */
    private String termsText() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < termSums.length; i++) {
            text.append(i == 0 ? "" : " ").append(termLabels.get(i)).append('=')
                    .append(String.format(Locale.ROOT, "%.4f", termSums[i] / Math.max(1, termSteps[i])));
        }
        return text.toString();
    }

    /**
     * The line's validation part: the scores, and with several folders, that they are the
     * folders' mean, then each folder's PSNR and how many of its pairs score below their gray copy.
     */
    private static String validationText(Validation validation) {
        if (validation == null) {
            return "";
        }
        MetricSummary mean = validation.mean();
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, ", val PSNR %.3f SSIM %.4f AE %.3f",
                mean.psnr(), mean.ssim(), mean.ae()));
        if (validation.folders().size() > 1) {
            text.append(" (mean of ").append(validation.folders().size()).append(" folders:");
            for (Validation.Folder f : validation.folders()) {
                text.append(String.format(Locale.ROOT, " %s %.3f, %s below the gray copy;", f.name(),
                        f.scores().psnr(), f.belowGrayCopy().share()));
            }
            text.setCharAt(text.length() - 1, ')');
        }
        return text.toString();
    }
}
