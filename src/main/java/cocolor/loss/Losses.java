package cocolor.loss;

import cocolor.expr.Expr;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The registry of loss types a recipe can name: recipe validation, its error messages and the
 * trainer all read this one list.
 */
public final class Losses {
    /** The adversarial type: it judges {@code pred} by a discriminator trained against {@code real}, and has no target. */
    public static final String GAN = "gan";

    /** Builds a loss of one type from the parts of its recipe term (the ones it does not use are null). */
    @FunctionalInterface
    private interface Factory {
        Loss create(Expr pred, Expr target, Expr real, String discriminator);
    }

    private static final Map<String, Factory> TYPES = new LinkedHashMap<>();

    static {
        TYPES.put("l1", (pred, target, real, d) -> new PixelLoss(pred, target, false));
        TYPES.put("mse", (pred, target, real, d) -> new PixelLoss(pred, target, true));
        TYPES.put("ssim", (pred, target, real, d) -> new SsimLoss(pred, target));
        TYPES.put("gradient", (pred, target, real, d) -> new GradientLoss(pred, target));
        TYPES.put("histogram", (pred, target, real, d) -> new HistogramLoss(pred, target));
        TYPES.put("feature", (pred, target, real, d) -> new FeatureLoss(pred, target));
        TYPES.put(GAN, (pred, target, real, d) -> new GanLoss(pred, real, d));
    }

    private Losses() {}

    /** The type names, in the order of this registry. */
    public static Set<String> types() {
        return java.util.Collections.unmodifiableSet(TYPES.keySet());
    }

    /** A loss of the given type; {@code real} and {@code discriminator} are for {@link #GAN} only, {@code target} for the others. */
    public static Loss create(String type, Expr pred, Expr target, Expr real, String discriminator) {
        Factory factory = TYPES.get(type);
        if (factory == null) {
            throw new IllegalArgumentException("unknown loss type '" + type + "'; allowed: " + types());
        }
        return factory.create(pred, target, real, discriminator);
    }
}
