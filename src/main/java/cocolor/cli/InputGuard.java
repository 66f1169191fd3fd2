package cocolor.cli;

import cocolor.commandline.OutputPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * No command overwrites one of its inputs: a run whose output file would be an input is refused
 * before any work, as a wrong command line (exit code 2; {@link OutputPlan#replacing}). Files are compared as files, not as
 * names, so a symbolic link, a relative path or {@code dir/../dir} cannot slip past.
 */
final class InputGuard {
    private InputGuard() {}

    /** Whether {@code output} exists and is the file {@code input} (which may not exist). */
    static boolean isSameFile(Path output, Path input) {
        if (!Files.exists(output) || !Files.exists(input)) {
            return false;
        }
        try {
            return Files.isSameFile(output, input);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compare " + output + " with " + input + ": " + e.getMessage(), e);
        }
    }

    /** Refuses the run if writing {@code output} would replace {@code input}; {@code fix} says what to do instead. */
    static void refuseOverwrite(Path output, Path input, String fix) {
        if (isSameFile(output, input)) {
            throw OutputPlan.replacing(output, input, fix);
        }
    }
}
