package cocolor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test suite's shared tiny model cleans up after itself: its folder goes when the JVM exits. */
class TinyModelTest {
    @TempDir
    Path tmp;

    /** Run in a child JVM: makes the tiny model, says where it is, exits. */
    public static final class MakeOne {
        public static void main(String[] args) {
            System.out.println("model " + TinyModel.get());
        }
    }

    @Test
    void aJvmThatMadeTheTinyModelLeavesNothingInTheTemporaryFolder() throws Exception {
        Path childTmp = Files.createDirectories(tmp.resolve("java.io.tmpdir"));
        Path log = tmp.resolve("child.log");
        Process child = new ProcessBuilder(ChildJvm.command(List.of("-Djava.io.tmpdir=" + childTmp), MakeOne.class))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertTrue(child.waitFor(3, TimeUnit.MINUTES), "the child did not finish");
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, child.exitValue(), output);
        assertTrue(output.contains("model " + childTmp), "the model was made in the child's temporary folder\n" + output);
        try (Stream<Path> left = Files.list(childTmp)) {
            assertEquals(List.of(), left.map(p -> p.getFileName().toString()).toList(), output);
        }
    }
}
