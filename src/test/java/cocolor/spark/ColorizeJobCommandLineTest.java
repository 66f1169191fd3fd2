package cocolor.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cocolor.TinyData;
import cocolor.TinyModel;
import cocolor.image.Images;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.net.InetAddress;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The Spark job as its command line runs it, with a local Spark of its own. */
class ColorizeJobCommandLineTest {
    @TempDir
    Path tmp;

    /** Exit code and everything written to stderr (the command's and Spark's log). */
    private record Run(int exit, List<String> err) {}

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream oldErr = System.err;
        int exit;
        try {
            System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
            CommandLine cl = ColorizeJob.commandLine();
            cl.setErr(new PrintWriter(err, true));
            cl.setOut(new PrintWriter(new StringWriter(), true));
            exit = cl.execute(args);
        } finally {
            System.setErr(oldErr);
        }
        return new Run(exit, (err + log.toString(StandardCharsets.UTF_8)).lines().toList());
    }

    @Test
    void aLocalRunPrintsItsOwnLinesAndNoInfoLog() throws IOException {
        Path in = tmp.resolve("in");
        Images.writePng(TinyData.smooth(16, 16, new Random(1)), in.resolve("a_nir.png"));

        Run run = run("--input", in.toString(), "--output", tmp.resolve("out").toString(), "--model", TinyModel.get().toString());

        assertEquals(0, run.exit(), String.join("\n", run.err()));
        assertEquals(List.of(), run.err().stream().filter(l -> l.contains(" INFO ")).toList(), "no INFO log lines");
        assertTrue(run.err().contains("colorizing 1 inputs in 1 partitions into " + tmp.resolve("out")), String.join("\n", run.err()));
        assertTrue(Files.exists(tmp.resolve("out/a_nir.png")));
    }

    @Test
    void aMissingOptionIsOneErrorLineInTheProjectsWording() {
        Run run = run("--input", tmp.toString());

        assertEquals(2, run.exit(), String.join("\n", run.err()));
        assertEquals(List.of("error: missing required option --output URI", "Try 'cocolor-spark --help'."), run.err());
    }

    @Test
    void aLocalRunListensOnLoopbackOnly() throws IOException {
        SparkSession spark = SparkSession.builder().config(ColorizeJob.sessionConf(new SparkConf(false), null)).getOrCreate();
        List<InetAddress> listening;
        try {
            listening = ListeningSockets.ofThisProcess();
        } finally {
            spark.stop();
        }
        assertFalse(listening.isEmpty(), "Spark's driver listens");
        assertEquals(List.of(), listening.stream().filter(a -> !a.isLoopbackAddress()).toList(),
                "listening sockets off loopback, of " + listening);
    }

    @Test
    void aLocalRunBindsWhereTheUserAsks() {
        SparkConf asked = ColorizeJob.sessionConf(new SparkConf(false).set("spark.driver.bindAddress", "0.0.0.0"), null);
        assertEquals("0.0.0.0", asked.get("spark.driver.bindAddress"));
        assertFalse(ColorizeJob.sessionConf(new SparkConf(false), "10.1.2.3").contains("spark.driver.bindAddress"),
                "SPARK_LOCAL_IP stands");
        assertFalse(ColorizeJob.sessionConf(new SparkConf(false).setMaster("yarn"), null).contains("spark.driver.host"));
    }

    @Test
    void failedInputsAreNamedOnTheConsoleWithThePathOfTheManifest() throws IOException {
        Path in = tmp.resolve("in");
        Images.writePng(TinyData.smooth(16, 16, new Random(1)), in.resolve("a_nir.png"));
        Files.writeString(in.resolve("broken.png"), "not an image");
        Files.writeString(in.resolve("empty.png"), "");

        Run run = run("--input", in.toString(), "--output", tmp.resolve("out").toString(), "--model", TinyModel.get().toString());

        assertEquals(0, run.exit(), String.join("\n", run.err()));
        List<String> errors = run.err().stream().filter(l -> l.startsWith("error: ")).toList();
        assertEquals(2, errors.size(), String.join("\n", run.err()));
        assertTrue(errors.get(0).startsWith("error: broken.png: not an image"), errors.toString());
        assertTrue(errors.get(1).startsWith("error: empty.png: "), errors.toString());
        assertTrue(run.err().contains("2 of 3 inputs failed; the manifest has every one with its error (status \"error\"): "
                + tmp.resolve("out").resolve("manifest")), String.join("\n", run.err()));
    }

    @Test
    void aLocalRunOpensNoWebUiUnlessAsked() {
        SparkConf local = ColorizeJob.sessionConf(new SparkConf(false));
        assertEquals("local[*]", local.get("spark.master"));
        assertEquals("false", local.get("spark.ui.enabled"), "no UI listening on every interface by default");
        assertEquals("WARN", local.get("spark.log.level"));

        SparkConf asked = ColorizeJob.sessionConf(new SparkConf(false).set("spark.ui.enabled", "true").set("spark.log.level", "INFO"));
        assertEquals("true", asked.get("spark.ui.enabled"));
        assertEquals("INFO", asked.get("spark.log.level"));

        SparkConf cluster = ColorizeJob.sessionConf(new SparkConf(false).setMaster("yarn"));
        assertTrue(!cluster.contains("spark.ui.enabled") && !cluster.contains("spark.log.level"), "a cluster's settings stand");
    }

    @Test
    void anOutputFolderHoldingTheInputsIsACommandLineErrorAndNothingIsWritten() throws IOException {
        Path in = tmp.resolve("in");
        Images.writePng(TinyData.smooth(16, 16, new Random(1)), in.resolve("a_nir.png"));
        byte[] before = Files.readAllBytes(in.resolve("a_nir.png"));

        Run run = run("--input", in.toString(), "--output", in.toString(), "--model", TinyModel.get().toString());

        assertEquals(2, run.exit(), String.join("\n", run.err()));
        assertEquals(1, run.err().stream().filter(l -> l.startsWith("error: ")).count(), String.join("\n", run.err()));
        assertArrayEquals(before, Files.readAllBytes(in.resolve("a_nir.png")));
        try (var files = Files.list(in)) {
            assertEquals(1, files.count(), "no manifest, no temporary file");
        }
    }
}
