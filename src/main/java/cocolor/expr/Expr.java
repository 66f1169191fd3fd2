package cocolor.expr;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An expression of a recipe: an input ({@code nir}, {@code rgb}, {@code gray}, and for RGB-only
 * photos {@code photo_rgb}, {@code photo_gray}) or a call: a network by name ({@code f_n(nir)}) or a
 * built-in ({@code detach(x)}: no gradient; {@code gray(x)}: BT.601 luma; {@code mean(x, y)};
 * {@code hflip(x)}: mirror left-right, e.g. for test-time augmentation
 * {@code mean(f_n(nir), hflip(f_n(hflip(nir))))}; {@code fallback(a, b, x, tau)}: two colorizations
 * of one image, {@code a} and {@code b}, blended from their mean toward the gray of {@code x} where
 * they disagree, see {@link Graph#fallback}); a number is written as such ({@code 0.05}).
 * Written as text so that recipes can wire networks together without code; parsed once, where a
 * recipe or a model file is read (Jackson reads and writes an expression as its text), and
 * evaluated by a {@link Graph}.
 */
public sealed interface Expr {
    /** Inputs of a paired batch. */
    Set<String> PAIRED_INPUTS = Set.of("nir", "rgb", "gray");
    /** Inputs of a batch of RGB-only photos (the grayscale task). */
    Set<String> PHOTO_INPUTS = Set.of("photo_rgb", "photo_gray");
    Set<String> BUILTINS = Set.of("detach", "gray", "mean", "hflip", "fallback");

    /**
     * How many arguments each built-in takes: {@code [min, max]}, and for {@code fallback} the
     * position of its one number (every other argument is an image).
     */
    java.util.Map<String, int[]> ARITY = java.util.Map.of("detach", new int[] {1, 1}, "gray", new int[] {1, 1},
            "mean", new int[] {2, Integer.MAX_VALUE}, "hflip", new int[] {1, 1}, "fallback", new int[] {4, 4});

    /** A number, such as the scale of {@code fallback}. */
    record Constant(double value) implements Expr {
        @JsonValue
        @Override
        public String toString() {
            return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        }
    }

    record Input(String name) implements Expr {
        @JsonValue
        @Override
        public String toString() {
            return name;
        }
    }

    record Call(String function, List<Expr> args) implements Expr {
        @JsonValue
        @Override
        public String toString() {
            return function + "(" + String.join(", ", args.stream().map(Expr::toString).toList()) + ")";
        }
    }

    /** Text that is not an expression; the message names the problem. */
    final class SyntaxError extends IllegalArgumentException {
        SyntaxError(String message) {
            super(message);
        }
    }

    /** Parses {@code text}; throws a {@link SyntaxError} naming the problem. */
    @JsonCreator
    static Expr parse(String text) {
        if (text == null || text.isBlank()) {
            throw new SyntaxError("empty expression");
        }
        Parser p = new Parser(text.replace(" ", ""));
        Expr e = p.expr();
        if (p.pos != p.s.length()) {
            throw new SyntaxError("unexpected '" + p.s.substring(p.pos) + "' in expression '" + text + "'");
        }
        return e;
    }

    /** Every name the expression uses: inputs, networks and built-ins. */
    default void names(List<String> inputs, List<String> functions) {
        if (this instanceof Input in) {
            inputs.add(in.name());
        } else if (this instanceof Call c) {
            functions.add(c.function());
            c.args().forEach(a -> a.names(inputs, functions));
        }
    }

    /** The inputs the expression reads, in order of use (with repeats). */
    default List<String> inputs() {
        List<String> inputs = new ArrayList<>();
        names(inputs, new ArrayList<>());
        return inputs;
    }

    /** The functions the expression calls, networks and built-ins, in order of use (with repeats). */
    default List<String> functions() {
        List<String> functions = new ArrayList<>();
        names(new ArrayList<>(), functions);
        return functions;
    }

    /** This expression with every use of input {@code name} replaced by {@code by}. */
    default Expr substitute(String name, Expr by) {
        if (this instanceof Input in) {
            return in.name().equals(name) ? by : this;
        }
        if (this instanceof Call c) {
            return new Call(c.function(), c.args().stream().map(a -> a.substitute(name, by)).toList());
        }
        return this;
    }

    /** Whether the expression reads the RGB-only photo batch. */
    default boolean usesPhotos() {
        return inputs().stream().anyMatch(PHOTO_INPUTS::contains);
    }

    final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        Expr expr() {
            if (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
                int start = pos;
                while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
                    pos++;
                }
                try {
                    return new Constant(Double.parseDouble(s.substring(start, pos)));
                } catch (NumberFormatException e) {
                    throw new SyntaxError("'" + s.substring(start, pos) + "' is not a number, in '" + s + "'");
                }
            }
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                pos++;
            }
            if (start == pos) {
                throw new SyntaxError("expected a name at position " + pos + " of '" + s + "'");
            }
            String name = s.substring(start, pos);
            if (pos < s.length() && s.charAt(pos) == '(') {
                pos++;
                List<Expr> args = new ArrayList<>();
                args.add(expr());
                while (pos < s.length() && s.charAt(pos) == ',') {
                    pos++;
                    args.add(expr());
                }
                if (pos >= s.length() || s.charAt(pos) != ')') {
                    throw new SyntaxError("missing ')' in '" + s + "'");
                }
                pos++;
                return new Call(name, List.copyOf(args));
            }
            return new Input(name);
        }
    }
}
