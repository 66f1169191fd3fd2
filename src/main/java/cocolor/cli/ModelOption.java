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
        return load((Double) null);
    }

    /** The model, its modes falling back toward the gray where unsure if {@code fallback} is not null. */
    public Colorizer load(Double fallback) {
        return model == null ? Colorizer.loadDefault(fallback) : Colorizer.load(model, fallback);
    }

    /** Loads the model and checks that it has {@code mode}; the error says how to get one that has. */
    public Colorizer load(Mode mode) {
        return load(mode, null);
    }

    /** As {@link #load(Mode)}, the modes falling back toward the gray where unsure if {@code fallback} is not null. */
    public Colorizer load(Mode mode, Double fallback) {
        Colorizer colorizer = load(fallback);
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
