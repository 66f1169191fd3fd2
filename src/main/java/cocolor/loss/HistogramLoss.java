package cocolor.loss;

import ai.djl.ndarray.NDArray;
import cocolor.expr.Expr;

/**
 * Distance between the colour histograms of two images, per image and channel: the exact 1-D
 * Wasserstein-1 distance, the mean absolute difference of the sorted pixel values (histogram
 * matching without bins). Unlike per-pixel L1 it does not care where a colour lands, only how
 * much of it there is, so it charges the narrow, desaturated histogram of a mean-seeking
 * prediction even where the exact colour of a pixel is uncertain.
 */
public final class HistogramLoss extends ImageComparison {
    public HistogramLoss(Expr pred, Expr target) {
        super("histogram", pred, target);
    }

    @Override
    NDArray compare(NDArray pred, NDArray target) {
        return distance(pred, target);
    }

    /** The mean over images and channels of the 1-D Wasserstein-1 distance of two NCHW batches. */
    public static NDArray distance(NDArray x, NDArray y) {
        return sortedPixels(x).sub(sortedPixels(y).stopGradient()).abs().mean();
    }

    /** (N, C, H·W): each image's channel values in ascending order. */
    private static NDArray sortedPixels(NDArray a) {
        long[] s = a.getShape().getShape();
        return a.reshape(s[0], s[1], -1).sort(2);
    }
}
