package cocolor.recipe;

import cocolor.expr.Expr;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/**
 * What a model colorizes: a near-infrared image, or a grayscale photo. Every place that names a
 * mode spells it by its {@link #key} ({@code nir}, {@code gray}): a recipe's {@code export}, a
 * model file's {@code modes}, {@code --mode} of the command lines and {@code mode} of the REST
 * API. A mode's colorizer reads the expression input of the same name ({@code f_n(nir)},
 * {@code f_g(gray)}).
 */
public enum Mode {
    NIR,
    GRAY;

    /** The mode's name in recipes, model files, options and the REST API. */
    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The {@link #key}, so that messages and lists of modes read as files spell them. */
    @Override
    public String toString() {
        return key();
    }

    /**
     * The mode a file names: its exact {@link #key}.
     *
     * @throws IllegalArgumentException for any other text, with {@link #unknown}'s message
     */
    @JsonCreator
    public static Mode ofKey(String key) {
        for (Mode mode : values()) {
            if (mode.key().equals(key)) {
                return mode;
            }
        }
        throw new IllegalArgumentException(unknown(key));
    }

    /** The mode a user typed: its key in any case, or {@code grey}; empty for anything else. */
    public static Optional<Mode> parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "nir" -> Optional.of(NIR);
            case "gray", "grey" -> Optional.of(GRAY);
            default -> Optional.empty();
        };
    }

    /** The message for a text that is no mode: {@code modes are 'nir' and 'gray', not '<text>'}. */
    public static String unknown(String text) {
        return "modes are 'nir' and 'gray', not '" + text + "'";
    }

    /**
     * The mode whose input {@code expr} reads: {@link #GRAY} if it reads the luma of the RGB side
     * ({@code gray}), else {@link #NIR}. Validation feeds a mode's expression that mode's image.
     */
    public static Mode readBy(Expr expr) {
        return expr.inputs().contains(GRAY.key()) ? GRAY : NIR;
    }
}
