package cocolor.data;

import java.nio.file.Path;

/** A NIR image and its registered RGB image, matched by stem. */
public record ImagePair(String stem, Path nir, Path rgb) {

    /** The same pair named {@code folder/stem}, so that equal stems of two folders stay apart. */
    public ImagePair qualified(String folder) {
        return new ImagePair(folder + "/" + stem, nir, rgb);
    }
}
