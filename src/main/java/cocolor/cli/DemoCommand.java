package cocolor.cli;

import cocolor.base.UserError;
import cocolor.eval.HtmlReport;
import cocolor.eval.ImageScore;
import cocolor.eval.Metrics;
import cocolor.eval.SvgChart;
import cocolor.image.Images;
import cocolor.infer.Colorizer;
import cocolor.infer.VideoColorizer;
import cocolor.infer.ModelInfo;
import cocolor.recipe.Mode;
import cocolor.train.TrainingLog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cocolor demo}: colorizes the bundled sample NIR images and writes an HTML page. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Colorize the sample NIR images shipped with cocolor and write an HTML page of them.",
            "The page shows NIR | colorized | ground truth, with per-image scores and the model's training curves,"
                    + " and a short night clip beside its colorization.",
            "Prints the page's path."
        })
public final class DemoCommand implements Callable<Integer> {
    private static final String SAMPLES = "/samples/";
    private static final String SAMPLE_VIDEO = SAMPLES + "video/camera_trap_night_3s.mp4";

    @Option(names = {"-o", "--output"}, defaultValue = "cocolor-demo", paramLabel = "DIR",
            description = "Folder for the page and its images. Default: ${DEFAULT-VALUE}.")
    Path output;

    @Mixin
    ModelOption model;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path imagesDir = output.resolve("images");
        List<String> stems = sampleStems();
        HtmlReport report = new HtmlReport("cocolor demo: NIR → RGB");
        try (Colorizer colorizer = model.load()) {
            Files.createDirectories(imagesDir); // only once there is something to write
            describeModel(report, colorizer);
            report.section("NIR → RGB");
            for (String stem : stems) {
                Path nirFile = extract(SAMPLES + "nir/" + stem + "_nir.png", imagesDir.resolve(stem + "_nir.png"));
                Path gtFile = extract(SAMPLES + "rgb/" + stem + "_rgb_reg.png", imagesDir.resolve(stem + "_rgb.png"));
                report.row(colorizeSample(colorizer, Mode.NIR, stem, nirFile, gtFile, "_colorized.png"));
            }
            if (colorizer.modes().contains(Mode.GRAY)) {
                // The same scenes as grayscale photos: each RGB image reduced to its luminance.
                report.section("Grayscale photo → RGB (--mode gray): the RGB images above reduced to their luminance");
                for (String stem : stems) {
                    Path gtFile = imagesDir.resolve(stem + "_rgb.png");
                    Path grayFile = imagesDir.resolve(stem + "_gray.png");
                    Images.writePng(Images.readGray(gtFile), grayFile);
                    report.row(colorizeSample(colorizer, Mode.GRAY, stem, grayFile, gtFile, "_gray_colorized.png"));
                }
            }
            colorizeSampleVideo(report, colorizer);
        }
        Path page = output.resolve("index.html");
        report.write(page);
        spec.commandLine().getOut().println(page.toAbsolutePath().normalize());
        return 0;
    }

    /** The bundled night clip and its colorization, in VIDEOS/ (skipped by a build without it). */
    private void colorizeSampleVideo(HtmlReport report, Colorizer colorizer) throws IOException {
        if (DemoCommand.class.getResource(SAMPLE_VIDEO) == null) {
            return;
        }
        Path videos = Files.createDirectories(output.resolve("videos"));
        Path input = extract(SAMPLE_VIDEO, videos.resolve("camera_trap_night_3s.mp4"));
        Path colorized = videos.resolve("camera_trap_night_3s_colorized.mp4");
        new VideoColorizer(colorizer).colorize(input, colorized);
        report.video("NIR video → RGB", "The first 3 seconds of a night camera-trap clip (infrared flash; a cat at the top left), "
                + "from the test assets of drivendataorg/zamba (MIT licence), colorized with `cocolor colorize clip.mp4 -o out/`.",
                "videos/" + input.getFileName(), "videos/" + colorized.getFileName());
    }

    /** Colorizes one sample into IMAGES/STEM{suffix} and scores it against its ground truth. */
    private static HtmlReport.Row colorizeSample(Colorizer colorizer, Mode mode, String stem, Path input, Path gtFile,
            String suffix) throws IOException {
        Path outFile = input.resolveSibling(stem + suffix);
        Images.writePng(colorizer.colorize(Images.readGray(input), mode), outFile);
        ImageScore score = Metrics.score(stem, Images.readRgb(outFile), Images.readRgb(gtFile));
        return new HtmlReport.Row(stem, "images/" + input.getFileName(), "images/" + outFile.getFileName(),
                "images/" + gtFile.getFileName(), score);
    }

    private void describeModel(HtmlReport report, Colorizer colorizer) {
        ModelInfo info = colorizer.info();
        report.note("Model: " + model.describe() + " (recipe " + info.recipe() + ", networks " + info.networks().keySet() + ").");
        if (info.validation() != null) {
            report.note(String.format(Locale.ROOT, "Validation split at export: PSNR %.3f dB, SSIM %.4f, AE %.3f°.",
                    num(info.validation().get("psnr")), num(info.validation().get("ssim")), num(info.validation().get("ae"))));
        }
        if (info.training() != null && info.training().get("train_minutes") != null) {
            report.note(String.format(Locale.ROOT, "Trained %.1f minutes on %s pairs (%s steps).",
                    num(info.training().get("train_minutes")), info.training().get("train_pairs"), info.training().get("steps")));
        }
        report.note("Sample images: validation-split pairs of the VCIP 2020 NIR colorization challenge and of "
                + "epfl_extra's buildings, streets and urban scenes (EPFL RGB-NIR Scene dataset, Brown & Süsstrunk, CVPR 2011)"
                + (info.validation() == null ? "; this model has no validation split, and one trained on all "
                        + "pairs has seen them, so their scores are not a held-out measure." : "."));
        List<TrainingLog.Row> own = colorizer.trainingLog().map(TrainingLog::rows).orElse(List.of());
        if (!own.isEmpty()) {
            report.chart(SvgChart.line("training loss", "epoch", "loss", points(own, TrainingLog.Row::loss), "#c0392b"));
        }
        // The model's own validation only: a stage that trains the gray colorizer scores that one.
        String expression = info.validatedExpression();
        List<TrainingLog.Row> validated = scores(own, expression) ? own
                : colorizer.referenceLog().map(TrainingLog::rows).filter(rows -> scores(rows, expression)).orElse(List.of());
        if (!validated.isEmpty()) {
            String title = (validated == own ? "validation PSNR (dB)"
                    : "validation PSNR (dB) of the same recipe trained without the validation pairs") + ", " + expression;
            report.chart(SvgChart.line(title, "epoch", "PSNR",
                    points(validated, row -> row.scores(expression) ? row.valPsnr() : Double.NaN), "#2471a3"));
        }
    }

    private static boolean scores(List<TrainingLog.Row> rows, String expression) {
        return rows.stream().anyMatch(row -> row.scores(expression));
    }

    /** One point per logged epoch, numbered across stages. */
    private static List<double[]> points(List<TrainingLog.Row> rows, java.util.function.ToDoubleFunction<TrainingLog.Row> value) {
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            points.add(new double[] {i + 1, value.applyAsDouble(rows.get(i))});
        }
        return points;
    }

    private static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static List<String> sampleStems() throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream(SAMPLES + "index.txt")) {
            if (in == null) {
                throw new UserError("this build has no sample images");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
        }
    }

    private static Path extract(String resource, Path target) throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new UserError("sample image missing from this build: " + resource);
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
