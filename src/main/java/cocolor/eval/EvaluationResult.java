package cocolor.eval;

import java.util.List;

/**
 * The outcome of scoring a folder of predictions against a folder of ground truth.
 *
 * @param scores one entry per scored pair, sorted by stem
 * @param mean mean over {@code scores}
 * @param skipped pairs that could not be scored (unreadable file, size mismatch)
 * @param predictionOnly stems with a prediction but no ground truth
 * @param groundTruthOnly stems with ground truth but no prediction
 */
public record EvaluationResult(
        List<ImageScore> scores,
        MetricSummary mean,
        List<SkippedPair> skipped,
        List<String> predictionOnly,
        List<String> groundTruthOnly) {

    /** True if at least one pair was scored and none failed; unpaired files do not count. */
    public boolean succeeded() {
        return !scores.isEmpty() && skipped.isEmpty();
    }
}
