package cocolor.video;

import cocolor.base.UserError;
import java.nio.file.Path;

/** A video file could not be read; the message names the file and the problem on one line. */
public class VideoReadException extends UserError {
    public VideoReadException(Path file, String problem) {
        super(file + ": " + problem);
    }
}
