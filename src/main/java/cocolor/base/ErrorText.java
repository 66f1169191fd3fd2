package cocolor.base;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one-line text of a failure, as every front end prints it after {@code error: } (the command
 * line) or records it (the Spark job's manifest): our own messages as they are (they name the file
 * and the problem), the file system's by kind, anything else by its class and message.
 */
public final class ErrorText {
    private ErrorText() {}

    public static String of(Throwable ex) {
        if (ex instanceof UserError || ex instanceof IllegalArgumentException) {
            return ex.getMessage();
        }
        if (ex instanceof UncheckedIOException && ex.getCause() != null) {
            return of(ex.getCause());
        }
        if (ex instanceof java.nio.file.NoSuchFileException) {
            return "no such file: " + ex.getMessage();
        }
        if (ex instanceof java.nio.file.AccessDeniedException) {
            return "permission denied: " + ex.getMessage();
        }
        if (ex instanceof OutOfMemoryError) {
            return "out of memory; try a smaller batch or tile size, or a larger -Xmx";
        }
        String msg = ex.getMessage();
        String kind = ex instanceof IOException ? "I/O error" : ex.getClass().getSimpleName();
        return msg == null || msg.isBlank() ? kind : kind + ": " + msg.strip();
    }
}
