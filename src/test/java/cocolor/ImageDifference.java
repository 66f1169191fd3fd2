package cocolor;

import cocolor.image.FloatImage;

/** How far two images of one size are apart, value by value: what tests compare outputs with. */
public final class ImageDifference {
    private ImageDifference() {}

    /** The mean absolute difference. */
    public static double mean(FloatImage a, FloatImage b) {
        double s = 0;
        for (int i = 0; i < a.data().length; i++) {
            s += Math.abs(a.data()[i] - b.data()[i]);
        }
        return s / a.data().length;
    }

    /** The largest absolute difference. */
    public static float max(FloatImage a, FloatImage b) {
        float max = 0;
        for (int i = 0; i < a.data().length; i++) {
            max = Math.max(max, Math.abs(a.data()[i] - b.data()[i]));
        }
        return max;
    }
}
