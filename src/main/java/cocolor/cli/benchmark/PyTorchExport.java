package cocolor.cli.benchmark;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import cocolor.expr.Expr;
import cocolor.image.FloatImage;
import cocolor.infer.Predictor;
import cocolor.nn.Networks;
import cocolor.nn.OutputSpace;
import cocolor.nn.UNet;
import cocolor.nn.UNetParts;
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

/**
 * Writes a U-Net's (unfolded) weights for {@code bench/pytorch_unet.py}: {@code weights.bin},
 * raw little-endian float32 tensors back to back, and {@code weights.json}, the architecture and
 * one entry per tensor (name, shape, offset in floats) in forward order: per convolution its
 * weight (and bias), then its batch norm's gamma, beta, running mean and variance (an attention
 * gate is a convolution with bias after its residual block's two); the context layer last. A
 * reference input and the Java output for it ({@code check_in.bin}, {@code check_out.bin}) let
 * the script prove it runs the same network.
 */
public final class PyTorchExport {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int CHECK_SIZE = 64;

    private PyTorchExport() {}

    public static void write(Networks networks, String name, NDManager manager, Path dir) throws IOException {
        UNet net = (UNet) networks.block(name);
        if (net.config().output() != OutputSpace.RGB || net.config().unshuffle() != 1 || net.config().refine() != 0
                || net.config().encoder() != null) {
            throw new IllegalArgumentException("the PyTorch comparison knows the full-resolution RGB colorizer only"
                    + " ('output: rgb', no unshuffle, refine or encoder)");
        }
        UNetParts parts = net.parts();
        Files.createDirectories(dir);
        List<Map<String, Object>> index = new ArrayList<>();
        try (DataOutputStream bin = new DataOutputStream(Files.newOutputStream(dir.resolve("weights.bin")))) {
            long offset = 0;
            List<UNetParts.ConvUnit> units = parts.convUnits();
            for (int i = 0; i < units.size(); i++) {
                UNetParts.ConvUnit u = units.get(i);
                offset += tensor(bin, index, "unit" + i + ".conv.weight", param(u.conv(), "weight"), offset);
                if (u.conv().isIncludeBias()) {
                    offset += tensor(bin, index, "unit" + i + ".conv.bias", param(u.conv(), "bias"), offset);
                }
                if (u.norm() != null) {
                    for (String p : new String[] {"gamma", "beta", "runningMean", "runningVar"}) {
                        offset += tensor(bin, index, "unit" + i + ".bn." + p, param(u.norm(), p), offset);
                    }
                }
            }
            if (parts.context() != null) {
                offset += tensor(bin, index, "context.weight", param(parts.context(), "weight"), offset);
                tensor(bin, index, "context.bias", param(parts.context(), "bias"), offset);
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("config", net.config());
        json.put("tensors", index);
        json.put("check_size", CHECK_SIZE);
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("weights.json").toFile(), json);
        writeCheck(networks, name, manager, dir);
    }

    private static NDArray param(ai.djl.nn.Block block, String name) {
        Parameter p = block.getParameters().get(name);
        return p.getArray();
    }

    private static long tensor(DataOutputStream bin, List<Map<String, Object>> index, String name, NDArray a, long offset)
            throws IOException {
        float[] v = a.toFloatArray();
        writeFloats(bin, v);
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("name", name);
        e.put("shape", a.getShape().getShape());
        e.put("offset", offset);
        index.add(e);
        return v.length;
    }

    private static void writeCheck(Networks networks, String name, NDManager manager, Path dir) throws IOException {
        FloatImage in = InferenceBenchmark.image(CHECK_SIZE, CHECK_SIZE);
        FloatImage out = new Predictor(networks, Expr.parse(name + "(nir)"), manager).predict(in);
        try (OutputStream o = Files.newOutputStream(dir.resolve("check_in.bin"))) {
            writeFloats(o, in.data());
        }
        try (OutputStream o = Files.newOutputStream(dir.resolve("check_out.bin"))) {
            writeFloats(o, out.data());
        }
    }

    private static void writeFloats(OutputStream out, float[] v) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        out.write(b.array());
    }
}
