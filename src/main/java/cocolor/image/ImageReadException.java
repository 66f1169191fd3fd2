package cocolor.image;

import cocolor.base.UserError;
import java.nio.file.Path;

/** An image file could not be read; the message names the file and the problem on one line. */
public class ImageReadException extends UserError {
    private final Path file;

    public ImageReadException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public ImageReadException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file that could not be read. */
    public Path file() {
        return file;
    }
}
