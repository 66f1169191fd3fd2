package cocolor.video;

import cocolor.image.FloatImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small clips made in the test: a gray pattern that drifts right one pixel per frame. */
public final class TestClips {
    private TestClips() {}

    /** Frame {@code t} of the drifting pattern, one channel in [0.1, 0.9]. */
    public static FloatImage frame(int width, int height, int t) {
        FloatImage f = new FloatImage(1, height, width);
        float[] d = f.data();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double u = (x - t) * 2 * Math.PI / 24.0;
                double v = y * 2 * Math.PI / 32.0;
                d[y * width + x] = (float) (0.5 + 0.25 * Math.sin(u) + 0.15 * Math.cos(v));
            }
        }
        return f;
    }

    /** Writes {@code frames} frames of the pattern at {@code fps} into {@code file} (MP4, no audio). */
    public static Path write(Path file, int width, int height, int frames, int fps) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (VideoWriter w = VideoWriter.create(file, width, height, fps)) {
            for (int t = 0; t < frames; t++) {
                w.writeFrame(frame(width, height, t).toRgb(), t, 1);
            }
            w.finish();
        }
        return file;
    }
}
