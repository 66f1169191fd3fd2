package cocolor.image;

import java.nio.file.Path;

/**
 * An image's header claims more pixels than allowed. Raised before any pixel is decoded, and a
 * separate type so that a server can answer "too large" rather than "bad image".
 */
public class ImageTooLargeException extends ImageReadException {
    public ImageTooLargeException(Path file, String problem) {
        super(file, problem);
    }
}
