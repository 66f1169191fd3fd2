package cocolor.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import cocolor.engine.EngineSetup;
import cocolor.recipe.RecipeLoader;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FallbackTest {
    @BeforeAll
    static void engine() {
        EngineSetup.engine();
    }

    @Test
    void whereTheTwoColorizationsAgreeTheOutputIsTheirColourAndWhereTheyDisagreeItTurnsToTheInputsGray() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray gray = m.full(new Shape(1, 1, 32, 32), 0.5f);
            NDArray colour = m.create(new float[] {0.8f, 0.4f, 0.2f}).reshape(1, 3, 1, 1).broadcast(1, 3, 32, 32);
            NDArray agreed = Graph.fallback(colour, colour, gray, 0.05);
            assertEquals(0f, agreed.sub(colour).abs().max().getFloat(), 1e-6f);

            NDArray other = m.create(new float[] {0.2f, 0.6f, 0.9f}).reshape(1, 3, 1, 1).broadcast(1, 3, 32, 32);
            NDArray disputed = Graph.fallback(colour, other, gray, 0.05);
            assertEquals(0f, disputed.sub(0.5f).abs().max().getFloat(), 1e-3f, "a difference of 0.5 at tau 0.05 leaves e^-10 of the colour");
            NDArray mild = Graph.fallback(colour, other, gray, 10);
            NDArray mean = colour.add(other).div(2);
            assertTrue(mild.sub(mean).abs().max().getFloat() < 0.05f, "a large tau keeps the mean colour");
        }
    }

    @Test
    void fallbackTakesTwoImagesAnInputAndANumberAndANumberStandsNowhereElse() {
        Set<String> nets = Set.of("f_n");
        RecipeLoader.checkExpr(Expr.parse("fallback(f_n(nir), hflip(f_n(hflip(nir))), nir, 0.05)"), nets, "export.nir", false);
        IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
                () -> RecipeLoader.checkExpr(Expr.parse("fallback(f_n(nir), nir, 0.05)"), nets, "export.nir", false));
        assertTrue(few.getMessage().startsWith("export.nir: fallback(...) takes 4 arguments, got 3"), few.getMessage());
        IllegalArgumentException noNumber = assertThrows(IllegalArgumentException.class,
                () -> RecipeLoader.checkExpr(Expr.parse("fallback(f_n(nir), f_n(nir), nir, nir)"), nets, "export.nir", false));
        assertTrue(noNumber.getMessage().contains("the last argument of fallback(a, b, x, tau) is a number in (0, 10]"), noNumber.getMessage());
        IllegalArgumentException stray = assertThrows(IllegalArgumentException.class,
                () -> RecipeLoader.checkExpr(Expr.parse("mean(f_n(nir), 2)"), nets, "export.nir", false));
        assertTrue(stray.getMessage().contains("the number 2 stands where an image is expected"), stray.getMessage());
    }
}
