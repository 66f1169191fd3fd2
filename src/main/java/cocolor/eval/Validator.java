package cocolor.eval;

import cocolor.data.Sample;
import cocolor.image.FloatImage;
import cocolor.infer.Predictor;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores an expression on the validation pairs, exactly as {@code cocolor evaluate} would score
 * its PNG outputs: predictions are rounded to 8 bits before the metrics.
 */
public final class Validator {
    private static final int BATCH = 6;

    private final List<Sample> samples;

    public Validator(List<Sample> samples) {
        this.samples = samples;
    }

    public boolean isEmpty() {
        return samples.isEmpty();
    }

    /** {@code inputChannel}: "nir" feeds the NIR image, "gray" the luma of the RGB image. */
    public MetricSummary score(Predictor predictor, String input) {
        List<ImageScore> scores = new ArrayList<>();
        for (int i = 0; i < samples.size(); ) {
            List<Sample> group = new ArrayList<>();
            Sample first = samples.get(i);
            while (i < samples.size() && group.size() < BATCH && samples.get(i).rgb().sameSize(first.rgb())) {
                group.add(samples.get(i++));
            }
            List<FloatImage> inputs = group.stream()
                    .map(s -> input.equals("gray") ? s.rgb().toGray() : s.nir())
                    .toList();
            List<FloatImage> preds = predictor.predict(inputs);
            for (int j = 0; j < group.size(); j++) {
                scores.add(Metrics.score(group.get(j).name(), quantize(preds.get(j)), group.get(j).rgb()));
            }
        }
        return MetricSummary.mean(scores);
    }

    /** Rounds to 8-bit levels, as writing a PNG does. */
    static FloatImage quantize(FloatImage im) {
        float[] d = im.data().clone();
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.round(Math.max(0f, Math.min(1f, d[i])) * 255f) / 255f;
        }
        return new FloatImage(im.channels(), im.height(), im.width(), d);
    }
}
