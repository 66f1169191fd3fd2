package cocolor.commandline;

import cocolor.recipe.Mode;
import java.util.Set;
import java.util.stream.Collectors;

/** The error for a model without the mode asked for, in every command line that colorizes. */
public final class MissingMode {
    private MissingMode() {}

    /**
     * The error for a model without {@code wanted}. A missing gray mode comes from recipes with a
     * grayscale colorizer, such as the built-in {@code default} and {@code cocolor}; a missing nir
     * mode from a recipe that exports only {@code gray}.
     */
    public static String message(String model, Set<Mode> has, Mode wanted) {
        String modes = has.stream().map(Mode::key).map(k -> "'" + k + "'").collect(Collectors.joining(", "));
        String message = model + " has no '" + wanted.key() + "' mode (only " + modes + ")";
        if (wanted == Mode.GRAY) {
            message += "; the bundled model has one, and so has any model of a recipe with a grayscale colorizer, such as"
                    + " the built-in 'default': train one (cocolor train --recipe default --photos PHOTO_DIR --data PAIRS_DIR"
                    + " --out RUN_DIR) and pass RUN_DIR/model.cocolor with --model";
        }
        return message;
    }
}
