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
 * Compares scored predictions with their gray copies ({@code cocolor evaluate --input DIR}): each
 * prediction's input image, found in a folder by stem (see {@link Stems}) and read as one channel,
 * is copied to three channels and scored against the same ground truth.
 */
public final class GrayCopyCheck {
    private final Map<String, Path> inputs;
    private final List<String> stems = new ArrayList<>();
    private final List<Double> predictionPsnr = new ArrayList<>();
    private final List<Double> copyPsnr = new ArrayList<>();
    private final List<String> withoutInput = new ArrayList<>();
    private final List<SkippedPair> skipped = new ArrayList<>();

    /** @throws cocolor.base.UserError if {@code inputDir} is not a folder */
    public GrayCopyCheck(Path inputDir) {
        inputs = Stems.byStem(Images.listImages(inputDir, false));
    }

    /** Adds a scored pair; an input that is missing, unreadable or of another size is recorded instead. */
    public void add(String stem, FloatImage prediction, FloatImage groundTruth) {
        Path file = inputs.get(stem);
        if (file == null) {
            withoutInput.add(stem);
            return;
        }
        try {
            FloatImage input = Images.readGray(file);
            if (!input.sameSize(groundTruth)) {
                throw new ImageReadException(file, "size " + input.width() + "x" + input.height()
                        + " differs from ground truth " + groundTruth.width() + "x" + groundTruth.height());
            }
            stems.add(stem);
            copyPsnr.add(BelowGrayCopy.copyPsnr(input, groundTruth));
            predictionPsnr.add(Metrics.psnr(prediction, groundTruth));
        } catch (ImageReadException e) {
            skipped.add(new SkippedPair(stem, e.getMessage()));
        }
    }

    public BelowGrayCopy result() {
        return result(stem -> true);
    }

    /** The comparison over the compared images whose stems {@code include} accepts. */
    public BelowGrayCopy result(java.util.function.Predicate<String> include) {
        List<Double> prediction = new ArrayList<>();
        List<Double> copy = new ArrayList<>();
        for (int i = 0; i < stems.size(); i++) {
            if (include.test(stems.get(i))) {
                prediction.add(predictionPsnr.get(i));
                copy.add(copyPsnr.get(i));
            }
        }
        return BelowGrayCopy.of(prediction.stream().mapToDouble(Double::doubleValue).toArray(),
                copy.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Stems of scored pairs that have no input image. */
    public List<String> withoutInput() {
        return List.copyOf(withoutInput);
    }

    /** Input images that could not be used (unreadable, or of another size than the ground truth). */
    public List<SkippedPair> skipped() {
        return List.copyOf(skipped);
    }
}
