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

        /** Called with the images of each pair that was scored (e.g. for further analysis). */
        default void pairScored(String stem, FloatImage prediction, FloatImage groundTruth) {}

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
                Path prediction = predictions.get(stem);
                FloatImage gt = Images.readRgb(groundTruth.get(stem));
                FloatImage pred = Images.readRgb(prediction);
                scores.add(score(stem, prediction, pred, gt));
                listener.pairScored(stem, pred, gt);
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

    /** Scores one pair of files; a size mismatch is reported like a read problem. */
    public static ImageScore scorePair(String name, Path prediction, Path groundTruth) {
        FloatImage gt = Images.readRgb(groundTruth);
        return score(name, prediction, Images.readRgb(prediction), gt);
    }

    private static ImageScore score(String name, Path prediction, FloatImage pred, FloatImage gt) {
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
