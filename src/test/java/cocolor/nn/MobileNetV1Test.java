package cocolor.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import cocolor.TestData;
import cocolor.engine.EngineSetup;
import cocolor.image.FloatImage;
import cocolor.image.Images;
import cocolor.io.TfjsWeights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The MobileNetV1 port against the statistics its ImageNet weights were trained with: on real NIR
 * images, the per-channel mean of every layer's convolution output before its batch norm should
 * follow that batch norm's moving mean (the weights' README measured 0.94 to 1.00 from conv1 to
 * conv_pw_12). A wrong kernel layout, channel order or padding breaks it at once: the first layer
 * it touches and everything after it.
 */
class MobileNetV1Test {
    /** ImageNet's mean luma in [0, 1] (the mean of its RGB means, 0.485, 0.456, 0.406, weighted as luma). */
    private static final double IMAGENET_MEAN = 0.299 * 0.485 + 0.587 * 0.456 + 0.114 * 0.406;

    @Test
    void everyLayersOutputMeansFollowTheMovingMeansOfItsBatchNormOnRealNirImages() throws Exception {
        List<String> layers = MobileNetV1.LAYERS;
        TfjsWeights weights = MobileNetV1.shippedWeights();
        try (NDManager manager = EngineSetup.engine().newBaseManager()) {
            MobileNetV1 net = new MobileNetV1(List.of("conv_pw_12"));
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 256, 256));
            NDArray x = manager.create(images(), new Shape(3, 1, 256, 256));
            double[][] means = new double[layers.size()][];
            ParameterStore ps = new ParameterStore(manager, false);
            MobileNetV1.run(x, layers.size() - 1, new int[] {layers.size() - 1}, (i, a) -> {
                NDArray y = net.convs().get(i).forward(ps, new NDList(a), false).singletonOrThrow();
                float[] m = y.mean(new int[] {3}).mean(new int[] {2}).mean(new int[] {0}).toFloatArray();
                means[i] = new double[m.length];
                for (int c = 0; c < m.length; c++) {
                    means[i][c] = m[c];
                }
                return y;
            }, false);
            StringBuilder report = new StringBuilder();
            double worst = 1;
            for (int i = 0; i < layers.size(); i++) {
                String name = layers.get(i);
                int channels = means[i].length;
                float[] gamma = weights.get(name + "_bn/gamma", channels).values();
                float[] beta = weights.get(name + "_bn/beta", channels).values();
                float[] mean = weights.get(name + "_bn/moving_mean", channels).values();
                float[] var = weights.get(name + "_bn/moving_variance", channels).values();
                // The folded output is s·(Wx − μ) + β with s = γ/√(σ²+ε): recover the mean of Wx.
                double[] beforeNorm = new double[channels];
                double[] moving = new double[channels];
                for (int c = 0; c < channels; c++) {
                    double s = gamma[c] / Math.sqrt(var[c] + 1e-3);
                    beforeNorm[c] = (means[i][c] - beta[c]) / s + mean[c];
                    moving[c] = mean[c];
                }
                double r = correlation(beforeNorm, moving);
                if (i > 0) {
                    worst = Math.min(worst, r);
                } else {
                    // A gray input has no colour: the colour-opponent filters of conv1, whose
                    // ImageNet means come from colour, answer about 0 (measured 0.60 here).
                    assertTrue(r > 0.5, "conv1 follows its batch norm's statistics: " + r);
                }
                report.append(String.format(" %s %.3f", name, r));
            }
            System.out.println("MobileNetV1 port, correlation with the moving means:" + report);
            assertTrue(worst > 0.9, "every layer after conv1 follows its batch norm's statistics:" + report);
        }
    }

    @Test
    void theFeaturesAreAtTheResolutionsAndWidthsTheirNamesSay() {
        assertEquals(1, MobileNetV1.downsampling("conv1"));
        assertEquals(3, MobileNetV1.downsampling("conv_pw_5"));
        assertEquals(4, MobileNetV1.downsampling("conv_pw_11"));
        assertEquals(5, MobileNetV1.downsampling("conv_pw_12"));
        assertEquals(1024, MobileNetV1.channels("conv_pw_12"));
        assertEquals(512, MobileNetV1.channels("conv_dw_12"));
        try (NDManager manager = EngineSetup.engine().newBaseManager()) {
            MobileNetV1 net = new MobileNetV1(List.of("conv_pw_5", "conv_pw_12"));
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 64, 96));
            NDList out = net.forward(new ParameterStore(manager, false), new NDList(manager.ones(new Shape(1, 1, 64, 96))), false);
            assertEquals(new Shape(1, 256, 8, 12), out.get(0).getShape());
            assertEquals(new Shape(1, 1024, 2, 3), out.get(1).getShape());
        }
    }

    private static float[] images() throws Exception {
        List<float[]> planes = new ArrayList<>();
        try (Stream<Path> files = Files.list(TestData.fixtures().resolve("nir"))) {
            for (Path f : files.sorted().toList()) {
                FloatImage im = Images.readGray(f);
                planes.add(im.crop(0, 0, 256, 256).data());
            }
        }
        float[] all = new float[planes.size() * 256 * 256];
        for (int i = 0; i < planes.size(); i++) {
            System.arraycopy(planes.get(i), 0, all, i * 256 * 256, 256 * 256);
        }
        // conv1 sees the raw input, so its mean output follows the input's mean brightness: these
        // NIR scenes (mean 0.5 to 0.6) are brighter than ImageNet's photos (0.45), which flips the
        // sign of conv1's mean responses (correlation -0.60). Brought to ImageNet's mean, conv1
        // follows its statistics (0.60); the later layers do either way.
        double mean = 0;
        for (float v : all) {
            mean += v / all.length;
        }
        for (int i = 0; i < all.length; i++) {
            all[i] = (float) (all[i] * IMAGENET_MEAN / mean);
        }
        return all;
    }

    private static double correlation(double[] a, double[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i] / a.length;
            mb += b[i] / b.length;
        }
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += (a[i] - ma) * (b[i] - mb);
            aa += (a[i] - ma) * (a[i] - ma);
            bb += (b[i] - mb) * (b[i] - mb);
        }
        return ab / Math.sqrt(aa * bb);
    }
}
