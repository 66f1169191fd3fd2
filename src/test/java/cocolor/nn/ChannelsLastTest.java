package cocolor.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import cocolor.engine.EngineSetup;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Activations laid out channels-last (memory order N, H, W, C), which libtorch's convolutions run
 * without reordering. DJL does not show strides, so the layout is read from what shares memory: the
 * (N, H, W, C) flattening of a channels-last array is a view of it, and writing through that view
 * changes the array; of an array in the default order it is a copy, and the array stays as it was.
 */
class ChannelsLastTest {
    /** Zeroes {@code x} through its (N, H, W, C) flattening; true if that reached {@code x}. */
    private static boolean isChannelsLast(NDArray x) {
        NDArray flat = x.transpose(0, 2, 3, 1).reshape(-1);
        flat.muli(0);
        return x.abs().max().getFloat() == 0f;
    }

    private static NDArray ramp(NDManager m, Shape shape) {
        return m.arange(1f, shape.size() + 1f).reshape(shape);
    }

    @Test
    void theDefaultLayoutIsNotChannelsLastSoTheCheckCanFail() {
        try (NDManager m = EngineSetup.engine().newBaseManager()) {
            assertTrue(!isChannelsLast(ramp(m, new Shape(2, 3, 4, 5))));
        }
    }

    @Test
    void channelsLastKeepsEveryValueAndLaysThemOutChannelsLast() {
        try (NDManager m = EngineSetup.engine().newBaseManager()) {
            NDArray x = ramp(m, new Shape(2, 3, 4, 5));
            NDArray y = Layers.channelsLast(x);
            assertEquals(x.getShape(), y.getShape());
            assertArrayEquals(x.toFloatArray(), y.toFloatArray());
            assertTrue(isChannelsLast(y));
            NDArray again = ramp(m, new Shape(2, 3, 4, 5));
            NDArray z = Layers.channelsLast(Layers.channelsLast(again));
            assertArrayEquals(again.toFloatArray(), z.toFloatArray(), "converting twice changes nothing");
        }
    }

    @Test
    void pixelUnshuffleHandsTheStemAChannelsLastArray() {
        try (NDManager m = EngineSetup.engine().newBaseManager()) {
            NDArray y = Layers.pixelUnshuffle(ramp(m, new Shape(2, 1, 8, 12)), 4);
            assertEquals(new Shape(2, 16, 2, 3), y.getShape());
            assertTrue(isChannelsLast(y));
        }
    }

    @Test
    void aConvolutionOfAChannelsLastArrayIsChannelsLastSoTheLayoutCarriesThroughTheNetwork() {
        try (NDManager m = EngineSetup.engine().newBaseManager()) {
            NDArray x = Layers.channelsLast(m.randomUniform(0.5f, 1f, new Shape(1, 8, 6, 6)));
            NDArray w = m.randomUniform(0.5f, 1f, new Shape(16, 8, 3, 3));
            NDArray y = Conv2d.conv2d(x, w, null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1)
                    .singletonOrThrow();
            NDArray activated = y.clip(0, 6).add(1f);
            assertTrue(isChannelsLast(activated));
        }
    }

    /**
     * Why the folded copy's channels-last weights keep the array under their view open: DJL's
     * {@code create(float[])} lends libtorch a Java buffer, and closing that array lets the garbage
     * collector free the buffer while a libtorch view of it still reads there (a DJL pitfall,
     * docs/performance.md; measured 5 of 5 sums wrong when found). Returns the sum read through such
     * a view after closing its array ({@code close}) or not, after a collection and reuse of direct
     * memory.
     */
    private static float sumThroughViewAfterGc(boolean close) throws InterruptedException {
        try (NDManager m = EngineSetup.engine().newBaseManager()) {
            float[] ones = new float[1 << 14];
            Arrays.fill(ones, 1f);
            NDArray x = m.create(ones, new Shape(1, 1, 128, 128));
            NDArray view = x.transpose(0, 2, 3, 1);
            if (close) {
                x.close();
            }
            List<ByteBuffer> reuse = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                System.gc();
                Thread.sleep(5);
                reuse.add(ByteBuffer.allocateDirect(1 << 16).putFloat(0, Float.NaN));
            }
            return view.sum().getFloat();
        }
    }

    @Test
    void aViewOfJavaMadeDataReadsRightOnlyWhileTheArrayUnderItIsOpen() throws Exception {
        for (int trial = 0; trial < 3; trial++) {
            assertEquals(16384f, sumThroughViewAfterGc(false));
        }
        int wrong = 0;
        for (int trial = 0; trial < 3; trial++) {
            wrong += sumThroughViewAfterGc(true) == 16384f ? 0 : 1;
        }
        System.out.println("DJL create(float[]) closed under a view: " + wrong + " of 3 sums wrong after a GC");
    }
}
