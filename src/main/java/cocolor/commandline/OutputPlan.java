package cocolor.commandline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which input writes which output, planned the same way by every front end that colorizes files
 * ({@code cocolor colorize} on local paths, the Spark job on Hadoop URIs): an input's output is
 * {@code OUTPUT/<input name without extension>.png} ({@code .mp4} for a video); a run in which an
 * output would replace an input is refused before any work, as a wrong command line; inputs that
 * would write the same output are each a problem, and none of them is colorized.
 *
 * @param <F> how a front end names a file
 */
public final class OutputPlan<F> {
    /** The output extension of an image. */
    public static final String PNG = "png";
    /** What to do instead when an output would replace an input. */
    static final String FIX = "colorize into an --output folder that holds none of the inputs";

    private final Map<F, List<F>> writers; // output → the inputs that would write it, in input order

    private OutputPlan(Map<F, List<F>> writers) {
        this.writers = writers;
    }

    /**
     * Plans {@code inputs}, in their order; {@code outputOf} names an input's output (see
     * {@link #outputName}), {@code isInput.test(output, input)} says whether writing {@code output}
     * would replace {@code input}.
     *
     * @throws UsageError if an output would replace an input
     */
    public static <F> OutputPlan<F> of(Collection<F> inputs, Function<F, F> outputOf, BiPredicate<F, F> isInput) {
        Map<F, List<F>> writers = new LinkedHashMap<>();
        for (F input : inputs) {
            writers.computeIfAbsent(outputOf.apply(input), k -> new ArrayList<>()).add(input);
        }
        // An input that an output would replace is among that output's own writers: it lies in the
        // output folder under the output's name, so its output is itself.
        writers.forEach((output, files) -> files.forEach(input -> {
            if (isInput.test(output, input)) {
                throw replacing(output, input, FIX);
            }
        }));
        return new OutputPlan<>(writers);
    }

    /**
     * The error of a run whose {@code output} would replace its {@code input} (no command overwrites
     * its input); {@code fix} says what to do instead.
     */
    public static UsageError replacing(Object output, Object input, String fix) {
        return new UsageError("the output " + output + " is the input " + input + "; " + fix);
    }

    /** {@code <file name without extension>.<extension>}: the name of an input's output. */
    public static String outputName(String inputFileName, String extension) {
        int dot = inputFileName.lastIndexOf('.');
        return (dot > 0 ? inputFileName.substring(0, dot) : inputFileName) + "." + extension;
    }

    /** Every output with the inputs that would write it, outputs in the order of their first input. */
    public Map<F, List<F>> writers() {
        return writers;
    }

    /** Every output, in the order of their first input. */
    public List<F> outputs() {
        return List.copyOf(writers.keySet());
    }

    /**
     * Why {@code input}, which would write {@code output}, is not colorized: other inputs would
     * write the same file; empty if it is the only one.
     */
    public Optional<String> collision(F input, F output) {
        List<F> others = new ArrayList<>(writers.get(output));
        others.remove(input);
        if (others.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("its output " + output + " is also the output of "
                + others.stream().map(String::valueOf).collect(Collectors.joining(" and ")) + "; colorize them into different folders");
    }
}
