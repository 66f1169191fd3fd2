package cocolor.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cocolor.TestData;
import cocolor.image.Images;
import org.junit.jupiter.api.Test;

class BelowGrayCopyTest {
    /** The NIR replicated to three channels, as the data README's reference values score it (scikit-image). */
    @Test
    void grayCopiesOfTheFixturesScoreTheReferenceValues() {
        double[] reference = {9.160, 7.979, 7.997};
        for (int i = 0; i < reference.length; i++) {
            String stem = TestData.FIXTURE_STEMS.get(i);
            double psnr = BelowGrayCopy.copyPsnr(Images.readGray(TestData.fixtureNir(stem)), Images.readRgb(TestData.fixtureRgb(stem)));
            assertEquals(reference[i], psnr, 0.0005, stem);
        }
    }

    /** Equal to its copy is not below it; the mean is of the copies. */
    @Test
    void countsOnlyPredictionsStrictlyBelowTheirCopy() {
        BelowGrayCopy b = BelowGrayCopy.of(new double[] {12.0, 9.160, 20.1, 7.5}, new double[] {13.0, 9.160, 16.3, 7.979});
        assertEquals(2, b.below());
        assertEquals(4, b.count());
        assertEquals((13.0 + 9.160 + 16.3 + 7.979) / 4, b.copyPsnr(), 1e-12);
        assertEquals("2 of 4", b.share());
    }
}
