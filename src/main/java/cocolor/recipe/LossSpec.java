package cocolor.recipe;

import cocolor.expr.Expr;
import cocolor.loss.Losses;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One weighted loss term of a stage.
 *
 * @param type the loss, one of {@link Losses#types()}
 * @param weight its weight in the stage's total loss
 * @param pred an expression over networks and inputs, e.g. {@code f_n(nir)} or {@code f_g(n2g(nir))}
 * @param target what {@code pred} is compared with: an input ({@code rgb}, {@code gray}, {@code nir}) or
 *     another expression; for {@code gan}, unused
 * @param discriminator for {@code gan}: the discriminator network that judges {@code pred}, trained in
 *     the same stage against {@code real}
 * @param real for {@code gan}: the expression of real images shown to the discriminator
 * @param every the term counts on every {@code every}-th step of its stage only (default 1: every
 *     step), with its weight unchanged: costly auxiliary terms (extra forward passes, a
 *     discriminator update) then take a fraction of the compute, and the steps without them run
 *     only the passes the other terms need
 */
public record LossSpec(
        @JsonProperty("type") String type,
        @JsonProperty("weight") Double weight,
        @JsonProperty("pred") Expr pred,
        @JsonProperty("target") Expr target,
        @JsonProperty("discriminator") String discriminator,
        @JsonProperty("real") Expr real,
        @JsonProperty("every") Integer every) {

    /** The step interval of the term, 1 if not given. */
    public int interval() {
        return every == null ? 1 : every;
    }

    /** Whether the term counts on the given step of its stage (0-based). */
    public boolean activeAt(long stageStep) {
        return stageStep % interval() == 0;
    }
}
