package cocolor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cocolor.ChildJvm;
import cocolor.TinyData;
import cocolor.TinyModel;
import cocolor.base.Progress;
import cocolor.image.Images;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Progress on stderr: plain lines where stderr is not a terminal (here, the test's captured
 * stderr), a bar on a terminal (a pseudo-terminal from {@code script}) with other messages on their
 * own lines; rates keep their leading zero; a time budget shows time.
 */
class ProgressOutputTest {
    private static final Path SCRIPT = Path.of("/usr/bin/script");

    @TempDir
    Path tmp;

    private Path folder(int images, boolean withABadOne) throws IOException {
        Path in = tmp.resolve("in");
        for (int i = 0; i < images; i++) {
            Images.writePng(TinyData.smooth(24, 32, new Random(i)), in.resolve(String.format("img%02d.png", i)));
        }
        if (withABadOne) {
            Files.writeString(in.resolve("img05_bad.png"), "not an image");
        }
        return in;
    }

    @Test
    void withoutATerminalColorizeWritesPlainLines() throws IOException {
        CliRun run = CliRun.of("colorize", "--model", TinyModel.get().toString(), folder(12, false).toString(),
                "-o", tmp.resolve("out").toString());

        assertEquals(0, run.exit(), run.toString());
        assertFalse(run.err().contains("\r"), "no carriage-return frames in a log\n" + run);
        assertTrue(Pattern.compile("(?m)^colorize: 12/12 img \\(100%\\), \\d+\\.\\d img/s$").matcher(run.err()).find(), run.toString());
    }

    @Test
    void withoutATerminalTrainingForMinutesShowsTheTimeSpent() {
        Path data = TinyData.pairs(tmp.resolve("data"), 4, 40, 48, 3);
        CliRun run = CliRun.of("train", "--data", data.toString(), "--out", tmp.resolve("run").toString(),
                "--recipe", TrainingRecipes.tiny(tmp).toString(), "--minutes", "0.05");

        assertEquals(0, run.exit(), run.toString());
        assertFalse(run.err().contains("\r") || run.err().contains("?"), "no frames, no unknown total\n" + run);
        assertTrue(Pattern.compile("(?m)^fn: 0:0\\d of 0:03 \\(\\d+%\\), step \\d+$").matcher(run.err()).find(), run.toString());
    }

    @Test
    void logLinesComeEveryTenthOrEveryFifteenSecondsWithTheLeadingZeroOfTheirRate() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong();
        try (Progress progress = ProgressDisplay.logging("colorize", 100, "img", false, new PrintStream(bytes, true), now::get)) {
            for (int i = 0; i < 12; i++) {
                now.addAndGet(TimeUnit.SECONDS.toNanos(5)); // 0.2 img/s
                progress.step();
            }
        }
        assertEquals(List.of(
                "colorize: 3/100 img (3%), 0.2 img/s, 8:05 left",
                "colorize: 6/100 img (6%), 0.2 img/s, 7:50 left",
                "colorize: 9/100 img (9%), 0.2 img/s, 7:35 left",
                "colorize: 12/100 img (12%), 0.2 img/s, 7:20 left"),
                bytes.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void onATerminalAnErrorGetsItsOwnLineAndTheBarGoesOnBelowIt() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(SCRIPT), "skipped: needs util-linux's script for a pseudo-terminal");
        Path in = folder(12, true);
        String command = String.join(" ", ChildJvm.command(Main.class,
                "colorize", "--model", TinyModel.get().toString(), in.toString(), "-o", tmp.resolve("out").toString()));
        Path screen = tmp.resolve("screen.txt");
        Process child = new ProcessBuilder(SCRIPT.toString(), "-qfec", command, "/dev/null")
                .redirectErrorStream(true).redirectOutput(screen.toFile()).start();
        assertTrue(child.waitFor(3, TimeUnit.MINUTES), "the child did not finish");
        String raw = Files.readString(screen, StandardCharsets.UTF_8);
        List<String> lines = rendered(raw);

        assertEquals(1, child.exitValue(), raw);
        assertTrue(raw.contains("\r"), "on a terminal, a bar redrawn in place\n" + raw);
        List<String> errorLines = lines.stream().filter(l -> l.contains("error:")).toList();
        assertEquals(1, errorLines.size(), String.join("\n", lines));
        assertTrue(errorLines.get(0).startsWith("error: " + in.resolve("img05_bad.png")), "the error alone on its line\n" + String.join("\n", lines));
        int error = lines.indexOf(errorLines.get(0));
        assertTrue(lines.subList(error + 1, lines.size()).stream().anyMatch(l -> l.startsWith("colorize 100%")),
                "the bar goes on below\n" + String.join("\n", lines));
    }

    /** What a terminal shows for {@code raw}: a carriage return moves back to the line's start, text overwrites. */
    private static List<String> rendered(String raw) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int column = 0;
        for (char c : raw.toCharArray()) {
            if (c == '\n') {
                lines.add(line.toString().stripTrailing());
                line.setLength(0);
                column = 0;
            } else if (c == '\r') {
                column = 0;
            } else {
                if (column < line.length()) {
                    line.setCharAt(column, c);
                } else {
                    line.append(c);
                }
                column++;
            }
        }
        if (!line.isEmpty()) {
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }
}
