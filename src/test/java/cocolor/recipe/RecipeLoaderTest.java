package cocolor.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cocolor.base.UserError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecipeLoaderTest {
    private static final String VALID = """
            name: t
            data: {crop: 32, batch: 2}
            networks:
              f_n: {type: unet, in: 1, out: 3, widths: [4, 8], blocks: 1, context: false}
            stages:
              - name: s
                epochs: 3
                minutes: 2
                train: [f_n]
                optimizer: {lr: 0.001}
                losses:
                  - {type: l1, weight: 1, pred: f_n(nir), target: rgb}
            export: {nir: f_n(nir)}
            """;

    /** A timed stage, then an epoch-budgeted polish stage. */
    private static final String MIXED = """
            name: mixed
            data: {crop: 32, batch: 2}
            networks:
              f_n: {type: unet, in: 1, out: 3, widths: [4, 8], blocks: 1, context: false}
            stages:
              - name: main
                minutes: 2
                train: [f_n]
                optimizer: {lr: 0.001}
                losses:
                  - {type: l1, weight: 1, pred: f_n(nir), target: rgb}
              - name: polish
                epochs: 4
                train: [f_n]
                optimizer: {lr: 0.0005}
                losses:
                  - {type: l1, weight: 1, pred: f_n(nir), target: rgb}
            export: {nir: f_n(nir)}
            """;

    private static Recipe parse(String yaml) throws Exception {
        return RecipeLoader.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test");
    }

    @Test
    void shippedRecipesLoad() throws Exception {
        Recipe baseline = RecipeLoader.builtin("baseline");
        assertEquals("f_n(nir)", baseline.export().get(Mode.NIR).toString());
        assertTrue(baseline.networks().containsKey("f_n"));
        Recipe cocolor = RecipeLoader.builtin("cocolor");
        assertEquals("f_g(gray)", cocolor.export().get(Mode.GRAY).toString());
        try (var files = java.nio.file.Files.walk(java.nio.file.Path.of("recipes"))) {
            var yamls = files.filter(f -> f.toString().endsWith(".yaml")).toList();
            assertTrue(yamls.size() >= 4, "baseline, cocolor and the ablations");
            for (var f : yamls) {
                Recipe r = RecipeLoader.load(f);
                assertTrue(r.export().containsKey(Mode.NIR) || r.export().containsKey(Mode.GRAY), f.toString());
            }
        }
    }

    @Test
    void aGrayOnlyRecipeValidatesItsGrayExportAndARecipeWithoutExportsIsRejected() throws Exception {
        String grayOnly = VALID.replace("f_n", "f_g").replace("pred: f_g(nir)", "pred: f_g(gray)")
                .replace("export: {nir: f_g(nir)}", "export: {gray: f_g(gray)}");
        assertEquals("f_g(gray)", parse(grayOnly).validationExpression().toString());
        String none = VALID.replace("export: {nir: f_n(nir)}", "export: {}");
        UserError e = assertThrows(UserError.class, () -> parse(none));
        assertTrue(e.getMessage().contains("'export' must name the 'nir' or the 'gray' expression"), e.getMessage());
    }

    @Test
    void anExportModeOtherThanNirAndGrayIsNamed() {
        UserError e = assertThrows(UserError.class, () -> parse(VALID.replace("export: {nir: f_n(nir)}", "export: {thermal: f_n(nir)}")));
        assertEquals("test: export modes are 'nir' and 'gray', not 'thermal'", e.getMessage());
        assertThrows(UserError.class, () -> parse(VALID.replace("export: {nir: f_n(nir)}", "export: {NIR: f_n(nir)}")),
                "a file spells a mode by its key");
    }

    @Test
    void modesAreWrittenAsRecipesSpellThem() throws Exception {
        Recipe r = parse(VALID.replace("export: {nir: f_n(nir)}", "export: {gray: f_n(gray), nir: f_n(nir)}"));
        assertEquals(List.of(Mode.GRAY, Mode.NIR), List.copyOf(r.export().keySet()), "in the recipe's order");
        JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(r));
        List<String> keys = new java.util.ArrayList<>();
        json.path("export").fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("gray", "nir"), keys);
        assertEquals(r.export(), new ObjectMapper().readValue(new ObjectMapper().writeValueAsString(r), Recipe.class).export());
    }

    @Test
    void validRecipeParsesWithDefaults() throws Exception {
        Recipe r = parse(VALID);
        assertEquals(0.9, r.stages().get(0).optimizer().beta1());
        assertEquals("cosine", r.stages().get(0).optimizer().schedule());
        assertEquals(1.0, r.data().zoom()[0]);
    }

    @Test
    void unknownKeyIsNamedWithTheAllowedOnes() {
        UserError e = assertThrows(UserError.class, () -> parse(VALID.replace("epochs: 3", "epochz: 3")));
        assertTrue(e.getMessage().contains("unknown key 'epochz'"), e.getMessage());
        assertTrue(e.getMessage().contains("epochs"), e.getMessage());
    }

    @Test
    void unknownNetworkInTrainIsRejected() {
        UserError e = assertThrows(UserError.class, () -> parse(VALID.replace("train: [f_n]", "train: [f_x]")));
        assertTrue(e.getMessage().contains("unknown network 'f_x'"), e.getMessage());
    }

    @Test
    void initNeedsKnownNetworksOfTheSameArchitecture() {
        UserError unknown = assertThrows(UserError.class, () -> parse(VALID.replace("train: [f_n]", "train: [f_n]\n    init: {f_n: f_x}")));
        assertTrue(unknown.getMessage().contains("init: unknown network"), unknown.getMessage());
        String twoNets = VALID.replace("stages:", "  f_g: {type: unet, in: 1, out: 3, widths: [4, 16], blocks: 1, context: false}\nstages:")
                .replace("train: [f_n]", "train: [f_n]\n    init: {f_n: f_g}");
        UserError shape = assertThrows(UserError.class, () -> parse(twoNets));
        assertTrue(shape.getMessage().contains("same architecture"), shape.getMessage());
    }

    @Test
    void everyMustBePositiveAndLeaveATermOnEveryStep() throws Exception {
        UserError zero = assertThrows(UserError.class, () -> parse(VALID.replace("target: rgb}", "target: rgb, every: 0}")));
        assertTrue(zero.getMessage().contains("'every' must be"), zero.getMessage());
        UserError none = assertThrows(UserError.class, () -> parse(VALID.replace("target: rgb}", "target: rgb, every: 3}")));
        assertTrue(none.getMessage().contains("must count on every step"), none.getMessage());
        assertEquals(3, parse(VALID.replace("target: rgb}", "target: rgb}\n      - {type: l1, weight: 1, pred: f_n(nir), target: gray, every: 3}"))
                .stages().get(0).losses().get(1).interval());
    }

    @Test
    void stageDataReplacesOnlyTheKeysItNames() throws Exception {
        Recipe r = parse(MIXED.replace("data: {crop: 32, batch: 2}", "data: {crop: 32, batch: 2, zoom: [1, 1.5], hflip: true}")
                .replace("epochs: 4\n", "epochs: 4\n    data: {crop: 64, batch: 1, zoom: [1, 1]}\n"));
        var main = r.dataFor(r.stages().get(0));
        var polish = r.dataFor(r.stages().get(1));
        assertEquals(32, main.crop());
        assertEquals(1.5, main.zoom()[1]);
        assertEquals(64, polish.crop());
        assertEquals(1, polish.batch());
        assertEquals(1.0, polish.zoom()[1]);
        assertTrue(polish.hflip(), "keys the stage does not name come from the recipe's data");
        assertEquals(32, r.smallestCrop());
        assertEquals(32, r.withBudget(null, 5.0).dataFor(r.withBudget(null, 5.0).stages().get(0)).crop());
        assertEquals(64, r.withBudget(10, null).dataFor(r.withBudget(10, null).stages().get(1)).crop(),
                "a budget override keeps each stage's data");
    }

    /** Four levels: stride 8, so a 36-pixel crop cannot enter the network; 48 can. */
    @Test
    void aStageCropThatIsNoMultipleOfTheNetworksStrideIsRefused() throws Exception {
        String deep = MIXED.replace("widths: [4, 8]", "widths: [4, 8, 8, 8]");
        assertEquals(8, parse(deep).stride());
        UserError odd = assertThrows(UserError.class,
                () -> parse(deep.replace("epochs: 4\n", "epochs: 4\n    data: {crop: 36}\n")));
        assertTrue(odd.getMessage().contains("stages[1]: the crop 36 must be a multiple of the networks' stride 8"), odd.getMessage());
        Recipe fits = parse(deep.replace("epochs: 4\n", "epochs: 4\n    data: {crop: 48}\n"));
        assertEquals(48, fits.dataFor(fits.stages().get(1)).crop());
    }

    @Test
    void dataRepeatIsReadPerCategoryAndAStageCanSetItsOwn() throws Exception {
        Recipe r = parse(MIXED.replace("epochs: 4\n", "epochs: 4\n    data: {repeat: {indoor: 2}}\n"));
        assertEquals(java.util.Map.of(), r.dataFor(r.stages().get(0)).repeat());
        assertEquals(java.util.Map.of("indoor", 2), r.dataFor(r.stages().get(1)).repeat());
        UserError bad = assertThrows(UserError.class,
                () -> parse(MIXED.replace("epochs: 4\n", "epochs: 4\n    data: {repeat: {indoor: 0}}\n")));
        assertTrue(bad.getMessage().contains("stages[1].data: data.repeat.indoor must be a whole number in 1..100"), bad.getMessage());
    }

    @Test
    void badStageDataIsNamedWithItsStage() {
        UserError unknown = assertThrows(UserError.class,
                () -> parse(MIXED.replace("epochs: 4\n", "epochs: 4\n    data: {crops: 64}\n")));
        assertTrue(unknown.getMessage().contains("stages[1].data: unknown key 'crops'"), unknown.getMessage());
        UserError range = assertThrows(UserError.class,
                () -> parse(MIXED.replace("epochs: 4\n", "epochs: 4\n    data: {crop: 8}\n")));
        assertTrue(range.getMessage().contains("stages[1].data: data.crop must be in 16..4096"), range.getMessage());
        UserError kind = assertThrows(UserError.class,
                () -> parse(MIXED.replace("epochs: 4\n", "epochs: 4\n    data: {zoom: big}\n")));
        assertTrue(kind.getMessage().startsWith("test: stages[1].data: "), kind.getMessage());
    }

    @Test
    void badNetworkShapesAndOutputsAreNamedWithTheirNetwork() {
        UserError yuv = assertThrows(UserError.class, () -> parse(VALID.replace("out: 3,", "out: 1, output: yuv,")));
        assertTrue(yuv.getMessage().contains("networks.f_n: network 'output: yuv' needs 'out: 3'"), yuv.getMessage());
        UserError lab = assertThrows(UserError.class, () -> parse(VALID.replace("out: 3,", "out: 3, output: lab,")));
        assertTrue(lab.getMessage().contains("networks.f_n.output"), lab.getMessage());
        for (String allowed : new String[] {"rgb", "yuv", "affine", "chroma"}) {
            assertTrue(lab.getMessage().contains(allowed), lab.getMessage());
        }
        UserError unshuffle = assertThrows(UserError.class, () -> parse(VALID.replace("out: 3,", "out: 3, unshuffle: 9,")));
        assertTrue(unshuffle.getMessage().contains("networks.f_n: network 'unshuffle' must be in 1..8"), unshuffle.getMessage());
        UserError widths = assertThrows(UserError.class, () -> parse(VALID.replace("widths: [4, 8]", "widths: [4]")));
        assertTrue(widths.getMessage().contains("networks.f_n: network 'widths' needs 2 to 8 levels"), widths.getMessage());
    }

    @Test
    void badExpressionsAreRejected() {
        assertThrows(UserError.class, () -> parse(VALID.replace("pred: f_n(nir)", "pred: f_g(nir)")));
        assertThrows(UserError.class, () -> parse(VALID.replace("pred: f_n(nir)", "pred: f_n(nir")));
        assertThrows(UserError.class, () -> parse(VALID.replace("target: rgb", "target: rgbb")));
        assertThrows(UserError.class, () -> parse(VALID.replace("type: l1", "type: l7")));
    }

    @Test
    void theBuiltInRecipesAreTheRecipesAtTheTopOfTheRecipesFolderAndEachLoadsByName() throws Exception {
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("recipes"))) {
            List<String> shipped = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - ".yaml".length())).sorted().toList();
            assertEquals(shipped, RecipeLoader.BUILTINS.stream().sorted().toList());
        }
        for (String name : RecipeLoader.BUILTINS) {
            assertTrue(RecipeLoader.isBuiltin(name));
            assertEquals(name, RecipeLoader.builtin(name).name());
        }
        UserError unknown = assertThrows(UserError.class, () -> RecipeLoader.builtin("ablation/nosuch"));
        assertEquals("no built-in recipe named 'ablation/nosuch'; built-in recipes: baseline, cocolor, cocolor-progressive,"
                + " default, finetune", unknown.getMessage());
    }

    @Test
    void unknownLossAndNetworkTypesAreRefusedNamingTheRegisteredOnes() {
        UserError loss = assertThrows(UserError.class, () -> parse(VALID.replace("type: l1", "type: l7")));
        assertTrue(loss.getMessage().endsWith("stages[0].losses[0]: unknown loss type 'l7'; allowed: [feature, gan, gradient,"
                + " histogram, l1, mse, ssim]"), loss.getMessage());
        UserError net = assertThrows(UserError.class, () -> parse(VALID.replace("type: unet", "type: resnet")));
        assertTrue(net.getMessage().contains("unknown network type 'resnet' at networks.f_n; allowed: unet, patchgan"), net.getMessage());
    }

    @Test
    void aMalformedExpressionIsOneLineThatSaysWhereItIs() {
        UserError e = assertThrows(UserError.class, () -> parse(VALID.replace("pred: f_n(nir)", "pred: f_n(nir")));
        assertEquals("test: stages[0].losses[0].pred: missing ')' in 'f_n(nir'", e.getMessage());
        UserError empty = assertThrows(UserError.class, () -> parse(VALID.replace("export: {nir: f_n(nir)}", "export: {nir: ''}")));
        assertEquals("test: export.nir: empty expression", empty.getMessage());
    }

    @Test
    void everyShippedRecipeKeepsTheTextOfItsExpressionsInTheJsonThatACheckpointStores() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        ObjectMapper json = new ObjectMapper();
        try (var files = java.nio.file.Files.walk(java.nio.file.Path.of("recipes"))) {
            for (var f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                JsonNode written = json.readTree(json.writeValueAsString(RecipeLoader.load(f)));
                JsonNode source = yaml.readTree(f.toFile());
                assertEquals(source.get("export"), written.get("export"), f.toString());
                for (int i = 0; i < source.get("stages").size(); i++) {
                    JsonNode losses = source.get("stages").get(i).get("losses");
                    for (int j = 0; j < losses.size(); j++) {
                        for (String key : List.of("pred", "target", "real")) {
                            if (losses.get(j).has(key)) {
                                assertEquals(losses.get(j).get(key), written.get("stages").get(i).get("losses").get(j).get(key),
                                        f + " stages[" + i + "].losses[" + j + "]." + key);
                            }
                        }
                    }
                }
                assertEquals(written, json.readTree(json.writeValueAsString(json.treeToValue(written, Recipe.class))),
                        f + ": read back from its JSON, a recipe writes the same JSON");
            }
        }
    }

    @Test
    void negativeOrMissingBudgetIsRejected() {
        assertThrows(UserError.class, () -> parse(VALID.replace("epochs: 3", "epochs: -1")));
        assertThrows(UserError.class, () -> parse(VALID.replace("    epochs: 3\n    minutes: 2\n", "")));
        assertThrows(UserError.class, () -> parse(VALID.replace("lr: 0.001", "lr: -0.1")));
    }

    @Test
    void budgetOverrideIsSharedByStages() throws Exception {
        Recipe r = parse(VALID);
        Recipe byEpochs = r.withBudget(10, null);
        assertEquals(10, byEpochs.stages().get(0).epochs());
        assertEquals(null, byEpochs.stages().get(0).minutes());
        Recipe byMinutes = r.withBudget(null, 7.0);
        assertEquals(7.0, byMinutes.stages().get(0).minutes());
        assertEquals(null, byMinutes.stages().get(0).epochs());

        Recipe mixed = parse(MIXED);
        Recipe shorter = mixed.withBudget(null, 10.0);
        assertEquals(10.0, shorter.stages().get(0).minutes());
        assertEquals(mixed.stages().get(1), shorter.stages().get(1), "the polish stage keeps its epochs");
        Recipe fewerEpochs = mixed.withBudget(5, null);
        assertEquals(5, fewerEpochs.stages().get(1).epochs());
        assertEquals(mixed.stages().get(0), fewerEpochs.stages().get(0), "the timed stage keeps its minutes");

        // The bundled model's recipe shares an epoch budget among its stages in proportion, to within one epoch.
        Recipe full = RecipeLoader.load(java.nio.file.Path.of("recipes/default.yaml"));
        int total = full.stages().stream().mapToInt(StageSpec::epochs).sum();
        int budget = total / 5;
        Recipe bundled = full.withBudget(budget, null);
        assertEquals(budget, bundled.stages().stream().mapToInt(StageSpec::epochs).sum());
        for (int i = 0; i < full.stages().size(); i++) {
            assertEquals(full.stages().get(i).epochs() * (double) budget / total, bundled.stages().get(i).epochs(), 1.0,
                    "stage " + full.stages().get(i).name());
        }
    }

    @Test
    void cosineScheduleWarmsUpAndDecays() {
        OptimizerSpec o = new OptimizerSpec(0.01, null, null, null, "cosine", 10, 0.0);
        assertEquals(0.001, o.learningRate(0, 0), 1e-9);
        assertEquals(0.01, o.learningRate(0, 100), 1e-9);
        assertEquals(0.005, o.learningRate(0.5, 100), 1e-9);
        assertEquals(0.0, o.learningRate(1, 100), 1e-9);
    }

    @Test
    void aPretrainedEncoderIsANetworkOptionCheckedWhereItIsWritten() throws Exception {
        String net = "f_n: {type: unet, in: 1, out: 3, widths: [4, 8, 16, 32], blocks: 1, context: false, unshuffle: 4";
        String withEncoder = VALID.replace("data: {crop: 32, batch: 2}", "data: {crop: 64, batch: 2}")
                .replace("f_n: {type: unet, in: 1, out: 3, widths: [4, 8], blocks: 1, context: false}",
                        net + ", encoder: ENCODER}");
        Recipe ok = parse(withEncoder.replace("ENCODER", "{layers: [conv_pw_5, conv_pw_12], join: skips, tune: 1}"));
        assertTrue(ok.networks().get("f_n").toString().contains("encoder(layers=[conv_pw_5, conv_pw_12], join=skips, tune=1)"),
                ok.networks().get("f_n").toString());
        String[][] bad = {
            {"{layers: [conv_pw_14]}", "networks.f_n: network 'encoder.layers': unknown layer 'conv_pw_14'"},
            {"{layers: []}", "networks.f_n: network 'encoder.layers' must list at least one"},
            {"{layers: [conv_pw_1]}", "conv_pw_1 runs at 1/2 of the input, where no U-Net level runs (levels at 1/4 to 1/32)"},
            {"{layers: [conv_pw_12], tune: 13}", "network 'encoder.tune' must be in 0..12"},
            {"{layers: [conv_pw_12], scale: 5}", "network 'encoder.scale' must be 1, 2, 3 or 4"},
            {"{layers: [conv_pw_11], reduce: 3}", "network 'encoder.reduce' must be 1, 2 or 4"},
            {"{layers: [conv_pw_11], reduce: 2, scale: 2}", "give 'scale' or 'reduce', not both"},
            {"{layers: [conv_pw_12], reduce: 2}", "does not give conv_pw_12 (1/64) whole pixels"},
            {"{layers: [conv_pw_12], join: middle}", "join"},
            {"{layer: [conv_pw_12]}", "unknown key 'layer'"},
        };
        for (String[] b : bad) {
            UserError e = assertThrows(UserError.class, () -> parse(withEncoder.replace("ENCODER", b[0])), b[0]);
            assertTrue(e.getMessage().contains(b[1]), b[0] + " -> " + e.getMessage());
        }
        // the encoder's layers at 1/32 need whole pixels there: scale 1 of a stride-16 network does not give them
        UserError coarse = assertThrows(UserError.class, () -> parse(withEncoder
                .replace("widths: [4, 8, 16, 32]", "widths: [4, 8, 16]").replace("ENCODER", "{layers: [conv_pw_12]}")));
        assertTrue(coarse.getMessage().contains("does not give conv_pw_12 (1/32) whole pixels"), coarse.getMessage());
    }
}
