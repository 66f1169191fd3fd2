package cocolor.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a run is: everything besides the weights and optimizer moments that a resumed run needs
 * to continue exactly (the data order derives from the seed, epoch and batch index).
 */
public final class TrainState {
    /** Index of the current stage in the recipe. */
    public int stage;
    /** Epoch within the stage (0-based). */
    public int epoch;
    /** Next batch index within the epoch. */
    public int batch;
    /** Steps taken in the whole run / in this stage. */
    public long step;
    public long stageStep;
    /** Training seconds spent in this stage and in the whole run (excluding validation). */
    public double stageSeconds;
    public double totalSeconds;
    /** Optimizer step counts by network, for bias correction. */
    public Map<String, Long> optimizerSteps = new LinkedHashMap<>();
    /** Weight-average update counts by network. */
    public Map<String, Long> averageUpdates = new LinkedHashMap<>();
    /** Best validation score of the current stage. */
    public double bestPsnr = Double.NEGATIVE_INFINITY;
    public boolean finished;
    /**
     * Median shorter side of the training pairs, which exported models record as the scale they
     * colorize at ({@code ModelInfo.IMAGE_SIZE}); 0 in checkpoints written before it was kept.
     */
    public int imageSize;

    public void nextStage() {
        stage++;
        epoch = 0;
        batch = 0;
        stageStep = 0;
        stageSeconds = 0;
        bestPsnr = Double.NEGATIVE_INFINITY;
        optimizerSteps.clear();
        averageUpdates.clear();
    }
}
