package cocolor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cocolor.TinyData;
import cocolor.TinyModel;
import cocolor.image.Images;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Invalid option values are refused before any work with a message that says what is allowed:
 * exit code 2 for a wrong command line, 1 for a job that fails on its files.
 */
class OptionsTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "train {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "--epochs 0                | 2 | --epochs must be a whole number of at least 1",
        "--epochs -3               | 2 | --epochs must be a whole number of at least 1",
        "--epochs 2.5              | 2 | '2.5' is not an int",
        "--minutes 0               | 2 | --minutes must be a number greater than 0",
        "--minutes -1              | 2 | --minutes must be a number greater than 0",
        "--minutes NaN             | 2 | --minutes must be a number greater than 0",
        "--epochs 1 --minutes 1    | 2 | error: --epochs and --minutes cannot be given together; give one of them",
        "--checkpoint-minutes 0    | 2 | --checkpoint-minutes must be a number greater than 0",
        "--checkpoint-minutes -0.1 | 2 | --checkpoint-minutes must be a number greater than 0",
        "--checkpoint-minutes soon | 2 | 'soon' is not a double",
        "--validate-every 0        | 2 | --validate-every must be a whole number of at least 1",
        "--recipe nosuch           | 2 | built-in recipes: baseline, cocolor, cocolor-progressive, default, finetune",
        "--frobnicate              | 2 | error: unknown option: '--frobnicate'",
    })
    void trainOptionValues(String options, int exit, String message) throws IOException {
        Path data = TinyData.pairs(tmp.resolve("data"), 2, 40, 48, 1);
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--out", tmp.resolve("run").toString()));
        args.addAll(List.of(options.split(" ")));
        assertFails(exit, message, args.toArray(String[]::new));
        assertFalse(Files.exists(tmp.resolve("run")), "nothing was started");
    }

    @Test
    void fractionalCheckpointMinutesAreAccepted() {
        CommandLineCheck.parses("train", "--data", "d", "--out", "o", "--checkpoint-minutes", "0.005");
    }

    @ParameterizedTest(name = "recipe {0}")
    @CsvSource(delimiter = '|', value = {
        "'name: x\nfoo: 1\n'                    | unknown key 'foo' at foo; allowed: data, description, export",
        "'{{{ [[ not yaml'                      | is not valid YAML at line 1",
        "'just a sentence\n'                    | is not a recipe: expected a YAML mapping",
        "''                                     | is empty",
    })
    void badRecipeFiles(String yaml, String message) throws IOException {
        Path data = TinyData.pairs(tmp.resolve("data"), 2, 40, 48, 1);
        Path recipe = Files.writeString(tmp.resolve("r.yaml"), yaml);
        CliRun run = assertFails(1, message, "train", "--data", data.toString(), "--out", tmp.resolve("run").toString(),
                "--recipe", recipe.toString());
        assertTrue(run.errorLines().get(0).contains(recipe.toString()), run.toString());
    }

    @Test
    void missingFoldersAreFailedJobs() {
        Path missing = tmp.resolve("nope");
        assertFails(1, "dataset folder not found: " + missing, "train", "--data", missing.toString(), "--out",
                tmp.resolve("run").toString());
        assertFails(1, "not a directory: " + missing, "evaluate", "--pred", missing.toString(), "--gt", tmp.toString());
        assertFails(1, "input not found: " + missing, "colorize", "--model", TinyModel.get().toString(),
                missing.toString(), "-o", tmp.resolve("out").toString());
        assertFails(2, "missing required option --output DIR", "colorize", tmp.toString());
    }

    @Test
    void anEmptyFolderIsNothingToDo() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertFails(1, "no images or videos in " + empty, "colorize", "--model", TinyModel.get().toString(),
                empty.toString(), "-o", tmp.resolve("out").toString());
    }

    @ParameterizedTest(name = "colorize {0} {1}")
    @CsvSource(delimiter = '|', value = {
        "--mode  | thermal | --mode must be 'nir' or 'gray'",
        "--mode  | ''      | --mode must be 'nir' or 'gray'",
        "--mode  | RGB     | --mode must be 'nir' or 'gray'",
        "--scale | huge    | --scale must be 'auto' or 'native'",
        "--scale | ''      | --scale must be 'auto' or 'native'",
        "--scale | 2       | --scale must be 'auto' or 'native'"})
    void unknownModesAndScales(String option, String value, String message) {
        Images.writePng(TinyData.smooth(8, 8, new Random(1)), tmp.resolve("in/a.png"));
        assertFails(2, message, "colorize", "--model", TinyModel.get().toString(),
                option, value, tmp.resolve("in").toString(), "-o", tmp.resolve("out").toString());
    }

    @ParameterizedTest(name = "serve {0}")
    @CsvSource(delimiter = '|', value = {
        "--port 70000           | --port must be between 1 and 65535",
        "--port -1              | --port must be between 1 and 65535",
        "--port http            | 'http' is not an int",
        "--workers 0            | --workers must be at least 1",
        "--queue -1             | --queue must be 0 or more",
        "--timeout 0            | --timeout must be at least 1 second",
        "--max-upload-mb 0      | --max-upload-mb must be between 1 and 2047",
        "--max-megapixels -2    | --max-megapixels must be greater than 0",
    })
    void serveOptionValues(String options, String message) {
        List<String> args = new ArrayList<>(List.of("serve", "--model", TinyModel.get().toString()));
        args.addAll(List.of(options.split(" ")));
        assertFails(2, message, args.toArray(String[]::new));
    }

    @Test
    void serveOnAPortInUseIsAFailedJob() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CliRun run = assertFails(1, "cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": the port is in use",
                    "serve", "--model", TinyModel.get().toString(), "--port", String.valueOf(taken.getLocalPort()));
            assertEquals(run.errorLines(), run.err().lines().toList(), "our one error line and nothing before it\n" + run);
        }
    }

    @Test
    void anUnknownCommandIsNamedWithTheCommandsThereAre() {
        CliRun run = assertFails(2, "unknown command 'paint'; commands: help, colorize, benchmark, demo, train, export, evaluate, serve",
                "paint");
        assertEquals("error: unknown command 'paint'; commands: help, colorize, benchmark, demo, train, export, evaluate, serve",
                run.errorLines().get(0));
        assertFails(2, "unknown command 'colorise'; commands: help, colorize,", "colorise", "in", "-o", "out");
    }

    @Test
    void anUnexpectedFailureHintsAtDebugAndDebugShowsTheTrace() {
        StringWriter text = new StringWriter();
        CliErrors.report(new PrintWriter(text), new IllegalStateException("boom\nsecond line"));
        assertEquals("error: IllegalStateException: boom second line" + CliErrors.DEBUG_HINT, text.toString().strip());

        CliErrors.setDebug(true);
        try {
            text.getBuffer().setLength(0);
            CliErrors.report(new PrintWriter(text), new IllegalStateException("boom"));
            assertTrue(text.toString().contains("\tat "), "--debug prints the stack trace");
        } finally {
            CliErrors.setDebug(false);
        }
        assertEquals(0, CliRun.of("--debug", "help").exit(), "--debug is accepted first");
        assertEquals(0, CliRun.of("evaluate", "--debug", "--help").exit(), "and after a command");
        CliErrors.setDebug(false);
    }

    @Test
    void aMissingRequiredOptionIsNamedWithItsValueInTheProjectsWording() {
        CliRun run = assertFails(2, "error: missing required option --output DIR", "colorize", "in.png");
        assertEquals(1, run.errorLines().size(), run.toString());
    }

    private static CliRun assertFails(int exit, String message, String... args) {
        CliRun run = CliRun.of(args);
        assertEquals(exit, run.exit(), run.toString());
        List<String> errors = run.errorLines();
        assertFalse(errors.isEmpty(), run.toString());
        assertFalse(run.err().contains("Error:"), "one error prefix, the project's\n" + run);
        assertTrue(errors.get(0).contains(message), "expected '" + message + "' in\n" + run);
        return run;
    }

    /** Checks that a command line parses, without running it. */
    private static final class CommandLineCheck {
        static void parses(String... args) {
            Main.commandLine().parseArgs(args);
        }
    }
}
