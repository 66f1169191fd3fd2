package cocolor.eval;

/**
 * The scores of one predicted image against its ground truth.
 *
 * @param name image stem
 * @param psnr peak signal-to-noise ratio in dB (peak 1)
 * @param ssim structural similarity, mean over channels
 * @param ae mean angular error between RGB vectors, in degrees
 */
public record ImageScore(String name, double psnr, double ssim, double ae) {}
