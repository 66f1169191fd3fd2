package cocolor.train;

import cocolor.data.Sample;
import java.util.List;

/**
 * The data of a run, in memory: paired training and validation images, and RGB-only photos for
 * the grayscale task (may be empty when no recipe stage uses them).
 */
public record TrainData(List<Sample> train, List<Sample> val, List<Sample> photos) {}
