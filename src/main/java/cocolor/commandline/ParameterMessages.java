package cocolor.commandline;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * picocli's command-line errors in the project's wording, for every command line (cocolor's and the
 * Spark job's): no second "Error:" after the {@code error:} prefix, a missing option named with its
 * value ({@code missing required option --output DIR}), exclusive options said plainly.
 */
public final class ParameterMessages {
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])(--?[A-Za-z][\\w-]*)");

    private ParameterMessages() {}

    /** The one-line message for {@code ex}, without the {@code error:} prefix. */
    public static String of(CommandLine.ParameterException ex) {
        if (ex instanceof CommandLine.MissingParameterException missing && !missing.getMissing().isEmpty()) {
            List<String> names = missing.getMissing().stream().map(ParameterMessages::named).toList();
            boolean options = missing.getMissing().stream().allMatch(ArgSpec::isOption);
            return "missing required " + (options ? "option" : "argument") + (names.size() > 1 ? "s " : " ")
                    + String.join(", ", names);
        }
        if (ex instanceof CommandLine.MutuallyExclusiveArgsException) {
            List<String> names = optionNames(ex.getMessage());
            if (names.size() >= 2) {
                return String.join(" and ", names) + " cannot be given together; give one of them";
            }
        }
        return plain(ex.getMessage());
    }

    /** An option with its value's label ({@code --output DIR}), or a positional parameter's label. */
    private static String named(ArgSpec arg) {
        if (arg instanceof OptionSpec option) {
            return option.longestName() + (option.arity().max() > 0 ? " " + option.paramLabel() : "");
        }
        return arg.paramLabel();
    }

    private static List<String> optionNames(String message) {
        Matcher m = OPTION.matcher(message);
        List<String> names = new java.util.ArrayList<>();
        while (m.find()) {
            if (!names.contains(m.group(1))) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** picocli's message without its "Error: " and with a lower-case first word, as the project's messages read. */
    static String plain(String message) {
        String m = message.strip().replaceFirst("^Error:\\s*", "");
        if (m.length() > 1 && Character.isUpperCase(m.charAt(0)) && Character.isLowerCase(m.charAt(1))) {
            m = m.substring(0, 1).toLowerCase(Locale.ROOT) + m.substring(1);
        }
        return m;
    }
}
