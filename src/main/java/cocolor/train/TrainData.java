package cocolor.train;

import cocolor.data.Sample;
import cocolor.data.SampleSet;
import java.util.List;

/**
 * The data of a run, in memory: paired training images (of all folders), the validation pairs of
 * each folder that has some, and RGB-only photos for the grayscale task (may be empty when no
 * recipe stage uses them). With more than one validation folder, each is scored and logged on its
 * own, and their mean picks the best model.
 */
public record TrainData(List<Sample> train, List<SampleSet> validation, List<Sample> photos) {

    public TrainData {
        validation = validation.stream().filter(s -> !s.samples().isEmpty()).toList();
    }

    /** One folder's data: its training pairs and its validation pairs (may be empty). */
    public static TrainData of(List<Sample> train, List<Sample> val, List<Sample> photos) {
        return new TrainData(train, List.of(new SampleSet("val", val)), photos);
    }

    /** All validation pairs. */
    public List<Sample> val() {
        return validation.stream().flatMap(s -> s.samples().stream()).toList();
    }

    /**
     * The median shorter side of the training images, or 0 without any: the scale a model trained
     * on them colorizes at ({@code ModelInfo.IMAGE_SIZE}).
     */
    public int medianShorterSide() {
        int[] sides = train.stream().mapToInt(s -> Math.min(s.rgb().height(), s.rgb().width())).sorted().toArray();
        return sides.length == 0 ? 0 : sides[sides.length / 2];
    }

    /** The names of the validation folders (logged one by one when there are several). */
    public List<String> validationFolders() {
        return validation.stream().map(SampleSet::name).toList();
    }
}
