package cocolor.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cocolor.TinyModel;
import cocolor.base.ProgressListener;
import cocolor.base.UserError;
import ai.djl.ndarray.NDManager;
import cocolor.engine.EngineSetup;
import cocolor.expr.Expr;
import cocolor.recipe.Mode;
import cocolor.video.TestClips;
import cocolor.video.VideoFrame;
import cocolor.video.VideoReader;
import java.util.Map;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library's video entry point. */
class VideoColorizerTest {
    @TempDir
    Path tmp;

    @Test
    void theNetworkSeesEveryFrameWithoutTheTemporalMethodAndFewerWithIt() {
        Path clip = TestClips.write(tmp.resolve("a.mp4"), 40, 32, 12, 10);
        try (Colorizer c = Colorizer.load(TinyModel.get())) {
            VideoColorizer videos = new VideoColorizer(c);
            VideoColorizer.Result perFrame = videos.colorize(clip, tmp.resolve("out/per-frame.mp4"),
                    new VideoColorizer.Options(Mode.NIR, Scale.AUTO, false), ProgressListener.NONE);
            assertEquals(12, perFrame.frames());
            assertEquals(12, perFrame.networkFrames());
            VideoColorizer.Result temporal = videos.colorize(clip, tmp.resolve("out/temporal.mp4"));
            assertEquals(12, temporal.frames());
            long keys = 12 / ClipColorizer.Temporal.DEFAULT.keyInterval();
            // The pattern drifts fast for its size: some frames count as scene cuts, decided afresh.
            assertTrue(temporal.networkFrames() >= keys && temporal.networkFrames() < 12, temporal.toString());
            assertEquals("libopenh264", temporal.encoder());
            assertTrue(Files.isRegularFile(tmp.resolve("out/temporal.mp4")));
        }
    }

    @Test
    void grayFilmKeepsItsLuminanceFrameForFrame() throws Exception {
        Path film = TestClips.write(tmp.resolve("film.mp4"), 64, 48, 4, 10);
        Path model = tmp.resolve("gray.cocolor");
        try (NDManager manager = EngineSetup.engine().newBaseManager()) {
            ModelFile.Loaded tiny = ModelFile.load(TinyModel.get(), manager);
            ModelFile.export(model, tiny.networks(), Map.of(Mode.GRAY, Expr.parse("f_n(gray)")), "gray-only", null, Map.of(), null);
        }
        Path out = tmp.resolve("out/film.mp4");
        try (Colorizer c = Colorizer.load(model)) {
            new VideoColorizer(c).colorize(film, out, new VideoColorizer.Options(Mode.GRAY, Scale.AUTO, true),
                    ProgressListener.NONE);
        }
        try (VideoReader in = VideoReader.open(film); VideoReader colour = VideoReader.open(out)) {
            int n = 0;
            for (VideoFrame a, b; (a = in.read()) != null; n++) {
                b = colour.read();
                double diff = 0;
                for (int i = 0; i < a.luma().data().length; i++) {
                    diff += Math.abs(a.luma().data()[i] - b.luma().data()[i]);
                }
                assertTrue(diff / a.luma().data().length < 3 / 255.0, "frame " + n + ": luma off by " + 255 * diff / a.luma().data().length);
            }
            assertEquals(4, n);
        }
    }

    @Test
    void aVideoIsNeverWrittenOverItself() throws Exception {
        Path clip = TestClips.write(tmp.resolve("a.mp4"), 40, 32, 2, 10);
        byte[] before = Files.readAllBytes(clip);
        try (Colorizer c = Colorizer.load(TinyModel.get())) {
            UserError e = assertThrows(UserError.class, () -> new VideoColorizer(c).colorize(clip, tmp.resolve("./a.mp4")));
            assertTrue(e.getMessage().contains("would replace its input"), e.getMessage());
        }
        assertArrayEquals(before, Files.readAllBytes(clip));
    }
}
