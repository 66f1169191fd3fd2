package cocolor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cocolor.TinyData;
import cocolor.TinyModel;
import cocolor.image.Images;
import cocolor.train.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The commands that load a model ({@code colorize}, {@code demo}, {@code serve}) × model files that
 * are broken or of the wrong kind: exit code 1, one line naming the file and the problem, and no
 * output written.
 */
class BadModelFileTest {
    @TempDir
    Path tmp;

    /** A broken model file, made from a good one. */
    enum BadModel {
        TEXT("is not a cocolor model"),
        EMPTY("is not a cocolor model"),
        TRUNCATED_AT_100_BYTES("truncated or damaged"),
        TRUNCATED_IN_THE_MIDDLE("truncated or damaged"),
        TRUNCATED_BY_1_BYTE("truncated or damaged"),
        FLIPPED_BYTE_IN_THE_WEIGHTS("truncated or damaged"),
        TRAINING_CHECKPOINT("is a training checkpoint, not a model"),
        RECIPE_YAML("is not a cocolor model"),
        DIRECTORY("is a directory"),
        MISSING("model file not found");

        final String problem;

        BadModel(String problem) {
            this.problem = problem;
        }

        Path write(Path dir) throws IOException {
            Path good = TinyModel.get();
            byte[] bytes = Files.readAllBytes(good);
            Path file = dir.resolve("model.cocolor");
            switch (this) {
                case TEXT -> Files.writeString(file, "definitely not a model\n");
                case EMPTY -> Files.createFile(file);
                case TRUNCATED_AT_100_BYTES -> Files.write(file, Arrays.copyOf(bytes, 100));
                case TRUNCATED_IN_THE_MIDDLE -> Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
                case TRUNCATED_BY_1_BYTE -> Files.write(file, Arrays.copyOf(bytes, bytes.length - 1));
                case FLIPPED_BYTE_IN_THE_WEIGHTS -> {
                    bytes[bytes.length / 2] ^= 0x5A; // the weights are most of the file
                    Files.write(file, bytes);
                }
                case TRAINING_CHECKPOINT -> Files.copy(good.resolveSibling(RunFolder.CHECKPOINT), file);
                case RECIPE_YAML -> Files.copy(Path.of("recipes", "baseline.yaml"), file);
                case DIRECTORY -> Files.createDirectories(file);
                case MISSING -> { }
                default -> throw new IllegalStateException(name());
            }
            return file;
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of("colorize", "demo", "serve")
                .flatMap(command -> Arrays.stream(BadModel.values()).map(model -> Arguments.of(command, model)));
    }

    @ParameterizedTest(name = "{0} --model {1}")
    @MethodSource("cases")
    void isRefusedWithOneLine(String command, BadModel kind) throws IOException {
        Path model = kind.write(tmp);
        Path out = tmp.resolve("out");
        Path input = tmp.resolve("in.png");
        Images.writePng(TinyData.smooth(24, 24, new Random(1)), input);
        List<String> args = switch (command) {
            case "colorize" -> List.of("colorize", "--model", model.toString(), input.toString(), "-o", out.toString());
            case "demo" -> List.of("demo", "--model", model.toString(), "-o", out.toString());
            case "serve" -> List.of("serve", "--model", model.toString(), "--port", "0");
            default -> throw new IllegalArgumentException(command);
        };

        CliRun run = CliRun.of(args.toArray(String[]::new));

        assertEquals(1, run.exit(), run.toString());
        assertEquals(1, run.errorLines().size(), run.toString());
        String error = run.errorLines().get(0);
        assertTrue(error.contains(model.toString()) && error.contains(kind.problem), run.toString());
        assertFalse(error.contains("--debug"), "an expected failure, not a bug: " + error);
        if (Files.exists(out)) {
            try (Stream<Path> files = Files.walk(out)) {
                assertEquals(List.of(), files.filter(Files::isRegularFile).toList(), "no output written");
            }
        }
    }
}
