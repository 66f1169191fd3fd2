package cocolor.cli;

import cocolor.base.UserError;
import cocolor.infer.Colorizer;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/** The {@code --model FILE} option shared by the commands that colorize. */
public final class ModelOption {
    @Option(names = "--model", paramLabel = "FILE", description = "Model file (.cocolor). Default: the bundled model.")
    Path model;

    public Colorizer load() {
        return model == null ? Colorizer.loadDefault() : Colorizer.load(model);
    }

    /** Loads the model and checks that it has {@code mode}; the error says how to get one that has. */
    public Colorizer load(Colorizer.Mode mode) {
        Colorizer colorizer = load();
        if (!colorizer.modes().contains(mode)) {
            colorizer.close();
            throw new UserError(missingMode(describe(), colorizer.modes(), mode));
        }
        return colorizer;
    }

    public String describe() {
        return model == null ? "the bundled model" : model.toString();
    }

    /**
     * The error for a model without {@code wanted}. A missing gray mode comes from recipes with a
     * grayscale colorizer, such as the built-in {@code default} and {@code cocolor}; a missing nir
     * mode from a recipe that exports only {@code gray}.
     */
    public static String missingMode(String model, Set<Colorizer.Mode> has, Colorizer.Mode wanted) {
        String modes = has.stream().map(Colorizer.Mode::key).map(k -> "'" + k + "'").collect(Collectors.joining(", "));
        String message = model + " has no '" + wanted.key() + "' mode (only " + modes + ")";
        if (wanted == Colorizer.Mode.GRAY) {
            message += "; the bundled model has one, and so has any model of a recipe with a grayscale colorizer, such as"
                    + " the built-in 'default': train one (cocolor train --recipe default --photos PHOTO_DIR --data PAIRS_DIR"
                    + " --out RUN_DIR) and pass RUN_DIR/model.cocolor with --model";
        }
        return message;
    }
}
