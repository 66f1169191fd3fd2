package cocolor.loss;

import ai.djl.ndarray.NDArray;
import cocolor.expr.Expr;
import cocolor.expr.Graph;
import cocolor.nn.Tensors;

/**
 * Least-squares GAN (LSGAN) with a PatchGAN discriminator. The generator term pushes the
 * discriminator's patch scores on {@code pred} towards 1 ("real"); {@link #discriminatorLoss}
 * trains the discriminator to score {@code real} as 1 and the detached prediction as 0. LSGAN
 * because its gradients do not vanish for confident discriminators, which matters with a few
 * hundred training images.
 */
public final class GanLoss implements Loss {
    private final String label;
    private final Expr pred;
    private final Expr real;
    private final String discriminator;

    public GanLoss(Expr pred, Expr real, String discriminator) {
        this.label = "gan[" + pred + " by " + discriminator + "]";
        this.pred = pred;
        this.real = real;
        this.discriminator = discriminator;
    }

    public String discriminator() {
        return discriminator;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public NDArray compute(Graph g) {
        NDArray score = g.discriminate(discriminator, g.eval(pred), false);
        return score.sub(1).square().mean();
    }

    /** The discriminator's own objective, computed after the generator step on detached images. */
    public NDArray discriminatorLoss(Graph g) {
        NDArray realScore = g.discriminate(discriminator, g.eval(real).stopGradient(), true);
        NDArray fakeScore = g.discriminate(discriminator, g.eval(pred).stopGradient(), true);
        return Tensors.times(realScore.sub(1).square().mean().add(fakeScore.square().mean()), 0.5f);
    }
}
