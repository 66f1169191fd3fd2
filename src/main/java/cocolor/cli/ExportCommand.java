package cocolor.cli;

import ai.djl.ndarray.NDManager;
import cocolor.base.UserError;
import cocolor.commandline.UsageError;
import cocolor.engine.EngineSetup;
import cocolor.infer.ModelFile;
import cocolor.infer.ModelInfo;
import cocolor.nn.Networks;
import cocolor.expr.Expr;
import cocolor.recipe.Mode;
import cocolor.recipe.Recipe;
import cocolor.recipe.RecipeLoader;
import cocolor.train.Checkpoint;
import cocolor.train.TrainingLog;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cocolor export}: writes a model file from a training checkpoint, optionally wiring the
 * modes differently from the recipe's {@code export} — e.g. to try CoColor's fused
 * {@code mean(f_n(nir), f_g(n2g(nir)))} after training. With {@code --reference-log}, a model
 * trained on all pairs carries the validation curve of a run of the same recipe that held some out.
 */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = {
            "Write a model file (.cocolor) from a training checkpoint or another model file.",
            "From a checkpoint, optionally with other mode expressions; from a model file, a copy that carries"
                    + " the validation log of another run of the same recipe, or another model's gray mode."
        })
public final class ExportCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "A run's checkpoint.ckpt.")
        Path checkpoint;

        @Option(names = "--model", required = true, paramLabel = "FILE",
                description = "A model file (.cocolor) to copy as it is, e.g. with --reference-log.")
        Path model;
    }

    @Option(names = "--reference-log", paramLabel = "CSV",
            description = "The train_log.csv of a run of the same recipe with a validation split: for a model"
                    + " trained on all pairs, whose own log has no held-out scores; the demo page plots its curve.")
    Path referenceLog;

    @Option(names = "--gray-from", paramLabel = "FILE",
            description = "With --model: another model file whose gray mode (and the networks it calls) the copy takes,"
                    + " e.g. to keep a gray colorizer when only the NIR colorizer was retrained.")
    Path grayFrom;

    @Option(names = "--nir", paramLabel = "EXPR", description = "Expression of the nir mode, e.g. 'mean(f_n(nir), f_g(n2g(nir)))'. Default: the recipe's.")
    String nir;

    @Option(names = "--gray", paramLabel = "EXPR", description = "Expression of the gray mode, e.g. 'f_g(gray)'. Default: the recipe's.")
    String gray;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "Model file to write.")
    Path output;

    @Override
    public Integer call() throws Exception {
        for (Path input : new Path[] {source.model, source.checkpoint, referenceLog, grayFrom}) {
            if (input != null) {
                InputGuard.refuseOverwrite(output, input, "write the model to another file with -o");
            }
        }
        String reference = referenceLog == null ? null : readReferenceLog(referenceLog);
        if (source.model != null) {
            if (nir != null || gray != null) {
                throw new UsageError("--nir and --gray rewire a checkpoint's networks: use them with --checkpoint");
            }
            if (reference == null && grayFrom == null) {
                throw new UsageError("--model copies a model file to attach --reference-log or --gray-from: give one or both");
            }
            Path copied = source.model;
            if (grayFrom != null) {
                ModelFile.withModeFrom(source.model, grayFrom, Mode.GRAY, output);
                copied = output;
            }
            if (reference != null) {
                ModelFile.withReferenceLog(copied, reference, output);
            }
        } else {
            if (grayFrom != null) {
                throw new UsageError("--gray-from adds a mode to a copy of a model file: use it with --model");
            }
            exportCheckpoint(source.checkpoint);
            if (reference != null) {
                ModelFile.withReferenceLog(output, reference, output);
            }
        }
        commandSpec.commandLine().getOut().println(output.toAbsolutePath());
        return 0;
    }

    private void exportCheckpoint(Path checkpoint) throws java.io.IOException {
        Checkpoint.Contents contents = Checkpoint.read(checkpoint);
        Recipe recipe = new ObjectMapper().readValue(contents.recipeJson(), Recipe.class);
        Map<Mode, Expr> modes = new LinkedHashMap<>(recipe.export());
        if (nir != null) {
            modes.put(Mode.NIR, checked(nir, recipe, "--nir"));
        }
        if (gray != null) {
            modes.put(Mode.GRAY, checked(gray, recipe, "--gray"));
        }
        try (NDManager manager = EngineSetup.engine().newBaseManager()) {
            Networks nets = new Networks(recipe.networks(), manager);
            contents.restoreNetworks(nets, manager);
            Map<String, Object> training = new LinkedHashMap<>();
            training.put("train_minutes", contents.state().totalSeconds / 60);
            training.put("steps", contents.state().step);
            if (contents.state().imageSize > 0) {
                training.put(ModelInfo.IMAGE_SIZE, contents.state().imageSize);
            }
            training.put("exported_from", checkpoint.toString());
            ModelFile.export(output, nets, modes, recipe.name(), null, training, null);
        }
    }

    /** The text of a training log that has validation scores, or a one-line error. */
    private static String readReferenceLog(Path file) {
        String csv;
        try {
            csv = new String(Files.readAllBytes(file), StandardCharsets.UTF_8); // lenient: any file gets a clear message below
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UserError("--reference-log: file not found: " + file);
        } catch (java.io.IOException e) {
            throw new UserError("--reference-log: cannot read " + file + ": " + e.getMessage(), e);
        }
        if (!TrainingLog.isTrainingLog(csv)) {
            throw new UserError("--reference-log: " + file + " is not a cocolor training log (train_log.csv)");
        }
        if (TrainingLog.rows(csv).stream().noneMatch(TrainingLog.Row::validated)) {
            throw new UserError("--reference-log: " + file + " has no validation scores (a run without --split)");
        }
        return csv;
    }

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    private static Expr checked(String text, Recipe recipe, String option) {
        Expr expr;
        try {
            expr = Expr.parse(text);
        } catch (Expr.SyntaxError e) {
            throw new UserError(option + ": " + e.getMessage());
        }
        try {
            RecipeLoader.checkExpr(expr, recipe.networks().keySet(), option, false);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        return expr;
    }
}
