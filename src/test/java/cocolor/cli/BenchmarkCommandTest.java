package cocolor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cocolor.TinyModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The benchmark runs end to end and prints its figures; their values are not judged here. */
class BenchmarkCommandTest {
    @Test
    void printsThroughputFlopsAndPeakForAModel() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute("benchmark", "--model", TinyModel.get().toString(), "--repeats", "1", "--warmup", "0",
                "--matmul", "256", "--folded-only");
        assertEquals(0, exit, err.toString());
        String text = out.toString();
        Matcher peak = Pattern.compile("RESULT impl=djl variant=peak gflop_s=([0-9.]+) gflop_img_256=([0-9.]+)").matcher(text);
        assertTrue(peak.find(), text);
        assertTrue(Double.parseDouble(peak.group(1)) > 0, "a measured peak");
        assertTrue(Double.parseDouble(peak.group(2)) > 0, "a counted FLOP figure");
        Matcher run = Pattern.compile("RESULT impl=djl variant=\\S+ batch=\\d+ img_s_256=([0-9.]+) img_s_256_batched=([0-9.]+) ms_1024x768=([0-9.]+)").matcher(text);
        assertTrue(run.find(), text);
        assertTrue(Double.parseDouble(run.group(1)) > 0 && Double.parseDouble(run.group(3)) > 0, text);
        Matcher share = Pattern.compile("(\\d+)%").matcher(text);
        while (share.find()) {
            assertTrue(Integer.parseInt(share.group(1)) <= 100, "a share of the peak above 100%:\n" + text);
        }
    }
}
