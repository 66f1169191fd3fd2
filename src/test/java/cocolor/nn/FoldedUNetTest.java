package cocolor.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import cocolor.RandomColorizer;
import cocolor.engine.EngineSetup;
import org.junit.jupiter.api.Test;

class FoldedUNetTest {
    @Test
    void foldedBatchNormGivesTheSameOutputAsTheTrainedNetwork() {
        try (NDManager manager = EngineSetup.engine().newBaseManager()) {
            UNet net = (UNet) RandomColorizer.networks(manager, 7).block("f_n");
            FoldedUNet folded = new FoldedUNet(net, manager);
            try (NDManager sub = manager.newSubManager()) {
                NDArray x = sub.randomUniform(0, 1, new Shape(2, 1, 64, 96));
                NDArray reference = net.forward(new ParameterStore(sub, false), new NDList(x), false).get(0);
                NDArray fast = folded.predict(x);
                float maxDiff = reference.sub(fast).abs().max().getFloat();
                assertTrue(maxDiff < 1e-4, "max |folded - unfolded| = " + maxDiff);
            }
        }
    }

    @Test
    void aPrecomputedContextEqualToThePooledOneChangesNothing() {
        try (NDManager manager = EngineSetup.engine().newBaseManager()) {
            UNet net = (UNet) RandomColorizer.networks(manager, 8).block("f_n");
            FoldedUNet folded = new FoldedUNet(net, manager);
            try (NDManager sub = manager.newSubManager()) {
                NDArray x = sub.randomUniform(0, 1, new Shape(1, 1, 32, 48));
                FoldedUNet.Encoded e = folded.encode(x);
                NDArray pooled = GlobalContext.pool(e.bottleneck());
                NDArray viaUNet = net.forward(new ParameterStore(sub, false), new NDList(x, pooled), false).get(0);
                float maxDiff = viaUNet.sub(folded.decode(e, pooled)).abs().max().getFloat();
                assertTrue(maxDiff < 1e-4, "max diff " + maxDiff);
            }
        }
    }

    @Test
    void flopsOfTheColorizerAt256() {
        try (NDManager manager = EngineSetup.engine().newBaseManager()) {
            FoldedUNet folded = new FoldedUNet((UNet) RandomColorizer.networks(manager, 1).block("f_n"), manager);
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
            assertEquals(2 * macs, folded.flops(256, 256));
        }
    }
}
