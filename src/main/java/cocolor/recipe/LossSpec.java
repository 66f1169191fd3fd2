package cocolor.recipe;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One weighted loss term of a stage.
 *
 * @param type the loss ({@code l1}, {@code mse}, {@code ssim}, {@code feature}, {@code gan})
 * @param weight its weight in the stage's total loss
 * @param pred an expression over networks and inputs, e.g. {@code f_n(nir)} or {@code f_g(n2g(nir))}
 * @param target what {@code pred} is compared with: an input ({@code rgb}, {@code gray}, {@code nir}) or
 *     another expression; for {@code gan}, unused
 * @param discriminator for {@code gan}: the discriminator network that judges {@code pred}, trained in
 *     the same stage against {@code real}
 * @param real for {@code gan}: the expression of real images shown to the discriminator
 */
public record LossSpec(
        @JsonProperty("type") String type,
        @JsonProperty("weight") Double weight,
        @JsonProperty("pred") String pred,
        @JsonProperty("target") String target,
        @JsonProperty("discriminator") String discriminator,
        @JsonProperty("real") String real) {}
