package cocolor.recipe;

import cocolor.base.UserError;
import cocolor.expr.Expr;
import cocolor.loss.Losses;
import cocolor.nn.NetworkSpec;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Reads recipes from YAML and checks that every name in them refers to something real. */
public final class RecipeLoader {
    /**
     * The recipes shipped in the jar ({@code /recipes/<name>.yaml}, from the repository's
     * {@code recipes/} folder), which {@code --recipe} can name.
     */
    public static final List<String> BUILTINS = List.of("baseline", "cocolor", "cocolor-progressive", "default", "finetune");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private RecipeLoader() {}

    public static Recipe load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserError("recipe not found: " + file);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new UserError("cannot read recipe " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code name} is one of the {@link #BUILTINS}. */
    public static boolean isBuiltin(String name) {
        return BUILTINS.contains(name);
    }

    /** A recipe shipped inside the jar, by name ({@link #BUILTINS}). */
    public static Recipe builtin(String name) {
        String resource = resource(name);
        try (InputStream in = RecipeLoader.class.getResourceAsStream(resource)) {
            if (!isBuiltin(name) || in == null) {
                throw new UserError("no built-in recipe named '" + name + "'; built-in recipes: " + String.join(", ", BUILTINS));
            }
            return parse(in, "built-in recipe " + name);
        } catch (IOException e) {
            throw new UserError("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }

    private static String resource(String name) {
        return "/recipes/" + name + ".yaml";
    }

    public static Recipe parse(InputStream in, String source) throws IOException {
        byte[] text = in.readAllBytes();
        if (new String(text, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            throw new UserError(source + " is empty");
        }
        Recipe r;
        try {
            r = YAML.readValue(text, Recipe.class);
        } catch (UnrecognizedPropertyException e) {
            List<String> known = e.getKnownPropertyIds() == null ? List.of()
                    : e.getKnownPropertyIds().stream().map(Object::toString).sorted().toList();
            throw new UserError(source + ": unknown key '" + e.getPropertyName() + "' at " + path(e)
                    + "; allowed: " + String.join(", ", known));
        } catch (InvalidTypeIdException e) {
            throw new UserError(source + ": unknown network type '" + e.getTypeId() + "' at " + path(e) + "; allowed: "
                    + String.join(", ", NetworkSpec.types()));
        } catch (MismatchedInputException e) {
            if (e instanceof InvalidFormatException f && f.getTargetType() == Mode.class) {
                throw new UserError(source + ": export " + Mode.unknown(String.valueOf(f.getValue())));
            }
            if (e.getPath().isEmpty()) {
                throw new UserError(source + " is not a recipe: expected a YAML mapping with the keys name, data,"
                        + " networks, stages and export");
            }
            throw new UserError(source + ": wrong kind of value at " + path(e) + " (" + firstLine(e.getOriginalMessage()) + ")");
        } catch (JsonMappingException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            if (root instanceof Expr.SyntaxError) {
                throw new UserError(source + ": " + path(e) + ": " + root.getMessage());
            }
            String msg = root instanceof IllegalArgumentException ? root.getMessage() : e.getOriginalMessage();
            throw new UserError(source + ": " + msg + " (at " + path(e) + ")");
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new UserError(source + " is not valid YAML" + where + ": " + firstLine(e.getOriginalMessage()));
        }
        if (r == null) {
            throw new UserError(source + " is empty");
        }
        try {
            validate(r);
        } catch (IllegalArgumentException e) {
            throw new UserError(source + ": " + e.getMessage());
        }
        return r;
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("").strip();
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    static void validate(Recipe r) {
        require(r.name() != null && !r.name().isBlank(), "'name' is required");
        require(r.data() != null, "'data' is required");
        require(r.networks() != null && !r.networks().isEmpty(), "'networks' needs at least one network");
        require(r.stages() != null && !r.stages().isEmpty(), "'stages' needs at least one stage");
        require(r.export() != null && !r.export().isEmpty(),
                "'export' must name the 'nir' or the 'gray' expression (or both)");
        Set<String> nets = r.networks().keySet();
        for (String n : nets) {
            require(!Expr.BUILTINS.contains(n) && !Expr.PAIRED_INPUTS.contains(n) && !Expr.PHOTO_INPUTS.contains(n),
                    "network name '" + n + "' is reserved");
            try {
                if (r.networks().get(n) != null) {
                    r.networks().get(n).validated(); // shape errors now, not after the data has loaded
                }
            } catch (IllegalArgumentException e) {
                throw new UserError("networks." + n + ": " + e.getMessage());
            }
        }
        for (Map.Entry<Mode, Expr> e : r.export().entrySet()) {
            checkExpr(e.getValue(), nets, "export." + e.getKey().key(), false);
        }
        checkExpr(r.validationExpression(), nets, "validation", false);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < r.stages().size(); i++) {
            StageSpec s = r.stages().get(i);
            String where = "stages[" + i + "]";
            require(s.name() != null && names.add(s.name()), where + ": each stage needs a unique 'name'");
            require(s.epochs() != null || s.minutes() != null, where + ": give 'epochs' or 'minutes'");
            require(s.epochs() == null || s.epochs() > 0, where + ": 'epochs' must be > 0");
            require(s.minutes() == null || s.minutes() > 0, where + ": 'minutes' must be > 0");
            require(s.train() != null && !s.train().isEmpty(), where + ": 'train' must list the networks that learn");
            for (String t : s.train()) {
                require(nets.contains(t), where + ".train: unknown network '" + t + "'; defined: " + nets);
            }
            require(s.optimizer() != null, where + ": 'optimizer' is required");
            require(s.ema() == null || (s.ema() > 0 && s.ema() < 1), where + ": 'ema' must be in (0, 1)");
            if (s.init() != null) {
                for (Map.Entry<String, String> e : s.init().entrySet()) {
                    require(nets.contains(e.getKey()) && nets.contains(e.getValue()),
                            where + ".init: unknown network in '" + e.getKey() + ": " + e.getValue() + "'; defined: " + nets);
                    require(r.networks().get(e.getKey()).equals(r.networks().get(e.getValue())),
                            where + ".init: '" + e.getKey() + "' can start from '" + e.getValue()
                                    + "' only if both have the same architecture");
                }
            }
            int crop;
            try {
                crop = r.dataFor(s).crop();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ".data: " + dataError(e));
            }
            require(crop % r.stride() == 0, where + ": the crop " + crop + " must be a multiple of the networks' stride "
                    + r.stride() + " (the input side of a network is)");
            if (s.validate() != null) {
                checkExpr(s.validate(), nets, where + ".validate", false);
            }
            require(s.losses() != null && !s.losses().isEmpty(), where + ": 'losses' needs at least one term");
            for (int j = 0; j < s.losses().size(); j++) {
                checkLoss(s.losses().get(j), nets, s.train(), where + ".losses[" + j + "]");
            }
            require(s.losses().stream().anyMatch(l -> l.weight() > 0 && l.interval() == 1),
                    where + ": at least one loss term with a weight > 0 must count on every step (no 'every')");
        }
    }

    /** The first line of Jackson's complaint about a stage's data keys, or the constructor's own message. */
    private static String dataError(IllegalArgumentException e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        if (root instanceof UnrecognizedPropertyException u) {
            return "unknown key '" + u.getPropertyName() + "'";
        }
        return firstLine(root instanceof JsonMappingException j ? j.getOriginalMessage() : root.getMessage());
    }

    private static void checkLoss(LossSpec l, Set<String> nets, List<String> trained, String where) {
        require(l.type() != null && Losses.types().contains(l.type()),
                where + ": unknown loss type '" + l.type() + "'; allowed: " + new TreeSet<>(Losses.types()));
        require(l.weight() != null && l.weight() >= 0, where + ": 'weight' is required and must be >= 0");
        require(l.every() == null || l.every() >= 1, where + ": 'every' must be a whole number >= 1");
        checkExpr(l.pred(), nets, where + ".pred", true);
        if (l.type().equals(Losses.GAN)) {
            require(l.discriminator() != null && nets.contains(l.discriminator()),
                    where + ": a gan loss needs 'discriminator', one of the networks");
            checkExpr(l.real(), nets, where + ".real", true);
        } else {
            checkExpr(l.target(), nets, where + ".target", true);
        }
    }

    /**
     * Checks that {@code e} calls only networks in {@code nets} or built-ins and reads only known
     * inputs (photo inputs where {@code photosAllowed}, never mixed with paired ones); the message
     * starts with {@code where}. Recipes and the expressions given to {@code cocolor export} share it.
     *
     * @throws IllegalArgumentException naming the problem
     */
    public static void checkExpr(Expr e, Set<String> nets, String where, boolean photosAllowed) {
        require(e != null, where + ": empty expression");
        List<String> inputs = e.inputs();
        for (String in : inputs) {
            boolean ok = Expr.PAIRED_INPUTS.contains(in) || (photosAllowed && Expr.PHOTO_INPUTS.contains(in));
            require(ok, where + ": unknown input '" + in + "'; inputs are nir, rgb, gray"
                    + (photosAllowed ? ", photo_rgb, photo_gray" : ""));
        }
        for (String f : e.functions()) {
            require(nets.contains(f) || Expr.BUILTINS.contains(f),
                    where + ": '" + f + "' is neither a network " + nets + " nor a built-in " + Expr.BUILTINS);
        }
        checkArguments(e, nets, where);
        require(!(e.usesPhotos() && Expr.PAIRED_INPUTS.stream().anyMatch(inputs::contains)),
                where + ": an expression cannot mix paired inputs with photo inputs");
    }

    /** Each call's number of arguments, and numbers only where a built-in takes one. */
    private static void checkArguments(Expr e, Set<String> nets, String where) {
        if (e instanceof Expr.Constant k) {
            throw new IllegalArgumentException(where + ": the number " + k + " stands where an image is expected");
        }
        if (!(e instanceof Expr.Call c)) {
            return;
        }
        int[] arity = nets.contains(c.function()) ? new int[] {1, 1} : Expr.ARITY.get(c.function());
        int n = c.args().size();
        require(n >= arity[0] && n <= arity[1], where + ": " + c.function() + "(...) takes "
                + (arity[0] == arity[1] ? String.valueOf(arity[0]) : arity[1] == Integer.MAX_VALUE ? "at least " + arity[0] : arity[0] + " to " + arity[1])
                + (arity[0] == 1 && arity[1] == 1 ? " argument" : " arguments") + ", got " + n + " in '" + c + "'");
        for (int i = 0; i < n; i++) {
            Expr a = c.args().get(i);
            if (c.function().equals("fallback") && i == 3) {
                require(a instanceof Expr.Constant k && k.value() > 0 && k.value() <= 10,
                        where + ": the last argument of fallback(a, b, x, tau) is a number in (0, 10], got '" + a + "'");
            } else {
                checkArguments(a, nets, where);
            }
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
