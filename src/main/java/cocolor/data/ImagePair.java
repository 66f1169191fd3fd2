package cocolor.data;

import java.nio.file.Path;

/** A NIR image and its registered RGB image, matched by stem. */
public record ImagePair(String stem, Path nir, Path rgb) {}
