package cocolor.nn;

import ai.djl.nn.SequentialBlock;

/**
 * A PatchGAN discriminator (pix2pix): stride-2 convolutions, then a 1-channel map in which each
 * value judges one patch of the input as real or generated. No normalization, so that real and
 * generated batches are judged independently of each other.
 */
public final class PatchGan {
    private PatchGan() {}

    public static SequentialBlock build(PatchGanConfig config) {
        SequentialBlock net = new SequentialBlock();
        for (int w : config.widths()) {
            net.add(Layers.conv(w, 3, 2, true)).add(Layers.leakyRelu());
        }
        net.add(Layers.conv(config.widths()[config.widths().length - 1], 3, 1, true)).add(Layers.leakyRelu());
        net.add(Layers.conv(1, 3, 1, true));
        return net;
    }
}
