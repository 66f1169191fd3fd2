package cocolor.recipe;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Adam(W) settings of a stage.
 *
 * @param lr peak learning rate
 * @param beta1 first-moment decay
 * @param beta2 second-moment decay
 * @param weightDecay decoupled weight decay (AdamW)
 * @param schedule {@code constant} or {@code cosine} (decays to {@code lr * min_lr_ratio} over the stage)
 * @param warmupSteps linear warm-up from 0 over this many steps
 * @param minLrRatio floor of the cosine schedule, relative to {@code lr}
 */
public record OptimizerSpec(
        @JsonProperty("lr") double lr,
        @JsonProperty("beta1") Double beta1,
        @JsonProperty("beta2") Double beta2,
        @JsonProperty("weight_decay") Double weightDecay,
        @JsonProperty("schedule") String schedule,
        @JsonProperty("warmup_steps") Integer warmupSteps,
        @JsonProperty("min_lr_ratio") Double minLrRatio) {

    public OptimizerSpec {
        if (!(lr > 0 && lr < 1)) {
            throw new IllegalArgumentException("optimizer.lr must be in (0, 1), got " + lr);
        }
        beta1 = beta1 == null ? 0.9 : beta1;
        beta2 = beta2 == null ? 0.999 : beta2;
        weightDecay = weightDecay == null ? 0.0 : weightDecay;
        schedule = schedule == null ? "cosine" : schedule;
        warmupSteps = warmupSteps == null ? 0 : warmupSteps;
        minLrRatio = minLrRatio == null ? 0.01 : minLrRatio;
        if (!schedule.equals("cosine") && !schedule.equals("constant")) {
            throw new IllegalArgumentException("optimizer.schedule must be 'cosine' or 'constant', got '" + schedule + "'");
        }
        if (beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1) {
            throw new IllegalArgumentException("optimizer.beta1 and beta2 must be in [0, 1)");
        }
        if (weightDecay < 0 || warmupSteps < 0 || minLrRatio < 0 || minLrRatio > 1) {
            throw new IllegalArgumentException("optimizer.weight_decay and warmup_steps must be >= 0, min_lr_ratio in [0, 1]");
        }
    }

    /** Learning rate at {@code progress} in [0,1] of the stage, after {@code step} steps. */
    public double learningRate(double progress, long step) {
        double warm = warmupSteps > 0 ? Math.min(1.0, (step + 1.0) / warmupSteps) : 1.0;
        if (schedule.equals("constant")) {
            return lr * warm;
        }
        double p = Math.max(0, Math.min(1, progress));
        double floor = lr * minLrRatio;
        return warm * (floor + (lr - floor) * 0.5 * (1 + Math.cos(Math.PI * p)));
    }
}
