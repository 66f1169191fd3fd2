package cocolor.eval;

import cocolor.image.FloatImage;
import java.util.Collection;

/**
 * Where a colorization's error lies. Besides the plain PSNR it scores two corrected copies of the
 * prediction: one with the ground truth's luminance put in (what is left is the error of the
 * colour alone), and one with each channel's mean set to the ground truth's (what is left is the
 * error of everything but a global colour cast). A large gain from the first says the model gets
 * brightness wrong (NIR and visible brightness differ by material), from the second that it gets
 * the overall tint or exposure wrong. The brightness bias says whether the outputs are too dark
 * or too light overall: a systematic bias is cheap to see here and costly in PSNR.
 *
 * @param psnr PSNR of the prediction as it is
 * @param trueLuminancePsnr PSNR with the ground truth's luminance (BT.601) and the predicted chroma
 * @param trueMeanColourPsnr PSNR with each channel shifted to the ground truth's mean
 * @param brightnessBias mean luminance of the prediction minus that of the ground truth
 *     (negative: too dark)
 */
public record ErrorBreakdown(double psnr, double trueLuminancePsnr, double trueMeanColourPsnr, double brightnessBias) {

    /** The breakdown of one RGB prediction against its RGB ground truth, values in [0, 1]. */
    public static ErrorBreakdown of(FloatImage pred, FloatImage gt) {
        if (pred.channels() != 3 || !pred.sameSize(gt) || gt.channels() != 3) {
            throw new IllegalArgumentException("error breakdown needs two RGB images of the same size");
        }
        int n = pred.planeSize();
        float[] p = pred.data();
        float[] g = gt.data();
        float[] trueLuma = new float[p.length];
        double lumaShift = 0;
        for (int i = 0; i < n; i++) {
            double shift = luma(g, n, i) - luma(p, n, i);
            lumaShift += shift;
            for (int c = 0; c < 3; c++) {
                trueLuma[c * n + i] = clamp(p[c * n + i] + shift);
            }
        }
        float[] trueMean = new float[p.length];
        for (int c = 0; c < 3; c++) {
            double shift = 0;
            for (int i = 0; i < n; i++) {
                shift += g[c * n + i] - p[c * n + i];
            }
            shift /= n;
            for (int i = 0; i < n; i++) {
                trueMean[c * n + i] = clamp(p[c * n + i] + shift);
            }
        }
        int h = pred.height();
        int w = pred.width();
        return new ErrorBreakdown(Metrics.psnr(pred, gt),
                Metrics.psnr(new FloatImage(3, h, w, trueLuma), gt),
                Metrics.psnr(new FloatImage(3, h, w, trueMean), gt), -lumaShift / n);
    }

    /** Means over images (PSNR averaged in dB, like the metrics; the bias averaged as it is). */
    public static ErrorBreakdown mean(Collection<ErrorBreakdown> all) {
        double a = 0;
        double b = 0;
        double c = 0;
        double d = 0;
        for (ErrorBreakdown e : all) {
            a += e.psnr;
            b += e.trueLuminancePsnr;
            c += e.trueMeanColourPsnr;
            d += e.brightnessBias;
        }
        int count = Math.max(1, all.size());
        return new ErrorBreakdown(a / count, b / count, c / count, d / count);
    }

    private static double luma(float[] rgb, int n, int i) {
        return FloatImage.LUMA_R * rgb[i] + FloatImage.LUMA_G * rgb[n + i] + FloatImage.LUMA_B * rgb[2 * n + i];
    }

    private static float clamp(double v) {
        return (float) Math.min(1, Math.max(0, v));
    }
}
