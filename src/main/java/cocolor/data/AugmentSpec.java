package cocolor.data;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How training crops are drawn (a recipe's {@code data} section).
 *
 * @param crop side of the square training crop, in pixels
 * @param batch images per batch
 * @param zoom range of (window side / crop side): 1 takes crops at native resolution, 2 shrinks a
 *     window twice the crop's size, so the network sees scenes at several scales
 * @param hflip mirror left-right with probability 1/2 (never up-down: skies stay on top)
 * @param inputContrast range of a random contrast factor applied to the network input (NIR or gray)
 *     around its mean: NIR exposure varies a lot between cameras
 * @param inputBrightness range of a random offset added to the input
 */
public record AugmentSpec(
        @JsonProperty("crop") int crop,
        @JsonProperty("batch") int batch,
        @JsonProperty("zoom") double[] zoom,
        @JsonProperty("hflip") boolean hflip,
        @JsonProperty("input_contrast") double[] inputContrast,
        @JsonProperty("input_brightness") double[] inputBrightness) {

    public AugmentSpec {
        if (crop < 16 || crop > 4096) {
            throw new IllegalArgumentException("data.crop must be in 16..4096, got " + crop);
        }
        if (batch < 1 || batch > 1024) {
            throw new IllegalArgumentException("data.batch must be in 1..1024, got " + batch);
        }
        zoom = range(zoom, 1, 1, "data.zoom", 0.25, 8);
        inputContrast = range(inputContrast, 1, 1, "data.input_contrast", 0, 10);
        inputBrightness = range(inputBrightness, 0, 0, "data.input_brightness", -1, 1);
    }

    private static double[] range(double[] r, double lo, double hi, String key, double min, double max) {
        if (r == null) {
            return new double[] {lo, hi};
        }
        if (r.length != 2 || r[0] > r[1] || r[0] < min || r[1] > max) {
            throw new IllegalArgumentException(key + " must be [low, high] with " + min + " <= low <= high <= " + max);
        }
        return r;
    }
}
