package cocolor.loss;

import cocolor.recipe.LossSpec;

/** The registry of loss types a recipe can name. */
public final class Losses {
    private Losses() {}

    public static Loss create(LossSpec spec) {
        return switch (spec.type()) {
            case "l1" -> new PixelLoss(spec.pred(), spec.target(), false);
            case "mse" -> new PixelLoss(spec.pred(), spec.target(), true);
            case "ssim" -> new SsimLoss(spec.pred(), spec.target());
            case "gradient" -> new GradientLoss(spec.pred(), spec.target());
            case "histogram" -> new HistogramLoss(spec.pred(), spec.target());
            case "feature" -> new FeatureLoss(spec.pred(), spec.target());
            case "gan" -> new GanLoss(spec.pred(), spec.real(), spec.discriminator());
            default -> throw new IllegalArgumentException("unknown loss type '" + spec.type() + "'");
        };
    }
}
