package cocolor.video;

import cocolor.base.UserError;
import java.nio.file.Path;

/** A colorized video could not be written; the message names the file and the problem. */
public class VideoWriteException extends UserError {
    public VideoWriteException(Path file, String problem) {
        super(file + ": " + problem);
    }
}
