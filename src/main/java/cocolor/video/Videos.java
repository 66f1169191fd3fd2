package cocolor.video;

import cocolor.image.Images;
import java.nio.file.Path;
import java.util.Set;

/** Which files are videos, by name: the containers FFmpeg reads that cameras and editors write. */
public final class Videos {
    /** Extensions taken as videos (any case). */
    public static final Set<String> EXTENSIONS =
            Set.of("mp4", "m4v", "mov", "mkv", "webm", "avi", "mpg", "mpeg", "ts", "mts", "m2ts", "wmv", "flv", "3gp", "ogv");

    /** The extension of every colorized video: H.264 (or MPEG-4 Part 2) in an MP4 file. */
    public static final String OUTPUT_EXTENSION = "mp4";

    private Videos() {}

    public static boolean isVideoFile(Path file) {
        return Images.hasExtension(file, EXTENSIONS);
    }
}
