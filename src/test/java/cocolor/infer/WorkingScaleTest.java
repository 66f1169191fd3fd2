package cocolor.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WorkingScaleTest {
    private final WorkingScale scale = new WorkingScale(256);

    @Test
    void onlyInputsWellAboveTheTrainingScaleAreReduced() {
        assertFalse(scale.reduces(256, 256));
        assertFalse(scale.reduces(384, 5000), "the shorter side decides: 384 is 1.5x");
        assertTrue(scale.reduces(385, 512));
        assertTrue(scale.reduces(4000, 6000));
    }

    @Test
    void theShorterSideIsBroughtToTheTrainingSizeKeepingTheAspectRatio() {
        assertArrayEquals(new int[] {256, 384}, scale.reducedSize(4000, 6000));
        assertArrayEquals(new int[] {384, 256}, scale.reducedSize(3000, 2000));
        assertArrayEquals(new int[] {256, 2560}, scale.reducedSize(1000, 10000));
    }

    @Test
    void modelFilesWithoutARecordedSizeGetTheVcipCropSize() {
        try (Colorizer c = Colorizer.loadDefault()) {
            assertEquals(ModelInfo.DEFAULT_IMAGE_SIZE, c.info().imageSize());
            assertEquals(256, c.workingScale().imageSize());
        }
    }
}
