package cocolor.commandline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OutputPlanTest {
    private static String outputOf(String input) {
        return "out/" + OutputPlan.outputName(input.substring(input.lastIndexOf('/') + 1), OutputPlan.PNG);
    }

    @Test
    void anOutputIsTheInputsNameWithoutItsExtension() {
        assertEquals("a.png", OutputPlan.outputName("a.jpg", OutputPlan.PNG));
        assertEquals("a.b.png", OutputPlan.outputName("a.b.tif", OutputPlan.PNG));
        assertEquals(".hidden.png", OutputPlan.outputName(".hidden", OutputPlan.PNG));
        assertEquals("clip.mp4", OutputPlan.outputName("clip.mov", "mp4"));
    }

    @Test
    void inputsThatWouldWriteTheSameOutputAreEachAProblem() {
        OutputPlan<String> plan = OutputPlan.of(List.of("x/a.png", "x/b.png", "y/a.jpg", "z/a.tif"), OutputPlanTest::outputOf,
                String::equals);
        assertEquals(Map.of("out/a.png", List.of("x/a.png", "y/a.jpg", "z/a.tif"), "out/b.png", List.of("x/b.png")), plan.writers());
        assertEquals(List.of("out/a.png", "out/b.png"), plan.outputs(), "in the order of their first input");
        assertEquals(Optional.empty(), plan.collision("x/b.png", "out/b.png"));
        assertEquals(Optional.of("its output out/a.png is also the output of x/a.png and z/a.tif; colorize them into different folders"),
                plan.collision("y/a.jpg", "out/a.png"));
    }

    @Test
    void anOutputThatWouldReplaceAnInputRefusesTheRun() {
        UsageError e = assertThrows(UsageError.class,
                () -> OutputPlan.of(List.of("x/b.png", "out/a.png"), OutputPlanTest::outputOf, String::equals));
        assertEquals("the output out/a.png is the input out/a.png; colorize into an --output folder that holds none of the inputs",
                e.getMessage());
    }
}
