package cocolor.eval;

import java.util.Collection;

/** Mean scores over a set of images; all zero when {@code count} is 0. */
public record MetricSummary(double psnr, double ssim, double ae, int count) {

    /** The per-metric mean of {@code scores} (PSNR averaged in dB, as the challenge does). */
    public static MetricSummary mean(Collection<ImageScore> scores) {
        int n = scores.size();
        if (n == 0) {
            return new MetricSummary(0, 0, 0, 0);
        }
        double psnr = 0;
        double ssim = 0;
        double ae = 0;
        for (ImageScore s : scores) {
            psnr += s.psnr();
            ssim += s.ssim();
            ae += s.ae();
        }
        return new MetricSummary(psnr / n, ssim / n, ae / n, n);
    }
}
