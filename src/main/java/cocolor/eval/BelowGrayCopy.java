package cocolor.eval;

import cocolor.image.FloatImage;
import java.util.Locale;

/**
 * How many colorizations score a lower PSNR than their gray copy, the input image (NIR, or gray)
 * copied to three channels: there, confidently wrong colours did worse than no colour at all. The
 * mean PSNR of the gray copies is what not colorizing scores (13.385 dB on the 42 VCIP 2020 val
 * pairs).
 *
 * @param below images whose prediction scores below its gray copy
 * @param count images compared
 * @param copyPsnr mean PSNR of the gray copies (dB)
 */
public record BelowGrayCopy(int below, int count, double copyPsnr) {

    /** The PSNR of {@code input} (one channel, or RGB taken as its luma) copied to three channels, against {@code gt}. */
    public static double copyPsnr(FloatImage input, FloatImage gt) {
        return Metrics.psnr(input.toGray().toRgb(), gt);
    }

    /** Counts from each image's prediction PSNR and gray-copy PSNR (same order). */
    public static BelowGrayCopy of(double[] predictionPsnr, double[] copyPsnr) {
        if (predictionPsnr.length != copyPsnr.length) {
            throw new IllegalArgumentException("one gray-copy PSNR per prediction");
        }
        int below = 0;
        double sum = 0;
        for (int i = 0; i < predictionPsnr.length; i++) {
            below += predictionPsnr[i] < copyPsnr[i] ? 1 : 0;
            sum += copyPsnr[i];
        }
        return new BelowGrayCopy(below, copyPsnr.length, copyPsnr.length == 0 ? 0 : sum / copyPsnr.length);
    }

    /** E.g. {@code 4 of 15}. */
    public String share() {
        return String.format(Locale.ROOT, "%d of %d", below, count);
    }
}
