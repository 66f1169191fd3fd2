package cocolor.cli.benchmark;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import cocolor.expr.Expr;
import cocolor.image.FloatImage;
import cocolor.infer.Predictor;
import cocolor.infer.Scale;
import cocolor.infer.ScaledPredictor;
import cocolor.infer.WorkingScale;
import cocolor.nn.Folding;
import cocolor.nn.Networks;
import cocolor.nn.MobileNetV1;
import cocolor.nn.OutputSpace;
import cocolor.nn.UNet;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes a U-Net's (unfolded) weights for {@code bench/pytorch_unet.py}: {@code weights.bin},
 * raw little-endian float32 tensors back to back, and {@code weights.json}, the architecture and
 * one entry per tensor (name, shape, offset in floats). The entries come in this order:
 *
 * <ul>
 *   <li>{@code unitI.conv.weight} (and {@code .bias}), then its batch norm's {@code unitI.bn.gamma},
 *       {@code beta}, {@code runningMean}, {@code runningVar}, for the U-Net's own convolutions in
 *       the order of its block tree ({@link Folding#convUnits}: stem, each level's residual blocks
 *       and downsampling, then each level's upsampling, fusion and residual blocks, the head; an
 *       attention gate is a convolution with bias after its residual block's two);
 *   <li>{@code context.weight}, {@code context.bias}: the global context's linear layer;
 *   <li>{@code encoder.LAYER.weight}, {@code .bias}: the pretrained encoder's convolutions by their
 *       Keras names (batch norms folded in, as {@link cocolor.nn.MobileNetV1} holds them);
 *   <li>{@code projectK.weight}, {@code .bias}: the 1×1 projection of the encoder's K-th layer, added
 *       at U-Net level {@code join_levels[K]}.
 * </ul>
 *
 * <p>The index also gives the predictor's mirrored margins ({@code predictor}: the canvas the
 * network runs on) and the model's working scale ({@code image_size}). Reference inputs and the
 * Java outputs for them let the script prove it runs the same network: {@code check_in.bin} and
 * {@code check_out.bin} (the network as trained, in inference mode, through the predictor),
 * {@code check_out_folded.bin} (the folded copy that {@code colorize} runs, clamped), and
 * {@code route_in.bin} and {@code route_out.bin}, an image large enough for the default route
 * (reduced to the working scale, colorized, carried back by guided upsampling).
 */
public final class PyTorchExport {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The check image: not square, so that a swapped height and width shows. */
    static final int CHECK_HEIGHT = 64;
    static final int CHECK_WIDTH = 96;
    private static final String[] NORM = {"gamma", "beta", "runningMean", "runningVar"};

    private PyTorchExport() {}

    /**
     * Writes network {@code name} of {@code networks}, and its checks, into {@code dir}; {@code
     * imageSize} is the model's working scale (the default route's check needs it).
     */
    public static void write(Networks networks, String name, int imageSize, NDManager manager, Path dir) throws IOException {
        UNet net = (UNet) networks.block(name);
        OutputSpace output = net.config().output();
        if ((output != OutputSpace.RGB && output != OutputSpace.AFFINE) || net.config().refine() != 0) {
            throw new IllegalArgumentException("the PyTorch comparison knows U-Nets with 'output: rgb' or 'affine' and no"
                    + " refinement path; got " + net.config());
        }
        // the U-Net's parts by role: its own layers, and the context, encoder and projections apart
        Map<String, Block> parts = net.parts();
        List<Folding.ConvUnit> units = new ArrayList<>();
        parts.forEach((role, block) -> {
            if (!role.equals("context") && !role.equals("encoder") && !role.startsWith("project")) {
                units.addAll(Folding.convUnits(block));
            }
        });
        Files.createDirectories(dir);
        List<Map<String, Object>> index = new ArrayList<>();
        try (DataOutputStream bin = new DataOutputStream(Files.newOutputStream(dir.resolve("weights.bin")))) {
            Tensors out = new Tensors(bin, index);
            for (int i = 0; i < units.size(); i++) {
                Folding.ConvUnit u = units.get(i);
                out.conv("unit" + i + ".conv", u.conv());
                if (u.norm() != null) {
                    for (String p : NORM) {
                        out.add("unit" + i + ".bn." + p, param(u.norm(), p));
                    }
                }
            }
            if (parts.containsKey("context")) {
                Linear context = Folding.find(parts.get("context"), Linear.class).get(0);
                out.add("context.weight", param(context, "weight"));
                out.add("context.bias", param(context, "bias"));
            }
            if (parts.get("encoder") instanceof MobileNetV1 encoder) {
                for (Map.Entry<String, Block> e : encoder.parts().entrySet()) { // by their Keras names
                    out.conv("encoder." + e.getKey(), (Conv2d) e.getValue());
                }
            }
            for (int k = 0; parts.containsKey("project" + k); k++) {
                out.conv("project" + k, (Conv2d) parts.get("project" + k));
            }
        }
        Expr expression = Expr.parse(name + "(nir)");
        Predictor predictor = new Predictor(networks, expression, manager);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("config", net.config());
        json.put("join_levels", net.joinLevels());
        json.put("predictor", Map.of("margin", predictor.margin(), "trailing_margin", predictor.trailingMargin(),
                "stride", predictor.stride()));
        json.put("image_size", imageSize);
        json.put("tensors", index);
        json.put("check", Map.of("height", CHECK_HEIGHT, "width", CHECK_WIDTH));
        int[] route = routeCheckSize(imageSize);
        json.put("route_check", Map.of("height", route[0], "width", route[1]));
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("weights.json").toFile(), json);
        writeChecks(networks, expression, imageSize, route, manager, dir);
    }

    /** Height and width of the default route's check: large enough to be reduced to the working scale. */
    static int[] routeCheckSize(int imageSize) {
        int h = (int) Math.ceil(WorkingScale.REDUCE_ABOVE * imageSize) + 16;
        return new int[] {h, h * 3 / 2};
    }

    private static NDArray param(Block block, String name) {
        Parameter p = block.getParameters().get(name);
        return p.getArray();
    }

    /** The tensors written so far, and where the next one goes. */
    private static final class Tensors {
        private final DataOutputStream bin;
        private final List<Map<String, Object>> index;
        private long offset;

        Tensors(DataOutputStream bin, List<Map<String, Object>> index) {
            this.bin = bin;
            this.index = index;
        }

        void conv(String name, Conv2d conv) throws IOException {
            add(name + ".weight", param(conv, "weight"));
            if (conv.isIncludeBias()) {
                add(name + ".bias", param(conv, "bias"));
            }
        }

        void add(String name, NDArray a) throws IOException {
            float[] v = a.toFloatArray();
            writeFloats(bin, v);
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", name);
            e.put("shape", a.getShape().getShape());
            e.put("offset", offset);
            index.add(e);
            offset += v.length;
        }
    }

    private static void writeChecks(Networks networks, Expr expression, int imageSize, int[] route, NDManager manager, Path dir)
            throws IOException {
        FloatImage in = checkImage(CHECK_HEIGHT, CHECK_WIDTH);
        write(dir.resolve("check_in.bin"), in);
        write(dir.resolve("check_out.bin"), new Predictor(networks, expression, manager).predict(in));
        try (NDManager sub = manager.newSubManager()) {
            Networks folded = networks.folded(sub);
            write(dir.resolve("check_out_folded.bin"), new Predictor(folded, expression, sub).predict(in));
            FloatImage large = checkImage(route[0], route[1]);
            ScaledPredictor scaled = new ScaledPredictor(new Predictor(folded, expression, sub), new WorkingScale(imageSize),
                    ScaledPredictor.UPSAMPLING);
            write(dir.resolve("route_in.bin"), large);
            write(dir.resolve("route_out.bin"), scaled.predict(List.of(large), Scale.AUTO).get(0));
        }
    }

    /** A smooth scene with fine noise on it: the guided upsampling of the default route has detail to carry. */
    static FloatImage checkImage(int h, int w) {
        FloatImage im = InferenceBenchmark.image(h, w);
        float[] d = im.data();
        Random r = new Random(7);
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.max(0f, Math.min(1f, d[i] + 0.1f * (r.nextFloat() - 0.5f)));
        }
        return im;
    }

    private static void write(Path file, FloatImage image) throws IOException {
        try (OutputStream o = Files.newOutputStream(file)) {
            writeFloats(o, image.data());
        }
    }

    private static void writeFloats(OutputStream out, float[] v) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        out.write(b.array());
    }
}
