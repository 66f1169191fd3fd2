package cocolor.cli;

import cocolor.base.UserError;
import cocolor.commandline.MissingMode;
import cocolor.infer.Colorizer;
import cocolor.recipe.Mode;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --model FILE} option shared by the commands that colorize. */
public final class ModelOption {
    @Option(names = "--model", paramLabel = "FILE", description = "Model file (.cocolor). Default: the bundled model.")
    Path model;

    public Colorizer load() {
        return model == null ? Colorizer.loadDefault() : Colorizer.load(model);
    }

    /** Loads the model and checks that it has {@code mode}; the error says how to get one that has. */
    public Colorizer load(Mode mode) {
        Colorizer colorizer = load();
        if (!colorizer.modes().contains(mode)) {
            colorizer.close();
            throw new UserError(MissingMode.message(describe(), colorizer.modes(), mode));
        }
        return colorizer;
    }

    public String describe() {
        return model == null ? "the bundled model" : model.toString();
    }
}
