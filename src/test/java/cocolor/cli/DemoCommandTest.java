package cocolor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cocolor.TinyModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
    @TempDir
    Path tmp;

    @Test
    void writesAPageWithEverySampleAndPrintsItsPath() throws Exception {
        StringWriter out = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        int exit = cl.execute("demo", "--model", TinyModel.get().toString(), "-o", tmp.toString());
        assertEquals(0, exit);
        Path page = tmp.resolve("index.html");
        assertTrue(Files.isRegularFile(page));
        String html = Files.readString(page);
        long rows = html.lines().filter(l -> l.contains("_colorized.png")).count();
        assertEquals(6, rows, "one row per sample image");
        assertTrue(html.contains("Mean over 6 images"));
        assertTrue(html.contains("<svg"), "training curves are drawn");
        try (var files = Files.list(tmp.resolve("images"))) {
            assertEquals(18, files.count(), "input, output and ground truth per sample");
        }
        assertTrue(out.toString().contains(page.toAbsolutePath().toString()));
    }
}
