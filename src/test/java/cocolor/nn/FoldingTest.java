package cocolor.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import cocolor.RandomColorizer;
import cocolor.engine.EngineSetup;
import java.util.List;
import org.junit.jupiter.api.Test;

class FoldingTest {
    /**
     * The largest difference between {@code net} in inference mode, clamped to [0,1], and its
     * folded copy on random input of the given shape; the folded output must lie in [0,1].
     */
    private static float foldingError(UNet net, NDManager manager, Shape inputShape) {
        Block folded = Folding.fold(net, manager);
        try (NDManager sub = manager.newSubManager()) {
            NDArray x = sub.randomUniform(0, 1, inputShape);
            NDArray reference = net.forward(new ParameterStore(sub, false), new NDList(x), false).get(0);
            NDArray fast = predict(folded, x);
            assertTrue(fast.min().getFloat() >= 0 && fast.max().getFloat() <= 1, "folded output outside [0,1]");
            return reference.clip(0, 1).sub(fast).abs().max().getFloat();
        }
    }

    /** The folded network's one output: the image. */
    private static NDArray predict(Block folded, NDArray x) {
        NDList out = folded.forward(new ParameterStore(x.getManager(), false), new NDList(x), false);
        assertEquals(1, out.size(), "a folded U-Net returns its image only");
        return out.get(0);
    }

    private static long flops(UNet net, NDManager manager, int h, int w) {
        return Folding.flops(Folding.fold(net, manager), new Shape(1, net.config().inChannels(), h, w));
    }

    private static UNet random(NDManager manager, long seed, UNetConfig config) {
        return (UNet) RandomColorizer.networks(manager, seed, config).block("f_n");
    }

    @Test
    void foldedBatchNormGivesTheSameOutputAsTheTrainedNetwork() {
        try (NDManager manager = EngineSetup.engine().newBaseManager()) {
            float maxDiff = foldingError(random(manager, 7, UNetConfig.colorizer(1)), manager, new Shape(2, 1, 64, 96));
            assertTrue(maxDiff < 1e-4, "max |folded - unfolded| = " + maxDiff);
        }
    }

    @Test
    void foldingLeavesTheNetworkAsItWasAndTheCopyHoldsNothingOfIt() {
        try (NDManager manager = EngineSetup.engine().newBaseManager()) {
            UNet net = random(manager, 7, new UNetConfig(1, 3, new int[] {8, 16, 32}, 1, true, true, OutputSpace.AFFINE, 2, 4));
            try (NDManager sub = manager.newSubManager()) {
                ParameterStore ps = new ParameterStore(sub, false);
                NDArray x = sub.randomUniform(0, 1, new Shape(1, 1, 32, 32));
                NDList before = net.forward(ps, new NDList(x), false);
                Block folded = Folding.fold(net, manager);
                assertTrue(folded.getParameters().isEmpty(), "no parameters, so nothing that collects gradients");
                NDArray fast = predict(folded, x);
                NDList after = net.forward(ps, new NDList(x), false);
                assertEquals(before.size(), after.size(), "the network still returns its features");
                for (int i = 0; i < before.size(); i++) {
                    assertEquals(0f, before.get(i).sub(after.get(i)).abs().max().getFloat(), "output " + i + " unchanged");
                }
                // the copy's weights are its own: zeroing the network's leaves it as it was
                net.getParameters().values().forEach(p -> p.getArray().set(new float[(int) p.getArray().size()]));
                assertEquals(0f, fast.sub(predict(folded, x)).abs().max().getFloat());
            }
        }
    }

    @Test
    void foldedAttentionGatesGiveTheSameOutputAsTheTrainedNetwork() {
        try (NDManager manager = EngineSetup.engine().newBaseManager()) {
            UNet gated = random(manager, 9, new UNetConfig(1, 3, new int[] {8, 16, 32}, 1, true, true, OutputSpace.RGB));
            float maxDiff = foldingError(gated, manager, new Shape(2, 1, 32, 40));
            assertTrue(maxDiff < 1e-4, "max |folded - unfolded| = " + maxDiff);
            // a gate is one 7x7 convolution from 2 maps to 1 per residual block: 5 blocks here
            UNet plain = random(manager, 9, new UNetConfig(1, 3, new int[] {8, 16, 32}, 1, true, false, OutputSpace.RGB));
            long gateMacs = 49L * 2 * (32 * 32 + 16 * 16 + 8 * 8 + 16 * 16 + 32 * 32);
            assertEquals(flops(plain, manager, 32, 32) + 2 * gateMacs, flops(gated, manager, 32, 32));
        }
    }

    @Test
    void foldedYuvOutputIsTheTrainedNetworksClampedToTheImageRange() {
        try (NDManager manager = EngineSetup.engine().newBaseManager()) {
            UNet yuv = random(manager, 10, new UNetConfig(1, 3, new int[] {8, 16, 32}, 1, true, false, OutputSpace.YUV));
            float maxDiff = foldingError(yuv, manager, new Shape(2, 1, 32, 40));
            assertTrue(maxDiff < 1e-4, "max |folded - clamp(unfolded)| = " + maxDiff);
        }
    }

    @Test
    void yuvWithoutCorrectionsIsTheInputAsGray() {
        try (NDManager m = EngineSetup.engine().newBaseManager()) {
            NDArray input = m.create(new float[] {0.1f, 0.5f, 0.9f, 0.3f}, new Shape(1, 1, 2, 2));
            NDArray image = OutputSpace.YUV.image(m.zeros(new Shape(1, 3, 2, 2)), input);
            for (int channel = 0; channel < 3; channel++) {
                float diff = image.get(":, " + channel + ":" + (channel + 1)).sub(input).abs().max().getFloat();
                assertTrue(diff < 1e-5, "channel " + channel + " differs from the input by " + diff);
            }
            // the chroma channels move the colour away from gray, the luminance correction brightens
            NDArray warmer = OutputSpace.YUV.image(m.create(new float[] {0, 0, 0, 0, -1, -1, -1, -1, 1, 1, 1, 1},
                    new Shape(1, 3, 2, 2)), input);
            assertTrue(warmer.get(":, 0").sub(warmer.get(":, 2")).min().getFloat() > 0.5f, "red above blue");
            NDArray brighter = OutputSpace.YUV.image(m.create(new float[] {1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0},
                    new Shape(1, 3, 2, 2)), input);
            assertTrue(brighter.sub(input).min().getFloat() > 0, "every channel brighter");
        }
    }

    @Test
    void aPrecomputedContextEqualToThePooledOneChangesNothing() {
        try (NDManager manager = EngineSetup.engine().newBaseManager()) {
            UNet net = (UNet) RandomColorizer.networks(manager, 8).block("f_n");
            Block folded = Folding.fold(net, manager);
            try (NDManager sub = manager.newSubManager()) {
                ParameterStore ps = new ParameterStore(sub, false);
                NDArray x = sub.randomUniform(0, 1, new Shape(1, 1, 32, 48));
                NDArray pooled = GlobalContext.pool(((PooledContext) folded).contextMap(ps, x));
                NDArray viaUNet = net.forward(ps, new NDList(x, pooled), false).get(0);
                NDArray viaFolded = folded.forward(ps, new NDList(x, pooled), false).get(0);
                float maxDiff = viaUNet.sub(viaFolded).abs().max().getFloat();
                assertTrue(maxDiff < 1e-4, "max diff " + maxDiff);
                // the pooled vector of the input itself is the one the network pools on its own
                assertEquals(0f, viaFolded.sub(predict(folded, x)).abs().max().getFloat());
            }
        }
    }

    @Test
    void flopsOfTheColorizerAt256() {
        try (NDManager manager = EngineSetup.engine().newBaseManager()) {
            UNet net = (UNet) RandomColorizer.networks(manager, 1).block("f_n");
            int[] c = {16, 32, 64, 128, 256};
            long macs = 9L * 16 * 256 * 256 + 256 * 256 + 16 * 3 * 256 * 256; // stem, context, head
            for (int l = 0; l < 5; l++) {
                long pixels = (256L >> l) * (256L >> l);
                macs += 2 * 9L * c[l] * c[l] * pixels; // encoder residual block
                if (l < 4) {
                    macs += 9L * c[l] * c[l + 1] * (pixels / 4); // stride-2 down
                    macs += 9L * pixels * (c[l + 1] * c[l] + 2 * c[l] * c[l] + 2 * c[l] * c[l]); // up, fuse, residual
                }
            }
            assertEquals(2 * macs, flops(net, manager, 256, 256));
        }
    }

    @Test
    void foldedUnshuffledAffineNetworkWithRefinementGivesTheSameOutputAsTheTrainedNetwork() {
        try (NDManager manager = EngineSetup.engine().newBaseManager()) {
            UNet net = random(manager, 11, new UNetConfig(1, 3, new int[] {8, 16, 32}, 1, true, true,
                    OutputSpace.AFFINE, 4, 8));
            assertEquals(16, net.stride());
            float maxDiff = foldingError(net, manager, new Shape(2, 1, 48, 64));
            assertTrue(maxDiff < 1e-4, "max |folded - clamp(unfolded)| = " + maxDiff);
        }
    }

    @Test
    void pixelUnshuffleMovesEachBlockOfPixelsIntoChannels() {
        try (NDManager m = EngineSetup.engine().newBaseManager()) {
            // a 4x4 image whose value is 10*row + column, unshuffled by 2
            float[] v = new float[16];
            for (int i = 0; i < 16; i++) {
                v[i] = 10 * (i / 4) + i % 4;
            }
            NDArray x = Layers.pixelUnshuffle(m.create(v, new Shape(1, 1, 4, 4)), 2);
            assertEquals(new Shape(1, 4, 2, 2), x.getShape());
            // channel i*2 + j holds pixel (i, j) of every 2x2 block
            assertEquals(0f, x.getFloat(0, 0, 0, 0));
            assertEquals(1f, x.getFloat(0, 1, 0, 0));
            assertEquals(10f, x.getFloat(0, 2, 0, 0));
            assertEquals(11f, x.getFloat(0, 3, 0, 0));
            assertEquals(33f, x.getFloat(0, 3, 1, 1));
            assertEquals(22f, x.getFloat(0, 0, 1, 1));
        }
    }

    @Test
    void affineOutputMapsTheGuideWithThePredictedCoefficients() {
        try (NDManager m = EngineSetup.engine().newBaseManager()) {
            NDArray guide = m.create(new float[] {0.1f, 0.5f, 0.9f, 0.3f}, new Shape(1, 1, 2, 2));
            // untrained (all zero): mid-gray everywhere
            NDArray gray = OutputSpace.AFFINE.image(m.zeros(new Shape(1, 6, 2, 2)), guide);
            assertEquals(new Shape(1, 3, 2, 2), gray.getShape());
            assertTrue(gray.sub(0.5f).abs().max().getFloat() < 1e-6, "zero coefficients give mid-gray");
            // a = 1, b = 0 in every channel: the guide itself
            NDArray coefficients = m.ones(new Shape(1, 3, 2, 2)).concat(m.zeros(new Shape(1, 3, 2, 2)), 1);
            NDArray copy = OutputSpace.AFFINE.image(coefficients, guide);
            for (int channel = 0; channel < 3; channel++) {
                float diff = copy.get(":, " + channel + ":" + (channel + 1)).sub(guide).abs().max().getFloat();
                assertTrue(diff < 1e-6, "channel " + channel + " differs from the guide by " + diff);
            }
            assertEquals(6, OutputSpace.AFFINE.headChannels(3));
        }
    }

    @Test
    void chromaOutputKeepsTheInputLuminanceExactlyEvenWhereColoursLeaveTheGamut() {
        try (NDManager m = EngineSetup.engine().newBaseManager()) {
            NDArray gray = m.randomUniform(0, 1, new Shape(2, 1, 16, 16));
            // strong chroma: many pixels would leave [0,1]
            NDArray logits = m.randomNormal(0, 3, new Shape(2, 2, 16, 16), ai.djl.ndarray.types.DataType.FLOAT32);
            NDArray raw = OutputSpace.CHROMA.image(logits, gray);
            assertTrue(raw.max().getFloat() > 1 || raw.min().getFloat() < 0, "the test needs out-of-gamut colours");
            NDArray rgb = OutputSpace.CHROMA.inferenceImage(logits, gray);
            assertTrue(rgb.min().getFloat() >= 0 && rgb.max().getFloat() <= 1, "output outside [0,1]");
            NDArray luma = rgb.get(":, 0:1").mul(0.299f).add(rgb.get(":, 1:2").mul(0.587f)).add(rgb.get(":, 2:3").mul(0.114f));
            float diff = luma.sub(gray).abs().max().getFloat();
            assertTrue(diff < 1e-4, "luminance changed by " + diff);
            // and it is in colour, not gray
            assertTrue(rgb.get(":, 0:1").sub(rgb.get(":, 2:3")).abs().mean().getFloat() > 0.05f, "no colour left");
        }
    }

    @Test
    void foldedChromaNetworkAtQuarterResolutionGivesTheSameOutputAsTheTrainedNetwork() {
        try (NDManager manager = EngineSetup.engine().newBaseManager()) {
            UNet net = random(manager, 12, new UNetConfig(1, 3, new int[] {8, 16, 32}, 1, true, false,
                    OutputSpace.CHROMA, 4, 0));
            Block folded = Folding.fold(net, manager);
            try (NDManager sub = manager.newSubManager()) {
                NDArray x = sub.randomUniform(0, 1, new Shape(2, 1, 32, 48));
                NDArray logitsImage = net.forward(new ParameterStore(sub, false), new NDList(x), false).get(0);
                NDArray fast = predict(folded, x);
                // where the trained network's colour is in gamut, the two agree; everywhere the luma is the input
                NDArray inGamut = logitsImage.gte(0).logicalAnd(logitsImage.lte(1)).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
                float maxDiff = logitsImage.sub(fast).abs().mul(inGamut.min(new int[] {1}, true)).max().getFloat();
                assertTrue(maxDiff < 1e-4, "max |folded - unfolded| in gamut = " + maxDiff);
            }
        }
    }

    @Test
    void foldedPretrainedEncoderJoinsGiveTheSameOutputAsTheTrainedNetwork() {
        try (NDManager manager = EngineSetup.engine().newBaseManager()) {
            UNetConfig base = new UNetConfig(1, 3, new int[] {8, 16, 32, 64}, 1, true, false, OutputSpace.AFFINE, 4, 0);
            for (EncoderSpec.Join join : EncoderSpec.Join.values()) {
                UNetConfig config = base.withEncoder(new EncoderSpec(List.of("conv_pw_3", "conv_pw_5", "conv_pw_12"), join, 0, 1));
                float maxDiff = foldingError(random(manager, 11, config), manager, new Shape(2, 1, 64, 96));
                assertTrue(maxDiff < 1e-4, join + ": max |folded - unfolded| = " + maxDiff);
            }
            // the encoder's FLOPs are counted: about 0.57 GMAC at 224x224 for all of MobileNetV1
            long without = flops(random(manager, 11, base), manager, 224, 224);
            long with = flops(random(manager, 11, base.withEncoder(
                    new EncoderSpec(List.of("conv_pw_12"), EncoderSpec.Join.SKIPS, 0, 1))), manager, 224, 224);
            double encoderGmac = (with - without) / 2e9;
            assertTrue(encoderGmac > 0.4 && encoderGmac < 0.57, "encoder GMAC up to conv_pw_12 at 224x224: " + encoderGmac);
        }
    }

    @Test
    void anEncoderOnAReducedInputJoinsOneLevelCoarserAndCostsAQuarter() {
        try (NDManager manager = EngineSetup.engine().newBaseManager()) {
            UNetConfig base = new UNetConfig(1, 3, new int[] {8, 16, 32, 64}, 1, true, false, OutputSpace.AFFINE, 4, 0);
            EncoderSpec full = new EncoderSpec(List.of("conv_pw_5", "conv_pw_11"), EncoderSpec.Join.SKIPS, 0, 1);
            EncoderSpec half = new EncoderSpec(List.of("conv_pw_5", "conv_pw_11"), EncoderSpec.Join.SKIPS, 0, 1, 2);
            // conv_pw_5 runs at 1/8 of its input, conv_pw_11 at 1/16: levels 1 and 2 (1/8, 1/16) of the
            // network's input as is, levels 2 and 3 (1/16, 1/32) of half of it
            assertEquals(1, full.level("conv_pw_5", 4, 4));
            assertEquals(2, half.level("conv_pw_5", 4, 4));
            assertEquals(3, half.level("conv_pw_11", 4, 4));
            UNet net = random(manager, 11, base.withEncoder(half));
            float maxDiff = foldingError(net, manager, new Shape(2, 1, 64, 96));
            assertTrue(maxDiff < 1e-4, "max |folded - unfolded| = " + maxDiff);
            long without = flops(random(manager, 11, base), manager, 224, 224);
            double fullCost = flops(random(manager, 11, base.withEncoder(full)), manager, 224, 224) - without;
            double halfCost = flops(net, manager, 224, 224) - without;
            assertTrue(halfCost / fullCost > 0.2 && halfCost / fullCost < 0.3, "reduced encoder's share: " + halfCost / fullCost);
        }
    }

    @Test
    void aFrozenEncoderKeepsItsWeightsOutOfTheTrainableOnesAndATunedOneLetsItsLastBlocksIn() {
        try (NDManager manager = EngineSetup.engine().newBaseManager()) {
            UNetConfig base = new UNetConfig(1, 3, new int[] {8, 16, 32, 64}, 1, true, false, OutputSpace.AFFINE, 4, 0);
            EncoderSpec frozen = new EncoderSpec(List.of("conv_pw_12"), EncoderSpec.Join.SKIPS, 0, 1);
            EncoderSpec tuned = new EncoderSpec(List.of("conv_pw_12"), EncoderSpec.Join.SKIPS, 2, 1);
            Networks plain = RandomColorizer.networks(manager, 3, base);
            Networks withFrozen = RandomColorizer.networks(manager, 3, base.withEncoder(frozen));
            Networks withTuned = RandomColorizer.networks(manager, 3, base.withEncoder(tuned));
            int projections = 2; // weight and bias of the one 1x1 projection
            assertEquals(plain.trainableArrays("f_n").size() + projections, withFrozen.trainableArrays("f_n").size());
            // blocks 11 and 12: a depthwise and a pointwise convolution each, with weight and bias
            assertEquals(withFrozen.trainableArrays("f_n").size() + 8, withTuned.trainableArrays("f_n").size());
        }
    }
}
