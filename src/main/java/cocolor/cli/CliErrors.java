package cocolor.cli;

import cocolor.base.ErrorText;
import cocolor.base.UserError;
import cocolor.commandline.ParameterMessages;
import cocolor.commandline.UsageError;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Turns failures into one clear line on stderr and a non-zero exit code; a stack trace only with
 * {@code --debug}. Exit codes: 0 done, {@link #FAILED} 1 the job failed, {@link #USAGE} 2 the
 * command line is wrong.
 */
final class CliErrors {
    private static final Logger log = LoggerFactory.getLogger(CliErrors.class);

    /** Exit code for a usage error (bad option). */
    static final int USAGE = 2;
    /** Exit code when the job failed on its input or environment. */
    static final int FAILED = 1;

    static final String DEBUG_HINT = "; this is a bug in cocolor: rerun with --debug for details and report it";

    /** Set by {@code --debug}: failures also print their stack trace. */
    private static volatile boolean debug;

    private CliErrors() {}

    static void setDebug(boolean on) {
        debug = on;
    }

    static final class ExecutionHandler implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(
                Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
            report(cl.getErr(), ex);
            if (ex instanceof UsageError) {
                cl.getErr().println("Try '" + cl.getCommandSpec().qualifiedName() + " --help'.");
                return USAGE;
            }
            return FAILED;
        }
    }

    /** Prints the one-line error, plus the stack trace with {@code --debug}. */
    static void report(java.io.PrintWriter err, Throwable ex) {
        // One line, even when a library's message spans several.
        String line = describe(ex).replaceAll("\\s*\\R\\s*", " ").strip();
        err.println("error: " + line + (expected(ex) ? "" : DEBUG_HINT));
        if (debug) {
            ex.printStackTrace(err);
        } else {
            log.debug("failure detail", ex);
        }
        err.flush();
    }

    /** True for failures the user can act on; anything else is unexpected (a bug). */
    static boolean expected(Throwable ex) {
        if (ex instanceof UncheckedIOException && ex.getCause() != null) {
            return expected(ex.getCause());
        }
        return ex instanceof UserError || ex instanceof IOException || ex instanceof OutOfMemoryError;
    }

    static final class ParameterHandler implements CommandLine.IParameterExceptionHandler {
        @Override
        public int handleParseException(CommandLine.ParameterException ex, String[] args) {
            CommandLine cl = ex.getCommandLine();
            cl.getErr().println("error: " + message(ex));
            cl.getErr().println("Try '" + cl.getCommandSpec().qualifiedName() + " --help'.");
            return USAGE;
        }
    }

    /** picocli's message, but for a word where a command belongs: it is an unknown command, and the commands are named. */
    private static String message(CommandLine.ParameterException ex) {
        CommandLine cl = ex.getCommandLine();
        if (ex instanceof CommandLine.UnmatchedArgumentException unmatched && !cl.getSubcommands().isEmpty()
                && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-")) {
            return "unknown command '" + unmatched.getUnmatched().get(0) + "'; commands: "
                    + String.join(", ", cl.getSubcommands().keySet());
        }
        return ParameterMessages.of(ex);
    }

    /** The failure's one-line text ({@link ErrorText}). */
    static String describe(Throwable ex) {
        return ErrorText.of(ex);
    }
}
