package cocolor.data;

import java.util.List;

/** Samples that are scored together, e.g. the validation pairs of one dataset folder, under the folder's name. */
public record SampleSet(String name, List<Sample> samples) {
    public SampleSet {
        samples = List.copyOf(samples);
    }
}
