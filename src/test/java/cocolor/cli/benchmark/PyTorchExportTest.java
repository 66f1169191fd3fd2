package cocolor.cli.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import cocolor.engine.EngineSetup;
import cocolor.nn.EncoderSpec;
import cocolor.nn.MobileNetV1;
import cocolor.nn.Networks;
import cocolor.nn.OutputSpace;
import cocolor.nn.UNetConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The weights bench/pytorch_unet.py rebuilds the shipped network from: its shape (a pixel-unshuffle
 * U-Net with the affine output and a frozen MobileNetV1 joined at its levels), on a narrow copy so
 * that the test stays quick. Whether PyTorch computes the same from them is the script's own check.
 */
class PyTorchExportTest {
    private static final int[] WIDTHS = {4, 8, 8, 8};

    @Test
    void theIndexListsTheEncodersWeightsItsProjectionsAndTheLevelsTheyJoin(@TempDir Path dir) throws Exception {
        List<String> layers = List.of("conv_pw_5", "conv_pw_11", "conv_pw_12");
        UNetConfig config = new UNetConfig(1, 3, WIDTHS, 1, true, true, OutputSpace.AFFINE, 4, 0,
                new EncoderSpec(layers, EncoderSpec.Join.SKIPS, 0, 1));
        try (NDManager manager = EngineSetup.engine().newBaseManager()) {
            PyTorchExport.write(new Networks(Map.of("f_n", config), manager), "f_n", 64, manager, dir);
        }
        JsonNode index = new ObjectMapper().readTree(dir.resolve("weights.json").toFile());
        Map<String, List<Integer>> shapes = new LinkedHashMap<>();
        long floats = 0;
        for (JsonNode t : index.path("tensors")) {
            assertEquals(floats, t.path("offset").asLong(), "tensors lie back to back: " + t);
            List<Integer> shape = new ArrayList<>();
            long size = 1;
            for (JsonNode d : t.path("shape")) {
                shape.add(d.asInt());
                size *= d.asInt();
            }
            shapes.put(t.path("name").asText(), shape);
            floats += size;
        }
        assertEquals(floats * 4, Files.size(dir.resolve("weights.bin")));

        List<String> encoder = shapes.keySet().stream().filter(n -> n.startsWith("encoder.")).toList();
        List<String> expected = new ArrayList<>();
        for (String layer : MobileNetV1.LAYERS.subList(0, MobileNetV1.LAYERS.indexOf("conv_pw_12") + 1)) {
            expected.add("encoder." + layer + ".weight");
            expected.add("encoder." + layer + ".bias");
        }
        assertEquals(expected, encoder, "every convolution of the encoder up to its deepest layer, in forward order");
        assertEquals(List.of(32, 1, 3, 3), shapes.get("encoder.conv1.weight"), "one input channel: the gray image");
        assertEquals(List.of(512, 1, 3, 3), shapes.get("encoder.conv_dw_12.weight"), "depthwise");
        assertEquals(List.of(1024, 512, 1, 1), shapes.get("encoder.conv_pw_12.weight"));

        List<Integer> levels = new ArrayList<>();
        index.path("join_levels").forEach(l -> levels.add(l.asInt()));
        assertEquals(List.of(1, 2, 3), levels, "1/8, 1/16 and 1/32 of the input: levels 1 to 3 of a U-Net unshuffled by 4");
        for (int k = 0; k < layers.size(); k++) {
            assertEquals(List.of(WIDTHS[levels.get(k)], MobileNetV1.channels(layers.get(k)), 1, 1), shapes.get("project" + k + ".weight"));
            assertEquals(List.of(WIDTHS[levels.get(k)]), shapes.get("project" + k + ".bias"));
        }
        assertEquals(List.of(6, WIDTHS[0], 1, 1), shapes.get(lastUnit(shapes) + ".conv.weight"), "the affine head: a gain and an offset per colour");
        assertEquals(List.of(WIDTHS[0], 16, 3, 3), shapes.get("unit0.conv.weight"), "the stem sees 4x4 pixels as 16 channels");

        assertEquals(64, index.path("predictor").path("margin").asInt(), "two strides before the image");
        assertEquals(32, index.path("predictor").path("trailing_margin").asInt(), "one stride after it, for the encoder's padding");
        int h = index.path("check").path("height").asInt();
        int w = index.path("check").path("width").asInt();
        assertTrue(h != w, "a check image that is not square");
        assertEquals(4L * h * w, Files.size(dir.resolve("check_in.bin")));
        assertEquals(4L * 3 * h * w, Files.size(dir.resolve("check_out.bin")));
        assertEquals(4L * 3 * h * w, Files.size(dir.resolve("check_out_folded.bin")));
        int rh = index.path("route_check").path("height").asInt();
        int rw = index.path("route_check").path("width").asInt();
        assertTrue(Math.min(rh, rw) > 1.5 * index.path("image_size").asInt(), "the route's check is reduced to the working scale");
        assertEquals(4L * 3 * rh * rw, Files.size(dir.resolve("route_out.bin")));
    }

    @Test
    void aNetworkTheScriptCannotBuildIsRefusedBeforeAnythingIsWritten(@TempDir Path dir) {
        UNetConfig yuv = new UNetConfig(1, 3, WIDTHS, 1, true, false, OutputSpace.YUV);
        try (NDManager manager = EngineSetup.engine().newBaseManager()) {
            Networks networks = new Networks(Map.of("f_n", yuv), manager);
            assertThrows(IllegalArgumentException.class, () -> PyTorchExport.write(networks, "f_n", 64, manager, dir.resolve("out")));
        }
        assertTrue(Files.notExists(dir.resolve("out")));
    }

    private static String lastUnit(Map<String, List<Integer>> shapes) {
        return shapes.keySet().stream().filter(n -> n.startsWith("unit")).map(n -> n.substring(0, n.indexOf('.')))
                .reduce((a, b) -> b).orElseThrow();
    }
}
