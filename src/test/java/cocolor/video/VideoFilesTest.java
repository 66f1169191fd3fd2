package cocolor.video;

import cocolor.ImageDifference;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cocolor.image.FloatImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoFilesTest {
    @TempDir
    Path dir;

    private static List<VideoFrame> readAll(VideoReader r) {
        List<VideoFrame> frames = new ArrayList<>();
        for (VideoFrame f; (f = r.read()) != null; ) {
            frames.add(f);
        }
        return frames;
    }


    @Test
    void aWrittenClipReadsBackWithItsSizeFrameCountTimingAndLuma() {
        Path clip = TestClips.write(dir.resolve("drift.mp4"), 64, 48, 7, 12);
        try (VideoReader r = VideoReader.open(clip)) {
            VideoInfo info = r.info();
            assertEquals(64, info.width());
            assertEquals(48, info.height());
            assertEquals(12.0, info.frameRate(), 1e-6);
            List<VideoFrame> frames = readAll(r);
            assertEquals(7, frames.size());
            for (int t = 0; t < frames.size(); t++) {
                double err = ImageDifference.mean(frames.get(t).luma(), TestClips.frame(64, 48, t));
                assertTrue(err < 3 / 255.0, "frame " + t + " luma off by " + err * 255 + " levels");
            }
            assertNull(r.readProblem());
        }
    }

    @Test
    void oddFrameSizesAreWrittenAndReadAtTheirOwnSize() {
        Path clip = TestClips.write(dir.resolve("odd.mp4"), 39, 25, 3, 10);
        try (VideoReader r = VideoReader.open(clip)) {
            assertEquals(39, r.info().width());
            assertEquals(25, r.info().height());
            assertEquals(3, readAll(r).size());
        }
    }
}
