package cocolor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import cocolor.TinyData;
import cocolor.TinyModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** No command creates its output folder before it knows it has something to write. */
class FailedStartsLeaveNoOutputFolderTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "colorize --model TINY --mode gray DATA/nir -o OUT",
        "colorize --model NOT_A_MODEL DATA/nir -o OUT",
        "train --data DATA --out OUT --recipe RECIPE --init-from TMP/missing.cocolor",
        "demo --model NOT_A_MODEL -o OUT",
        "export --checkpoint NOT_A_MODEL -o OUT/model.cocolor",
        "evaluate --pred TMP/missing --gt DATA/rgb --json OUT/scores.json",
    })
    void aCommandThatCannotStartLeavesNoOutputFolder(String command) throws IOException {
        Path data = TinyData.pairs(tmp.resolve("data"), 2, 40, 48, 5);
        Path notAModel = Files.writeString(tmp.resolve("not-a-model.cocolor"), "hello");
        String[] args = Arrays.stream(command.split(" "))
                .map(a -> a.replace("TINY", TinyModel.get().toString())
                        .replace("NOT_A_MODEL", notAModel.toString())
                        .replace("RECIPE", TrainingRecipes.tiny(tmp).toString())
                        .replace("DATA", data.toString())
                        .replace("OUT", tmp.resolve("out").toString())
                        .replace("TMP", tmp.toString()))
                .toArray(String[]::new);

        CliRun run = CliRun.of(args);

        assertEquals(1, run.exit(), run.toString());
        assertEquals(1, run.errorLines().size(), run.toString());
        assertFalse(Files.exists(tmp.resolve("out")), "no output folder\n" + run);
    }
}
