package cocolor.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cocolor.ChildJvm;
import cocolor.TinyData;
import cocolor.TinyModel;
import cocolor.image.Images;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code colorize}'s output folder: checked before any work, cleaned of a killed run's temporaries, and an interrupted run's report. */
class ColorizeOutputFolderTest {
    @TempDir
    Path tmp;

    private Path twoInputs() {
        Path in = tmp.resolve("in");
        Images.writePng(TinyData.smooth(24, 32, new Random(1)), in.resolve("a.png"));
        Images.writePng(TinyData.smooth(24, 32, new Random(2)), in.resolve("b.png"));
        return in;
    }

    /**
     * A folder this user cannot write: a read-only one, or for root (whom permissions do not stop)
     * a folder of sysfs, where nobody can create files.
     */
    private Path readOnlyFolder() throws Exception {
        if ("root".equals(System.getProperty("user.name"))) {
            return Path.of("/sys/kernel");
        }
        Path ro = Files.createDirectories(tmp.resolve("ro_out"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        return ro;
    }

    @Test
    void aReadOnlyOutputFolderIsOneErrorLineBeforeAnyImageIsColorized() throws Exception {
        Path in = twoInputs();
        Path ro = readOnlyFolder();

        CliRun run = CliRun.of("colorize", "--model", TinyModel.get().toString(), in.resolve("a.png").toString(),
                in.resolve("b.png").toString(), "-o", ro.toString(), "--no-progress");

        assertEquals(1, run.exit(), run.toString());
        assertEquals(List.of("error: cannot write into the output folder " + ro + ": permission denied"), run.errorLines(),
                run.toString());
        assertFalse(run.err().contains("colorized"), "no image was colorized\n" + run);
    }

    @Test
    void anOutputThatIsAFileSaysTheOutputMustBeAFolder() throws Exception {
        Path in = twoInputs();
        Path file = tmp.resolve("existing.png");
        Images.writePng(TinyData.smooth(8, 8, new Random(3)), file);
        byte[] before = Files.readAllBytes(file);

        CliRun run = CliRun.of("colorize", "--model", TinyModel.get().toString(), in.toString(), "-o", file.toString());

        assertEquals(2, run.exit(), run.toString());
        assertEquals(1, run.errorLines().size(), run.toString());
        assertTrue(run.errorLines().get(0).startsWith("error: --output must be a folder, and " + file + " is a file"), run.toString());
        assertArrayEquals(before, Files.readAllBytes(file), "the file is left alone");
    }

    @Test
    void theSummaryCountsEveryInputIncludingTheOnesThatFailed() {
        Path in = twoInputs();
        Images.writePng(TinyData.smooth(24, 32, new Random(4)), in.resolve("c.png"));
        CliRun run = CliRun.of("colorize", "--model", TinyModel.get().toString(), in.resolve("a.png").toString(),
                tmp.resolve("gone1.png").toString(), in.resolve("b.png").toString(), tmp.resolve("gone2.png").toString(),
                in.resolve("c.png").toString(), tmp.resolve("gone3.png").toString(), "-o", tmp.resolve("out").toString(),
                "--no-progress");

        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.err().contains("colorized 3 of 6 images into "), run.toString());
        assertTrue(run.err().contains("(3 failed)"), run.toString());
    }

    @Test
    void aLaterRunRemovesTheTemporariesAKilledRunLeftForItsOutputs() throws Exception {
        Path in = twoInputs();
        Path out = Files.createDirectories(tmp.resolve("out"));
        Path leftover = Files.write(out.resolve(".a.png.1x2y3z.tmp"), new byte[1000]); // what SIGKILL mid-write leaves
        Path notOurs = Files.writeString(out.resolve(".notes.txt.keep.tmp"), "someone else's");

        CliRun run = CliRun.of("colorize", "--model", TinyModel.get().toString(), in.toString(), "-o", out.toString(), "--no-progress");

        assertEquals(0, run.exit(), run.toString());
        assertFalse(Files.exists(leftover), "the stale temporary is removed");
        assertTrue(Files.exists(notOurs), "a file of another name is left alone");
        assertTrue(Files.exists(out.resolve("a.png")) && Files.exists(out.resolve("b.png")));
    }

    @Test
    void sigtermStopsColorizingWithOneLineSayingWhatWasWrittenAndARerunFinishes() throws Exception {
        Path in = tmp.resolve("big");
        for (int i = 0; i < 3; i++) { // above a megapixel: colorized in tiles at native scale, and encoded, in a second or more
            Images.writePng(TinyData.smooth(1200, 1200, new Random(i)), in.resolve("big" + i + ".png"));
        }
        Path out = tmp.resolve("out");
        Path log = tmp.resolve("child.log");
        Process child = new ProcessBuilder(ChildJvm.command(Main.class, "colorize", "--model", TinyModel.get().toString(),
                in.toString(), "-o", out.toString(), "--scale", "native", "--no-progress"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        while (!Files.isDirectory(out) && child.isAlive()) { // created just before the first image
            Thread.sleep(10);
        }
        child.destroy(); // SIGTERM
        assertTrue(child.waitFor(2, TimeUnit.MINUTES), "the child did not exit");

        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertEquals(List.of(), lines.stream().filter(l -> l.startsWith("error:") || l.contains("Exception")).toList(),
                String.join("\n", lines));
        assertEquals(1, lines.stream().filter(l -> l.startsWith("interrupted: ") && l.contains(" of 3 images written into " + out)
                && l.contains("--skip-existing")).count(), String.join("\n", lines));

        CliRun rerun = CliRun.of("colorize", "--model", TinyModel.get().toString(), in.toString(), "-o", out.toString(),
                "--scale", "native", "--skip-existing", "--no-progress");
        assertEquals(0, rerun.exit(), rerun.toString());
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of("big0.png", "big1.png", "big2.png"), files.map(f -> f.getFileName().toString()).sorted().toList(),
                    "all outputs, no temporary left");
        }
    }
}
