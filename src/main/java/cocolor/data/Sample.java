package cocolor.data;

import cocolor.image.FloatImage;

/**
 * One training image in memory: the RGB image and, for paired data, the registered NIR image
 * (one channel, same size); {@code nir} is null for RGB-only photos.
 */
public record Sample(String name, FloatImage nir, FloatImage rgb) {
    public Sample {
        if (rgb.channels() != 3) {
            throw new IllegalArgumentException(name + ": RGB image must have 3 channels");
        }
        if (nir != null && (nir.channels() != 1 || !nir.sameSize(rgb))) {
            throw new IllegalArgumentException(name + ": NIR " + nir.width() + "x" + nir.height()
                    + " does not match RGB " + rgb.width() + "x" + rgb.height());
        }
    }

    public boolean paired() {
        return nir != null;
    }
}
