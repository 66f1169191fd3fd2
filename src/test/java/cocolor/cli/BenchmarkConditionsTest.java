package cocolor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cocolor.cli.benchmark.Conditions;
import cocolor.cli.benchmark.Timing;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When the benchmark's figures cannot be trusted, it says so, and it never shows a share of the peak above 100%. */
class BenchmarkConditionsTest {
    @Test
    void aFigureAboveThePeakIsNotShownAsAShare() {
        assertEquals("n/a", Conditions.share(139, 100), "was printed as 139% of peak");
        assertEquals("100%", Conditions.share(100, 100));
        assertEquals("42%", Conditions.share(42, 100));
        assertEquals("n/a", Conditions.share(Double.NaN, 100), "no FLOP count for this model");
    }

    @Test
    void aBusyMachineIsWarnedAbout() {
        Optional<String> busy = Conditions.busyLoad(3.9, 2);
        assertTrue(busy.isPresent());
        assertTrue(busy.get().startsWith("warning: the machine is busy (load average 3.9 on 2 cores)"), busy.get());
        assertEquals(Optional.empty(), Conditions.busyLoad(0.3, 2));
        assertEquals(Optional.empty(), Conditions.busyLoad(-1, 2), "load unknown");
    }

    @Test
    void repeatsFarApartAreWarnedAbout() {
        Optional<String> spread = Conditions.spread("256² b4", new Timing(100, 80, 190));
        assertTrue(spread.isPresent());
        assertTrue(spread.get().startsWith("warning: 256² b4: repeats from 80.0 to 190.0 ms (110% of the median apart)"), spread.get());
        assertEquals(Optional.empty(), Conditions.spread("256² b1", new Timing(100, 97, 108)));
    }
}
