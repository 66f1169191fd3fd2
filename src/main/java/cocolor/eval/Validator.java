package cocolor.eval;

import cocolor.data.Sample;
import cocolor.data.SampleSet;
import cocolor.image.FloatImage;
import cocolor.infer.Predictor;
import cocolor.recipe.Mode;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores an expression on the validation pairs, folder by folder, exactly as {@code cocolor
 * evaluate} would score its PNG outputs: whole images of any size, padded and cropped back by the
 * {@link Predictor} as inference does, predictions rounded to 8 bits before the metrics.
 */
public final class Validator {
    private static final int BATCH = 6;

    private final List<SampleSet> sets;

    public Validator(List<SampleSet> sets) {
        this.sets = sets.stream().filter(s -> !s.samples().isEmpty()).toList();
    }

    public boolean isEmpty() {
        return sets.isEmpty();
    }

    /** {@code mode}: {@link Mode#NIR} feeds the NIR image, {@link Mode#GRAY} the luma of the RGB image. */
    public Validation score(Predictor predictor, Mode mode) {
        if (isEmpty()) {
            throw new IllegalStateException("no validation pairs");
        }
        List<Validation.Folder> folders = new ArrayList<>();
        for (SampleSet set : sets) {
            folders.add(score(set, predictor, mode));
        }
        return new Validation(folders);
    }

    private static Validation.Folder score(SampleSet set, Predictor predictor, Mode mode) {
        List<Sample> samples = set.samples();
        List<ImageScore> scores = new ArrayList<>();
        double[] copyPsnr = new double[samples.size()];
        for (int i = 0; i < samples.size(); ) {
            // Consecutive images of one size go through the network together.
            List<Sample> group = new ArrayList<>();
            Sample first = samples.get(i);
            while (i < samples.size() && group.size() < BATCH && samples.get(i).rgb().sameSize(first.rgb())) {
                group.add(samples.get(i++));
            }
            List<FloatImage> inputs = group.stream()
                    .map(s -> mode == Mode.GRAY ? s.rgb().toGray() : s.nir())
                    .toList();
            List<FloatImage> preds = predictor.predict(inputs);
            for (int j = 0; j < group.size(); j++) {
                FloatImage truth = group.get(j).rgb();
                copyPsnr[scores.size()] = BelowGrayCopy.copyPsnr(inputs.get(j), truth);
                scores.add(Metrics.score(group.get(j).name(), quantize(preds.get(j)), truth));
            }
        }
        double[] psnr = scores.stream().mapToDouble(ImageScore::psnr).toArray();
        java.util.Map<String, Validation.Category> categories = new java.util.TreeMap<>();
        java.util.Map<String, List<ImageScore>> groups = Categories.group(scores);
        if (groups.size() > 1) {
            groups.forEach((category, members) -> {
                double[] copies = new double[members.size()];
                for (int k = 0; k < members.size(); k++) {
                    copies[k] = copyPsnr[scores.indexOf(members.get(k))];
                }
                categories.put(category, new Validation.Category(MetricSummary.mean(members),
                        BelowGrayCopy.of(members.stream().mapToDouble(ImageScore::psnr).toArray(), copies)));
            });
        }
        return new Validation.Folder(set.name(), MetricSummary.mean(scores), BelowGrayCopy.of(psnr, copyPsnr), categories);
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
