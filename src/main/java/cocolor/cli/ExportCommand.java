package cocolor.cli;

import ai.djl.ndarray.NDManager;
import cocolor.engine.EngineSetup;
import cocolor.infer.ModelFile;
import cocolor.nn.Networks;
import cocolor.recipe.Expr;
import cocolor.recipe.Recipe;
import cocolor.train.Checkpoint;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cocolor export}: writes a model file from a training checkpoint, optionally wiring the
 * modes differently from the recipe's {@code export} — e.g. to try CoColor's fused
 * {@code mean(f_n(nir), f_g(n2g(nir)))} after training.
 */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = "Write a model file (.cocolor) from a training checkpoint, optionally with other mode expressions.")
public final class ExportCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "A run's checkpoint.ckpt.")
    Path checkpoint;

    @Option(names = "--nir", paramLabel = "EXPR", description = "Expression of the nir mode, e.g. 'mean(f_n(nir), f_g(n2g(nir)))'. Default: the recipe's.")
    String nir;

    @Option(names = "--gray", paramLabel = "EXPR", description = "Expression of the gray mode, e.g. 'f_g(gray)'. Default: the recipe's.")
    String gray;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "Model file to write.")
    Path output;

    @Override
    public Integer call() throws Exception {
        Checkpoint.Contents contents = Checkpoint.read(checkpoint);
        Recipe recipe = new ObjectMapper().readValue(contents.recipeJson(), Recipe.class);
        Map<String, String> modes = new LinkedHashMap<>(recipe.export());
        if (nir != null) {
            modes.put("nir", checked(nir, recipe, "--nir"));
        }
        if (gray != null) {
            modes.put("gray", checked(gray, recipe, "--gray"));
        }
        try (NDManager manager = EngineSetup.engine().newBaseManager()) {
            Networks nets = new Networks(recipe.networks(), manager);
            contents.restoreNetworks(nets, manager);
            Map<String, Object> training = new LinkedHashMap<>();
            training.put("train_minutes", contents.state().totalSeconds / 60);
            training.put("steps", contents.state().step);
            training.put("exported_from", checkpoint.toString());
            ModelFile.export(output, nets, modes, recipe.name(), null, training, null);
        }
        commandSpec.commandLine().getOut().println(output.toAbsolutePath());
        return 0;
    }

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    private static String checked(String expr, Recipe recipe, String option) {
        List<String> inputs = new ArrayList<>();
        List<String> functions = new ArrayList<>();
        try {
            Expr.parse(expr).names(inputs, functions);
        } catch (IllegalArgumentException e) {
            throw new UserError(option + ": " + e.getMessage());
        }
        for (String f : functions) {
            if (!recipe.networks().containsKey(f) && !Expr.BUILTINS.contains(f)) {
                throw new UserError(option + ": '" + f + "' is not a network of this run " + recipe.networks().keySet());
            }
        }
        for (String in : inputs) {
            if (!Expr.PAIRED_INPUTS.contains(in)) {
                throw new UserError(option + ": unknown input '" + in + "'; inputs are nir, rgb, gray");
            }
        }
        return expr;
    }
}
