package cocolor.eval;

import cocolor.data.Stems;
import cocolor.image.FloatImage;
import cocolor.image.ImageReadException;
import cocolor.image.Images;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scores every prediction in a folder against the ground truth with the same stem (see {@link
 * Stems}), both read as RGB. A pair that cannot be scored is recorded and skipped, so one bad file
 * does not hide the scores of the others.
 */
public final class Evaluator {

    /** Follows the scoring, e.g. to drive a progress bar. */
    public interface Listener {
        /** Called once, before scoring, with the number of pairs to score. */
        default void started(int pairs) {}

        /** Called after each pair, scored or skipped. */
        default void pairDone() {}
    }

    private Evaluator() {}

    /** Scores the images of {@code predDir} against those of {@code gtDir} (not recursive). */
    public static EvaluationResult evaluate(Path predDir, Path gtDir) {
        return evaluate(predDir, gtDir, new Listener() {});
    }

    public static EvaluationResult evaluate(Path predDir, Path gtDir, Listener listener) {
        Map<String, Path> predictions = Stems.byStem(Images.listImages(predDir, false));
        Map<String, Path> groundTruth = Stems.byStem(Images.listImages(gtDir, false));
        List<String> paired = new ArrayList<>(predictions.keySet());
        paired.retainAll(groundTruth.keySet());

        listener.started(paired.size());
        List<ImageScore> scores = new ArrayList<>();
        List<SkippedPair> skipped = new ArrayList<>();
        for (String stem : paired) {
            try {
                scores.add(scorePair(stem, predictions.get(stem), groundTruth.get(stem)));
            } catch (ImageReadException e) {
                skipped.add(new SkippedPair(stem, e.getMessage()));
            }
            listener.pairDone();
        }
        return new EvaluationResult(
                List.copyOf(scores),
                MetricSummary.mean(scores),
                List.copyOf(skipped),
                missingFrom(predictions, groundTruth),
                missingFrom(groundTruth, predictions));
    }

    /**
     * The mean {@link ErrorBreakdown} over the pairs of the two folders that can be read and have
     * matching sizes (the others are reported by {@link #evaluate}).
     */
    public static ErrorBreakdown breakdown(Path predDir, Path gtDir) {
        Map<String, Path> predictions = Stems.byStem(Images.listImages(predDir, false));
        Map<String, Path> groundTruth = Stems.byStem(Images.listImages(gtDir, false));
        List<ErrorBreakdown> parts = new ArrayList<>();
        for (Map.Entry<String, Path> e : predictions.entrySet()) {
            Path gt = groundTruth.get(e.getKey());
            if (gt == null) {
                continue;
            }
            try {
                FloatImage g = Images.readRgb(gt);
                FloatImage p = Images.readRgb(e.getValue());
                if (p.sameSize(g)) {
                    parts.add(ErrorBreakdown.of(p, g));
                }
            } catch (ImageReadException ignored) {
                // already reported as skipped by evaluate()
            }
        }
        return ErrorBreakdown.mean(parts);
    }

    /** Scores one pair of files; a size mismatch is reported like a read problem. */
    public static ImageScore scorePair(String name, Path prediction, Path groundTruth) {
        FloatImage gt = Images.readRgb(groundTruth);
        FloatImage pred = Images.readRgb(prediction);
        if (!pred.sameSize(gt)) {
            throw new ImageReadException(
                    prediction,
                    "size " + pred.width() + "x" + pred.height() + " differs from ground truth "
                            + gt.width() + "x" + gt.height());
        }
        try {
            return Metrics.score(name, pred, gt);
        } catch (IllegalArgumentException e) {
            // e.g. an image smaller than the SSIM window
            throw new ImageReadException(prediction, e.getMessage(), e);
        }
    }

    private static List<String> missingFrom(Map<String, Path> present, Map<String, Path> other) {
        return present.keySet().stream().filter(stem -> !other.containsKey(stem)).toList();
    }
}
