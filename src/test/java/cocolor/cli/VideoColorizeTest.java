package cocolor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cocolor.TinyModel;
import cocolor.image.FloatImage;
import cocolor.image.Images;
import cocolor.video.AudioPacket;
import cocolor.video.TestClips;
import cocolor.video.VideoFrame;
import cocolor.video.VideoInfo;
import cocolor.video.VideoReader;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cocolor colorize} on videos: what comes out, with images beside them, and every kind of bad video. */
class VideoColorizeTest {
    @TempDir
    Path tmp;

    /** Everything a clip holds that its colorization must keep: size, rate, timestamps, audio. */
    private record Clip(VideoInfo info, List<Long> pts, List<Long> durations, List<Integer> audioSizes, List<FloatImage> luma) {}

    private static Clip read(Path file) {
        try (VideoReader r = VideoReader.open(file)) {
            List<Long> pts = new ArrayList<>();
            List<Long> durations = new ArrayList<>();
            List<Integer> audio = new ArrayList<>();
            List<FloatImage> luma = new ArrayList<>();
            for (VideoFrame f; (f = r.read()) != null; ) {
                pts.add(f.pts());
                durations.add(f.duration());
                luma.add(f.luma());
                f.audio().forEach(a -> audio.add(a.size()));
                f.discardAudio();
            }
            List<AudioPacket> rest = r.remainingAudio();
            rest.forEach(a -> audio.add(a.size()));
            rest.forEach(AudioPacket::close);
            return new Clip(r.info(), pts, durations, audio, luma);
        }
    }

    private CliRun colorize(String... args) {
        List<String> all = new ArrayList<>(List.of("colorize", "--model", TinyModel.get().toString(), "--no-progress"));
        all.addAll(List.of(args));
        return CliRun.of(all.toArray(String[]::new));
    }

    private static List<String> filesIn(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFolderOfImagesAndVideosGivesPngsAndMp4sOfTheSameSizesFrameCountsAndTiming() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        TestClips.write(in.resolve("drift.mov"), 64, 48, 6, 12);
        Images.writePng(TestClips.frame(40, 30, 0), in.resolve("still.png"));
        Path out = tmp.resolve("out");
        CliRun run = colorize(in.toString(), "-o", out.toString());
        assertEquals(0, run.exit(), run.toString());
        assertEquals(List.of("drift.mp4", "still.png"), filesIn(out), "one output per input, nothing else (no temporary files)");
        Clip source = read(in.resolve("drift.mov"));
        Clip colour = read(out.resolve("drift.mp4"));
        assertEquals(64, colour.info().width());
        assertEquals(48, colour.info().height());
        assertEquals(12.0, colour.info().frameRate(), 1e-6);
        assertEquals(source.pts(), colour.pts(), "every frame at its own time");
        assertEquals(source.info().durationSeconds(), colour.info().durationSeconds(), 1e-3);
        assertTrue(run.err().contains("6 frames"), run.toString());
    }

    @Test
    void movMkvAviAndWebmAreReadAndComeOutAsMp4() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        TestClips.writeIn(in.resolve("a.mov"), "mov", "libopenh264", 48, 32, 4, 10);
        TestClips.writeIn(in.resolve("b.mkv"), "matroska", "libopenh264", 48, 32, 4, 10);
        TestClips.writeIn(in.resolve("c.avi"), "avi", "mpeg4", 48, 32, 4, 10);
        TestClips.writeIn(in.resolve("d.webm"), "webm", "libvpx", 48, 32, 4, 10);
        Path out = tmp.resolve("out");
        CliRun run = colorize(in.toString(), "-o", out.toString());
        assertEquals(0, run.exit(), run.toString());
        assertEquals(List.of("a.mp4", "b.mp4", "c.mp4", "d.mp4"), filesIn(out));
        for (String name : filesIn(out)) {
            Clip clip = read(out.resolve(name));
            assertEquals(4, clip.pts().size(), name);
            assertEquals(48, clip.info().width(), name);
            assertEquals(10.0, clip.info().frameRate(), 1e-6, name);
        }
    }

    @Test
    void aClipWithSoundKeepsItsAudioPacketForPacket() throws Exception {
        Path clip = tmp.resolve("night.mp4");
        try (InputStream s = getClass().getResourceAsStream("/samples/video/camera_trap_night_3s.mp4")) {
            Files.copy(s, clip, StandardCopyOption.REPLACE_EXISTING);
        }
        Path out = tmp.resolve("out");
        CliRun run = colorize(clip.toString(), "-o", out.toString());
        assertEquals(0, run.exit(), run.toString());
        Clip source = read(clip);
        Clip colour = read(out.resolve("night.mp4"));
        assertTrue(colour.info().hasAudio(), "the audio stream is there");
        assertEquals(source.audioSizes(), colour.audioSizes(), "the same audio packets");
        assertEquals(source.pts().size(), colour.pts().size(), "every frame");
        assertEquals(source.info().width(), colour.info().width());
        assertEquals(source.info().height(), colour.info().height());
        assertEquals(source.info().durationSeconds(), colour.info().durationSeconds(), 0.05);
    }

    @Test
    void aVariableFrameRateKeepsEveryFramesTimestamp() {
        Path clip = TestClips.writeAtTimes(tmp.resolve("vfr.mp4"), 32, 24, 0, 40, 120, 130, 300, 333);
        Path out = tmp.resolve("out");
        CliRun run = colorize(clip.toString(), "-o", out.toString());
        assertEquals(0, run.exit(), run.toString());
        assertEquals(read(clip).pts(), read(out.resolve("vfr.mp4")).pts());
    }

    @Test
    void oddSizesTenBitClipsAnd4kWork() {
        Path odd = TestClips.write(tmp.resolve("odd.mp4"), 719, 405, 2, 24);
        Path tenBit = TestClips.write10Bit(tmp.resolve("ten.mkv"), 64, 48, 3);
        Path big = TestClips.write(tmp.resolve("big.mp4"), 3840, 2160, 2, 24);
        Path out = tmp.resolve("out");
        CliRun run = colorize(odd.toString(), tenBit.toString(), big.toString(), "-o", out.toString());
        assertEquals(0, run.exit(), run.toString());
        Clip oddOut = read(out.resolve("odd.mp4"));
        assertEquals(719, oddOut.info().width());
        assertEquals(405, oddOut.info().height());
        assertEquals(2, oddOut.pts().size());
        Clip ten = read(out.resolve("ten.mp4"));
        assertEquals(3, ten.pts().size());
        assertEquals(64, ten.info().width());
        Clip bigOut = read(out.resolve("big.mp4"));
        assertEquals(3840, bigOut.info().width());
        assertEquals(2, bigOut.pts().size());
    }

    @Test
    void badVideosAreOneErrorLineEachAndLeaveNothingWhileTheOthersGoThrough() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Path good = TestClips.write(in.resolve("good.mp4"), 32, 24, 3, 10);
        Path truncated = TestClips.write(in.resolve("truncated.mp4"), 32, 24, 12, 10);
        byte[] whole = Files.readAllBytes(truncated);
        Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2));
        Files.writeString(in.resolve("text.mp4"), "this is not a video\n");
        TestClips.writeEmpty(in.resolve("empty.mp4"), 32, 24);
        TestClips.writeEmpty(in.resolve("frameless.mkv"), 32, 24);
        Path sample = tmp.resolve("sample.mp4");
        try (InputStream s = getClass().getResourceAsStream("/samples/video/camera_trap_night_3s.mp4")) {
            Files.copy(s, sample);
        }
        TestClips.audioOnly(sample, in.resolve("sound.mp4"));
        Images.writePng(TestClips.frame(20, 10, 0), in.resolve("still.png"));
        Path out = tmp.resolve("out");
        CliRun run = colorize(in.toString(), "-o", out.toString());
        assertEquals(1, run.exit(), run.toString());
        List<String> errors = run.errorLines();
        assertEquals(5, errors.size(), run.toString());
        assertTrue(errors.stream().anyMatch(l -> l.contains("truncated.mp4") && l.contains("truncated")), run.toString());
        assertTrue(errors.stream().anyMatch(l -> l.contains("text.mp4") && l.contains("not a video FFmpeg can read")), run.toString());
        assertTrue(errors.stream().anyMatch(l -> l.contains("empty.mp4") && l.contains("empty")), run.toString());
        assertTrue(errors.stream().anyMatch(l -> l.contains("frameless.mkv") && l.contains("empty or truncated")), run.toString());
        assertTrue(errors.stream().anyMatch(l -> l.contains("sound.mp4") && l.contains("no video stream (audio only)")), run.toString());
        assertEquals(List.of("good.mp4", "still.png"), filesIn(out), "the good inputs, and no partial or temporary file");
        assertEquals(3, read(out.resolve("good.mp4")).pts().size());
        assertTrue(Files.exists(good));
    }

    @Test
    void skipExistingLeavesFinishedVideosAlone() throws Exception {
        Path clip = TestClips.write(tmp.resolve("a.mp4"), 32, 24, 2, 10);
        Path out = tmp.resolve("out");
        assertEquals(0, colorize(clip.toString(), "-o", out.toString()).exit());
        long before = Files.getLastModifiedTime(out.resolve("a.mp4")).toMillis();
        CliRun again = colorize(clip.toString(), "-o", out.toString(), "--skip-existing");
        assertEquals(0, again.exit(), again.toString());
        assertTrue(again.err().contains("nothing to do"), again.toString());
        assertEquals(before, Files.getLastModifiedTime(out.resolve("a.mp4")).toMillis());
    }

    @Test
    void anInterruptedVideoLeavesNothingInTheOutputFolder() throws Exception {
        Path clip = TestClips.write(tmp.resolve("long.mp4"), 160, 120, 2000, 25);
        Path out = Files.createDirectories(tmp.resolve("out"));
        Process child = new ProcessBuilder(cocolor.ChildJvm.command(Main.class, "colorize", "--model", TinyModel.get().toString(),
                clip.toString(), "-o", out.toString(), "--no-progress"))
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child.log").toFile())
                .start();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(2);
        while (filesIn(out).isEmpty() && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(child.isAlive(), "still colorizing when interrupted: " + Files.readString(tmp.resolve("child.log")));
        Thread.sleep(300); // some frames written to the temporary file
        child.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the JVM shuts down
        assertTrue(child.waitFor(2, java.util.concurrent.TimeUnit.MINUTES));
        assertEquals(List.of(), filesIn(out), "no partial output, no temporary file: " + Files.readString(tmp.resolve("child.log")));
    }

    @Test
    void theOutputOfAVideoIsNeverTheVideoItself() throws Exception {
        Path clip = TestClips.write(tmp.resolve("a.mp4"), 32, 24, 2, 10);
        byte[] before = Files.readAllBytes(clip);
        CliRun run = colorize(clip.toString(), "-o", tmp.toString());
        assertEquals(2, run.exit(), run.toString());
        assertFalse(run.errorLines().isEmpty());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(clip)));
    }
}
