package cocolor.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** Turns failures into one clear line on stderr and a non-zero exit code; never a stack trace. */
final class CliErrors {
    private static final Logger log = LoggerFactory.getLogger(CliErrors.class);

    /** Exit code for a usage error (bad option). */
    static final int USAGE = 2;
    /** Exit code when the job failed on its input or environment. */
    static final int FAILED = 1;

    private CliErrors() {}

    static final class ExecutionHandler implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(
                Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
            cl.getErr().println("error: " + describe(ex));
            log.debug("failure detail", ex);
            return FAILED;
        }
    }

    static final class ParameterHandler implements CommandLine.IParameterExceptionHandler {
        @Override
        public int handleParseException(CommandLine.ParameterException ex, String[] args) {
            CommandLine cl = ex.getCommandLine();
            cl.getErr().println("error: " + ex.getMessage());
            cl.getErr().println("Try '" + cl.getCommandSpec().qualifiedName() + " --help'.");
            return USAGE;
        }
    }

    /** One line for the user: our own messages as they are, others with their kind. */
    static String describe(Throwable ex) {
        if (ex instanceof UserError || ex instanceof IllegalArgumentException) {
            return ex.getMessage();
        }
        if (ex instanceof UncheckedIOException && ex.getCause() != null) {
            return describe(ex.getCause());
        }
        if (ex instanceof java.nio.file.NoSuchFileException) {
            return "no such file: " + ex.getMessage();
        }
        if (ex instanceof java.nio.file.AccessDeniedException) {
            return "permission denied: " + ex.getMessage();
        }
        if (ex instanceof IOException) {
            return "I/O error: " + ex.getMessage();
        }
        if (ex instanceof OutOfMemoryError) {
            return "out of memory; try a smaller batch or tile size, or a larger -Xmx";
        }
        String msg = ex.getMessage();
        return ex.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
    }
}
