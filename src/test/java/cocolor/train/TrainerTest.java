package cocolor.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import cocolor.TestData;
import cocolor.TinyModel;
import cocolor.base.ProgressListener;
import cocolor.base.UserError;
import cocolor.data.DataFolder;
import cocolor.data.Sample;
import cocolor.data.SampleLoader;
import cocolor.data.SampleSet;
import cocolor.engine.EngineSetup;
import cocolor.eval.ImageScore;
import cocolor.eval.MetricSummary;
import cocolor.eval.Metrics;
import cocolor.eval.Validation;
import cocolor.expr.Expr;
import cocolor.image.FloatImage;
import cocolor.infer.Colorizer;
import cocolor.nn.Networks;
import cocolor.recipe.Recipe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    @TempDir
    Path tmp;

    private static Recipe parse(String yaml) {
        try {
            return cocolor.recipe.RecipeLoader.parse(new java.io.ByteArrayInputStream(yaml.getBytes()), "test.yaml");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A tiny f_n trained with L1 through the given stages, each its YAML keys besides train and losses. */
    private static Recipe tinyFn(String data, String... stages) {
        StringBuilder yaml = new StringBuilder("name: tiny-fn\nseed: 4\ndata: " + data + "\nnetworks:\n"
                + "  f_n: {type: unet, in: 1, out: 3, widths: [4, 8], blocks: 1, context: true}\nstages:\n");
        for (String stage : stages) {
            yaml.append("  - {").append(stage)
                    .append(", train: [f_n], losses: [{type: l1, weight: 1, pred: f_n(nir), target: rgb}]}\n");
        }
        return parse(yaml.append("export: {nir: f_n(nir)}\n").toString());
    }

    @Test
    void trainsValidatesAndExports() throws Exception {
        TrainData data = TinyModel.data(tmp.resolve("data"));
        Trainer.Result r = new Trainer(TinyModel.recipe(), data, TrainOptions.in(tmp.resolve("run"))).run();
        assertTrue(r.finished());
        assertTrue(Files.isRegularFile(r.model()));
        assertTrue(Files.isRegularFile(r.best()));
        assertNotNull(r.lastValidation());
        assertEquals(2, r.lastValidation().count());
        try (Colorizer c = Colorizer.load(r.model())) {
            assertEquals(40, c.info().imageSize(), "the model records the shorter side of its 40x48 training images");
        }
        List<String> log = Files.readAllLines(tmp.resolve("run").resolve(RunFolder.LOG));
        assertEquals(TrainingLog.HEADER + "," + TrainingLog.VAL_OF, log.get(0));
        assertEquals(3, log.size(), "one row per epoch");
        double firstLoss = Double.parseDouble(log.get(1).split(",")[6]);
        double lastLoss = Double.parseDouble(log.get(2).split(",")[6]);
        assertTrue(lastLoss < firstLoss, "loss should fall: " + firstLoss + " -> " + lastLoss);
    }

    @Test
    void resumedRunEndsWithTheSameWeightsAsAnUninterruptedOne() throws Exception {
        Recipe recipe = TinyModel.recipe();
        TrainData data = TinyModel.data(tmp.resolve("data"));
        Path straight = tmp.resolve("straight");
        Path interrupted = tmp.resolve("interrupted");
        new Trainer(recipe, data, TrainOptions.in(straight)).run();

        Trainer.Result first = new Trainer(recipe, data, TrainOptions.in(interrupted).withStepLimit(3)).run();
        assertFalse(first.finished());
        TrainState mid = Checkpoint.read(interrupted.resolve(RunFolder.CHECKPOINT)).state();
        assertEquals(3, mid.step);
        assertEquals(1, mid.batch, "stopped inside the second epoch");
        Trainer.Result second = new Trainer(recipe, data, TrainOptions.in(interrupted).withResume(true)).run();
        assertTrue(second.finished());

        assertEquals(Checkpoint.read(straight.resolve(RunFolder.CHECKPOINT)).state().step,
                Checkpoint.read(interrupted.resolve(RunFolder.CHECKPOINT)).state().step);
        try (NDManager m = EngineSetup.engine().newBaseManager()) {
            Networks a = new Networks(recipe.networks(), m);
            Networks b = new Networks(recipe.networks(), m);
            Checkpoint.read(straight.resolve(RunFolder.CHECKPOINT)).restoreNetworks(a, m);
            Checkpoint.read(interrupted.resolve(RunFolder.CHECKPOINT)).restoreNetworks(b, m);
            var pa = a.block("f_n").getParameters().values();
            var pb = b.block("f_n").getParameters().values();
            for (int i = 0; i < pa.size(); i++) {
                Parameter x = pa.get(i);
                NDArray diff = x.getArray().sub(pb.get(i).getArray()).abs().max();
                assertTrue(diff.getFloat() < 1e-5f, x.getName() + " differs by " + diff.getFloat());
            }
        }
    }

    @Test
    void weightAveragingResumesExactlyToo() throws Exception {
        Recipe r = TinyModel.recipe();
        var s = r.stages().get(0);
        Recipe withEma = new Recipe(r.name(), null, r.seed(), r.data(), r.networks(),
                List.of(new cocolor.recipe.StageSpec(s.name(), s.epochs(), null, s.train(), s.optimizer(), s.losses(), null, 0.9, null, null)),
                r.export(), null);
        TrainData data = TinyModel.data(tmp.resolve("data"));
        Path straight = tmp.resolve("straight");
        Path interrupted = tmp.resolve("interrupted");
        new Trainer(withEma, data, TrainOptions.in(straight)).run();
        new Trainer(withEma, data, TrainOptions.in(interrupted).withStepLimit(3)).run();
        assertEquals(3L, Checkpoint.read(interrupted.resolve(RunFolder.CHECKPOINT)).state().averageUpdates.get("f_n"));
        new Trainer(withEma, data, TrainOptions.in(interrupted).withResume(true)).run();
        try (var a = Colorizer.load(straight.resolve(RunFolder.FINAL_MODEL));
                var b = Colorizer.load(interrupted.resolve(RunFolder.FINAL_MODEL))) {
            var nir = cocolor.TinyData.smooth(32, 32, new java.util.Random(5));
            float[] x = a.colorize(nir).data();
            float[] y = b.colorize(nir).data();
            for (int i = 0; i < x.length; i++) {
                assertEquals(x[i], y[i], 1e-4);
            }
        }
    }

    /** Stage 2 trains on larger crops, one image per batch: twice the steps per epoch of stage 1's batches of 2. */
    @Test
    void aStageTrainsWithItsOwnDataKeys() throws Exception {
        TrainData data = TinyModel.data(tmp.resolve("data"));
        Recipe recipe = tinyFn("{crop: 32, batch: 2, hflip: true}",
                "name: small, epochs: 2, optimizer: {lr: 0.01}",
                "name: whole, epochs: 1, optimizer: {lr: 0.001}, data: {crop: 48, batch: 1}");
        Path run = tmp.resolve("run");
        assertTrue(new Trainer(recipe, data, TrainOptions.in(run)).run().finished());
        List<String> steps = Files.readAllLines(run.resolve(RunFolder.LOG)).stream().skip(1)
                .map(row -> row.split(",")[0] + ":" + row.split(",")[2]).toList();
        assertEquals(List.of("small:2", "small:4", "whole:8"), steps, "4 training pairs: 2 batches of 2, then 4 of 1");
    }

    /**
     * A network with attention gates, trained on the gradient and histogram terms too: its model
     * file (folded for inference) colorizes the validation images as the training run scored them.
     */
    @Test
    void anAttentionNetworkTrainedWithEdgeAndHistogramTermsColorizesAsValidated() throws Exception {
        TrainData data = TinyModel.data(tmp.resolve("data"));
        Recipe recipe = parse("""
                name: tiny-attention
                seed: 5
                data: {crop: 32, batch: 2}
                networks:
                  f_n: {type: unet, in: 1, out: 3, widths: [4, 8], blocks: 1, context: true, attention: true}
                stages:
                  - name: fn
                    epochs: 2
                    train: [f_n]
                    optimizer: {lr: 0.01}
                    losses:
                      - {type: l1, weight: 1, pred: f_n(nir), target: rgb}
                      - {type: gradient, weight: 1, pred: f_n(nir), target: rgb}
                      - {type: histogram, weight: 1, pred: f_n(nir), target: rgb}
                export: {nir: f_n(nir)}
                """);
        Trainer.Result r = new Trainer(recipe, data, TrainOptions.in(tmp.resolve("run"))).run();
        assertTrue(Files.readString(tmp.resolve("run").resolve(RunFolder.LOG)).contains("histogram[f_n(nir)~rgb]="));
        List<ImageScore> scores = new ArrayList<>();
        try (Colorizer c = Colorizer.load(r.model())) {
            assertTrue(c.info().toString().contains("attention=true"), c.info().toString());
            for (Sample s : data.val()) {
                scores.add(Metrics.score(s.name(), c.colorize(s.nir()), s.rgb()));
            }
        }
        // the run's figure is of 8-bit outputs, these are not rounded: equal to a few thousandths of a dB
        assertEquals(r.lastValidation().psnr(), MetricSummary.mean(scores).psnr(), 0.02);
    }

    /**
     * The fixture folders as a run of {@code --data vcip2020/train --data epfl_extra} with splits
     * sees them: two pairs of each folder train, one of each validates (epfl_extra's of 280×186).
     */
    private TrainData twoFolders() throws IOException {
        List<Path> dirs = TestData.twoFolders(tmp.resolve("shared"));
        Path vcipSplit = Files.writeString(tmp.resolve("vcip.tsv"), "stem\tsource_group\tsplit\n"
                + "country_0010\ta\ttrain\ncountry_0011\tb\ttrain\ncountry_0019\tc\tval\n");
        Path epflSplit = Files.writeString(tmp.resolve("epfl.tsv"), "stem\tsource_group\tsplit\n"
                + "country_0010\ta\ttrain\noldbuilding_0030\tb\ttrain\nurban_0017\tc\tval\n");
        List<Sample> train = new ArrayList<>();
        List<SampleSet> val = new ArrayList<>();
        for (DataFolder f : DataFolder.open(dirs, List.of(vcipSplit, epflSplit))) {
            train.addAll(SampleLoader.loadPairs(f.train(), 32, ProgressListener.NONE));
            val.add(new SampleSet(f.name(), SampleLoader.loadPairs(f.val(), 1, ProgressListener.NONE)));
        }
        return new TrainData(train, val, List.of());
    }

    /**
     * Each folder's val pairs are scored and logged on their own; the mean columns hold the mean
     * of the folders' scores, and the best model is the epoch with the best mean PSNR.
     */
    @Test
    void twoValidationFoldersAreLoggedApartAndTheMeanOfTheirPsnrsPicksTheBestModel() throws Exception {
        Recipe recipe = tinyFn("{crop: 32, batch: 2}", "name: a, epochs: 2, optimizer: {lr: 0.01}");
        Path run = tmp.resolve("run");

        Trainer.Result r = new Trainer(recipe, twoFolders(), TrainOptions.in(run)).run();

        assertEquals(List.of("vcip2020/train", "epfl_extra"), r.validation().folders().stream().map(Validation.Folder::name).toList());
        List<String> log = Files.readAllLines(run.resolve(RunFolder.LOG));
        assertEquals(TrainingLog.HEADER + ",val_psnr[vcip2020/train],val_ssim[vcip2020/train],val_ae[vcip2020/train]"
                + ",val_below_gray_copy[vcip2020/train],val_psnr[epfl_extra],val_ssim[epfl_extra],val_ae[epfl_extra]"
                + ",val_below_gray_copy[epfl_extra],val_of", log.get(0));
        assertEquals(3, log.size(), "one row per epoch");
        double bestMean = Double.NEGATIVE_INFINITY;
        for (String row : log.subList(1, log.size())) {
            assertTrue(row.endsWith(",\"f_n(nir)\""), "names what it scored: " + row);
            String[] c = row.split(",");
            int end = c.length - 1;
            double[] mean = {Double.parseDouble(c[end - 11]), Double.parseDouble(c[end - 10]), Double.parseDouble(c[end - 9])};
            for (int k = 0; k < 3; k++) {
                double vcip = Double.parseDouble(c[end - 8 + k]);
                double epfl = Double.parseDouble(c[end - 4 + k]);
                assertEquals((vcip + epfl) / 2, mean[k], 0.0011, "mean of the folders, column " + k + " of " + row);
            }
            for (int below : new int[] {Integer.parseInt(c[end - 5]), Integer.parseInt(c[end - 1])}) {
                assertTrue(below == 0 || below == 1, "of one val pair: " + row);
            }
            bestMean = Math.max(bestMean, mean[0]);
        }
        try (Colorizer best = Colorizer.load(r.best())) {
            assertEquals(bestMean, ((Number) best.info().validation().get("psnr")).doubleValue(), 0.0005);
            assertEquals(2, ((Number) best.info().validation().get("images")).intValue());
        }
        assertEquals(r.lastValidation().psnr(), (r.validation().folders().get(0).scores().psnr()
                + r.validation().folders().get(1).scores().psnr()) / 2, 1e-12);
    }

    /**
     * The epfl_extra sizes (282×187, 146×219, 280×186) and VCIP's 256² through a network of stride
     * 8: crops, then a stage on whole images (batches of mixed sizes), then validation on whole
     * odd-sized images, which scores what the exported model makes of them.
     */
    @Test
    void imagesOfOddSizesTrainOnCropsAndWholeAndValidateAsTheModelColorizesThem() throws Exception {
        Recipe recipe = parse("""
                name: odd
                seed: 6
                data: {crop: 64, batch: 2, zoom: [1.0, 1.5], hflip: true}
                networks:
                  f_n: {type: unet, in: 1, out: 3, widths: [4, 8, 8, 8], blocks: 0, context: true}
                stages:
                  - {name: crops, epochs: 1, train: [f_n], optimizer: {lr: 0.01},
                     losses: [{type: l1, weight: 1, pred: f_n(nir), target: rgb}]}
                  - {name: whole, epochs: 1, train: [f_n], optimizer: {lr: 0.001}, data: {crop: 256, zoom: [1, 1]},
                     losses: [{type: l1, weight: 1, pred: f_n(nir), target: rgb}, {type: ssim, weight: 0.2, pred: f_n(nir), target: rgb}]}
                export: {nir: f_n(nir)}
                """);
        assertEquals(8, recipe.stride());
        List<Path> dirs = TestData.twoFolders(tmp.resolve("shared"));
        List<Sample> all = new ArrayList<>();
        for (DataFolder f : DataFolder.open(dirs, java.util.Arrays.asList(null, null))) {
            all.addAll(SampleLoader.loadPairs(f.train(), 64, ProgressListener.NONE));
        }
        List<Sample> epfl = all.stream().filter(s -> s.name().startsWith("epfl_extra/")).toList();
        List<Sample> train = new ArrayList<>(epfl);
        train.add(all.get(0)); // one 256² VCIP pair
        Path run = tmp.resolve("run");

        Trainer.Result r = new Trainer(recipe, TrainData.of(train, epfl, List.of()), TrainOptions.in(run)).run();

        assertTrue(r.finished());
        assertEquals(List.of("crops", "whole"), Files.readAllLines(run.resolve(RunFolder.LOG)).stream().skip(1)
                .map(row -> row.split(",")[0]).toList());
        List<ImageScore> scores = new ArrayList<>();
        try (Colorizer c = Colorizer.load(r.model())) {
            for (Sample s : epfl) {
                FloatImage rgb = c.colorize(s.nir());
                assertTrue(rgb.sameSize(s.rgb()), s.name() + ": " + rgb);
                scores.add(Metrics.score(s.name(), rgb, s.rgb()));
            }
        }
        assertEquals(3, r.lastValidation().count());
        // the run's figure is of 8-bit outputs, these are not rounded: equal to a few thousandths of a dB
        assertEquals(r.lastValidation().psnr(), MetricSummary.mean(scores).psnr(), 0.02);
    }

    /** Validation every 2nd epoch of each stage, and always after a stage's last epoch. */
    @Test
    void validatesEveryNthEpochAndAtEachStageEnd() throws Exception {
        TrainData data = TinyModel.data(tmp.resolve("data"));
        Recipe recipe = tinyFn("{crop: 32, batch: 2}",
                "name: a, epochs: 3, optimizer: {lr: 0.01}",
                "name: b, epochs: 2, optimizer: {lr: 0.001}");
        Path run = tmp.resolve("run");
        Trainer.Result r = new Trainer(recipe, data, TrainOptions.in(run).withValidateEvery(2)).run();
        List<String> validated = Files.readAllLines(run.resolve(RunFolder.LOG)).stream().skip(1)
                .filter(row -> !row.endsWith(",,,")).map(row -> row.split(",")[0] + row.split(",")[1]).toList();
        assertEquals(List.of("a2", "a3", "b2"), validated);
        assertNotNull(r.lastValidation());
        assertTrue(Files.isRegularFile(r.best()));
        assertThrows(IllegalArgumentException.class, () -> TrainOptions.in(run).withValidateEvery(0));
    }

    /** Stage 2 starts f_n from f_g (init) and barely trains: f_n must then hold f_g's weights, which it does not without init. */
    @Test
    void initStartsANetworkFromAnotherOnesWeights() throws Exception {
        TrainData data = TinyModel.data(tmp.resolve("data"));
        for (boolean init : new boolean[] {true, false}) {
            String yaml = """
                    name: init
                    seed: 4
                    data: {crop: 32, batch: 2}
                    networks:
                      f_n: {type: unet, in: 1, out: 3, widths: [4, 8], blocks: 1, context: true}
                      f_g: {type: unet, in: 1, out: 3, widths: [4, 8], blocks: 1, context: true}
                    stages:
                      - {name: prior, epochs: 2, train: [f_g], optimizer: {lr: 0.01},
                         losses: [{type: l1, weight: 1, pred: f_g(gray), target: rgb}]}
                      - {name: transfer, epochs: 1, train: [f_n], optimizer: {lr: 1.0e-12}, %s
                         losses: [{type: l1, weight: 1, pred: f_n(nir), target: rgb}]}
                    export: {nir: f_n(nir)}
                    """.formatted(init ? "init: {f_n: f_g}," : "");
            Recipe recipe = parse(yaml);
            Path run = tmp.resolve("run-" + init);
            new Trainer(recipe, data, TrainOptions.in(run)).run();
            try (NDManager m = EngineSetup.engine().newBaseManager()) {
                Networks nets = new Networks(recipe.networks(), m);
                Checkpoint.read(run.resolve(RunFolder.CHECKPOINT)).restoreNetworks(nets, m);
                List<NDArray> fn = nets.trainableArrays("f_n");
                List<NDArray> fg = nets.trainableArrays("f_g");
                float maxDiff = 0;
                for (int i = 0; i < fn.size(); i++) {
                    maxDiff = Math.max(maxDiff, fn.get(i).sub(fg.get(i)).abs().max().getFloat());
                }
                if (init) {
                    assertTrue(maxDiff < 1e-6f, "f_n differs from f_g by " + maxDiff);
                } else {
                    assertTrue(maxDiff > 1e-2f, "without init, f_n and f_g should differ, max diff " + maxDiff);
                }
            }
        }
    }

    @Test
    void aRunKilledBeforeItsFirstCheckpointIsLoggedOnceWhenStartedAgain() throws Exception {
        TrainData data = TinyModel.data(tmp.resolve("data"));
        Path run = tmp.resolve("run");
        new Trainer(TinyModel.recipe(), data, TrainOptions.in(run)).run();
        List<String> uninterrupted = Files.readAllLines(run.resolve(RunFolder.LOG));
        // What a kill between the first epoch's row and its checkpoint leaves: that row, no checkpoint.
        Files.delete(run.resolve(RunFolder.CHECKPOINT));
        Files.write(run.resolve(RunFolder.LOG), uninterrupted.subList(0, 2));

        new Trainer(TinyModel.recipe(), data, TrainOptions.in(run).withResume(true)).run();

        List<String> rows = Files.readAllLines(run.resolve(RunFolder.LOG));
        assertEquals(uninterrupted.size(), rows.size(), "a header and one row per epoch: " + rows);
        assertEquals(uninterrupted.stream().map(r -> r.split(",")[1]).toList(), rows.stream().map(r -> r.split(",")[1]).toList());
    }

    @Test
    void aRecipeEndingWithTheGrayColorizerRecordsTheNirScoresInItsModel() throws Exception {
        TrainData data = TinyModel.data(tmp.resolve("data"));
        Recipe recipe = parse("""
                name: nir-then-gray
                seed: 4
                data: {crop: 32, batch: 2}
                networks:
                  f_n: {type: unet, in: 1, out: 3, widths: [4, 8], blocks: 1, context: true}
                  f_g: {type: unet, in: 1, out: 3, widths: [4, 8], blocks: 1, context: true, output: chroma}
                stages:
                  - {name: fn, epochs: 2, train: [f_n], optimizer: {lr: 0.01},
                     losses: [{type: l1, weight: 1, pred: f_n(nir), target: rgb}]}
                  - {name: fg, epochs: 2, train: [f_g], optimizer: {lr: 0.01}, validate: f_g(gray),
                     losses: [{type: l1, weight: 1, pred: f_g(gray), target: rgb}]}
                export: {nir: f_n(nir), gray: f_g(gray)}
                """);
        Path run = tmp.resolve("run");
        Trainer.Result r = new Trainer(recipe, data, TrainOptions.in(run)).run();

        List<TrainingLog.Row> rows = TrainingLog.rows(Files.readString(run.resolve(RunFolder.LOG)));
        double nirPsnr = rows.stream().filter(row -> row.stage().equals("fn") && row.validated()).reduce((a, b) -> b).orElseThrow().valPsnr();
        double grayPsnr = rows.get(rows.size() - 1).valPsnr();
        assertTrue(Math.abs(nirPsnr - grayPsnr) > 0.01, "the two modes score apart: " + nirPsnr + ", " + grayPsnr);
        assertEquals(List.of("f_n(nir)", "f_g(gray)"), rows.stream().filter(TrainingLog.Row::validated).map(TrainingLog.Row::valOf).distinct().toList(),
                "each row names what it scored");
        try (Colorizer c = Colorizer.load(r.model())) {
            assertEquals(nirPsnr, ((Number) c.info().validation().get("psnr")).doubleValue(), 0.0005);
            assertEquals(nirPsnr, TrainingLog.lastValidated(c.trainingLog().orElseThrow(), c.info().validatedExpression()).orElseThrow().valPsnr(), 0,
                    "the model's last scores in its log are of its NIR mode");
        }
        assertFalse(Files.exists(run.resolve(RunFolder.BEST_MODEL)), "no best model: one picked in stage fn would have f_g untrained");
        assertEquals(r.model(), r.best());
    }

    /**
     * A checkpoint comes at the run's start, every --checkpoint-minutes and at the end of each stage, not after every
     * epoch (the bundled recipe's took 1.7 s after each 9.5-s epoch). Seen from the progress of
     * each step: whether a checkpoint is on disk, and at which step.
     */
    @Test
    void checkpointsComeEveryFewMinutesAndAtEachStagesEndNotAfterEveryEpoch() throws Exception {
        TrainData data = TinyModel.data(tmp.resolve("data"));
        Recipe recipe = tinyFn("{crop: 32, batch: 2}", "name: a, epochs: 3, optimizer: {lr: 0.01}",
                "name: b, epochs: 2, optimizer: {lr: 0.01}");
        Path run = tmp.resolve("run");
        Path ckpt = run.resolve(RunFolder.CHECKPOINT);
        List<String> seen = new ArrayList<>();
        ProgressListener watch = new ProgressListener() {
            @Override
            public cocolor.base.Progress counting(String task, long total, String unit) {
                return new cocolor.base.Progress() {
                    @Override
                    public void step() {}

                    @Override
                    public void stepTo(long done) {
                        seen.add(task + (Files.exists(ckpt) ? " checkpoint at " + Checkpoint.read(ckpt).state().step : " none"));
                    }
                };
            }

            @Override
            public cocolor.base.Progress timing(String task, double seconds) {
                return cocolor.base.Progress.NONE;
            }
        };
        new Trainer(recipe, data, TrainOptions.in(run).withCheckpointMinutes(60).withProgress(watch)).run();

        long stageA = seen.stream().filter(s -> s.startsWith("a ")).count();
        assertTrue(stageA > 3, "several steps per epoch: " + seen);
        assertEquals(List.of("a checkpoint at 0"), seen.stream().filter(s -> s.startsWith("a ")).distinct().toList(),
                "only the run's first, at its start, in stage a's 3 epochs");
        assertEquals(1, seen.stream().filter(s -> s.startsWith("b ")).distinct().count(), "only stage a's end in stage b: " + seen);
        assertTrue(seen.stream().anyMatch(s -> s.startsWith("b checkpoint at ")), seen.toString());
    }

    @Test
    void refusesToOverwriteARunWithoutResume() throws Exception {
        TrainData data = TinyModel.data(tmp.resolve("data"));
        Path run = tmp.resolve("run");
        new Trainer(TinyModel.recipe(), data, TrainOptions.in(run).withStepLimit(1)).run();
        UserError e = assertThrows(UserError.class,
                () -> new Trainer(TinyModel.recipe(), data, TrainOptions.in(run)).run());
        assertTrue(e.getMessage().contains("--resume"), e.getMessage());
    }

    @Test
    void divergenceStopsWithTheStep() throws Exception {
        Recipe r = TinyModel.recipe();
        var stage = r.stages().get(0);
        var hot = new cocolor.recipe.OptimizerSpec(0.999, null, null, null, "constant", 0, null);
        var lossy = List.of(new cocolor.recipe.LossSpec("mse", 1e300, Expr.parse("f_n(nir)"), Expr.parse("rgb"), null, null, null));
        Recipe exploding = new Recipe(r.name(), null, r.seed(), r.data(), r.networks(),
                List.of(new cocolor.recipe.StageSpec(stage.name(), 5, null, stage.train(), hot, lossy, null, null, null, null)), r.export(), null);
        TrainData data = TinyModel.data(tmp.resolve("data"));
        TrainingDiverged e = assertThrows(TrainingDiverged.class,
                () -> new Trainer(exploding, data, TrainOptions.in(tmp.resolve("run"))).run());
        assertTrue(e.getMessage().contains("step"), e.getMessage());
        // The term is finite; its weight (1e300 as a float is infinite) makes the total infinite.
        assertTrue(e.getMessage().contains("(no single term)"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("run").resolve(RunFolder.BEST_MODEL)) && Files.exists(tmp.resolve("run").resolve(RunFolder.FINAL_MODEL)));
    }
}
