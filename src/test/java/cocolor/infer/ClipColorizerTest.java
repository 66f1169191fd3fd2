package cocolor.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cocolor.TinyModel;
import cocolor.image.FloatImage;
import cocolor.recipe.Mode;
import cocolor.video.TestClips;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ClipColorizerTest {
    private static Colorizer colorizer;

    @BeforeAll
    static void load() {
        colorizer = Colorizer.load(TinyModel.get());
    }

    @AfterAll
    static void close() {
        colorizer.close();
    }

    /** A still scene filmed by a noisy sensor: the same frame with fresh noise each time. */
    private static List<FloatImage> stillNoisyScene(int frames) {
        FloatImage scene = TestClips.frame(48, 40, 0);
        Random r = new Random(7);
        List<FloatImage> out = new ArrayList<>();
        for (int t = 0; t < frames; t++) {
            FloatImage f = new FloatImage(1, 40, 48);
            for (int i = 0; i < f.data().length; i++) {
                f.data()[i] = (float) (scene.data()[i] + 0.03 * r.nextGaussian());
            }
            out.add(f);
        }
        return out;
    }

    /** Mean absolute change of the colour's chroma (each channel minus the pixel's mean) from frame to frame. */
    private static double chromaChange(List<FloatImage> frames) {
        double sum = 0;
        long n = 0;
        for (int t = 1; t < frames.size(); t++) {
            float[] a = frames.get(t - 1).data();
            float[] b = frames.get(t).data();
            int plane = frames.get(t).planeSize();
            for (int i = 0; i < plane; i++) {
                double meanA = (a[i] + a[plane + i] + a[2 * plane + i]) / 3;
                double meanB = (b[i] + b[plane + i] + b[2 * plane + i]) / 3;
                for (int c = 0; c < 3; c++) {
                    sum += Math.abs((b[c * plane + i] - meanB) - (a[c * plane + i] - meanA));
                    n++;
                }
            }
        }
        return sum / n;
    }

    private static List<FloatImage> colorize(ClipColorizer clip, List<FloatImage> frames) {
        return frames.stream().map(clip::colorize).toList();
    }

    @Test
    void aStillSceneFlickersLessWithTheTemporalMethodThanFrameByFrame() {
        List<FloatImage> frames = stillNoisyScene(13);
        double perFrame = chromaChange(colorize(colorizer.clip(Mode.NIR, Scale.AUTO, false), frames));
        double temporal = chromaChange(colorize(colorizer.clip(Mode.NIR, Scale.AUTO, true), frames));
        assertTrue(temporal < 0.5 * perFrame, "temporal " + temporal + " against per frame " + perFrame);
    }

    @Test
    void frameByFrameIsExactlyTheStillImageColorization() {
        ClipColorizer clip = colorizer.clip(Mode.NIR, Scale.AUTO, false);
        for (FloatImage f : stillNoisyScene(2)) {
            assertArrayEquals(colorizer.colorize(f).data(), clip.colorize(f).data());
        }
        assertEquals(2, clip.networkFrames());
    }

    @Test
    void theNetworkSeesOneFrameInEveryKeyIntervalAndEveryNewScene() {
        ClipColorizer clip = colorizer.clip(Mode.NIR, Scale.AUTO, true);
        int key = ClipColorizer.Temporal.DEFAULT.keyInterval();
        colorize(clip, stillNoisyScene(2 * key));
        assertEquals(2, clip.networkFrames());
        FloatImage otherScene = new FloatImage(1, 40, 48);
        java.util.Arrays.fill(otherScene.data(), 0.95f);
        clip.colorize(otherScene);
        assertEquals(3, clip.networkFrames(), "a cut is decided afresh");
    }

    @Test
    void anUnchangedFrameBetweenKeyFramesKeepsItsColourExactly() {
        ClipColorizer clip = colorizer.clip(Mode.NIR, Scale.AUTO, true);
        FloatImage f = stillNoisyScene(1).get(0);
        FloatImage first = clip.colorize(f);
        assertArrayEquals(first.data(), clip.colorize(f).data());
    }
}
