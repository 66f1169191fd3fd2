package cocolor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cocolor.server.ServerLimits;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The server's limits have one home: `cocolor serve` without options runs with the library's defaults. */
class ServeCommandDefaultsTest {
    @Test
    void serveWithoutOptionsRunsWithTheServersOwnDefaultLimits() {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs();
        assertEquals(ServerLimits.defaults(), serve.checkedLimits());
    }

    @Test
    void anOptionGivenReplacesOnlyItsOwnLimit() {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--queue", "3", "--timeout", "20");
        ServerLimits d = ServerLimits.defaults();
        assertEquals(new ServerLimits(d.maxUploadBytes(), d.maxPixels(), d.workers(), 3, Duration.ofSeconds(20)), serve.checkedLimits());
    }
}
