package cocolor.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cocolor.expr.Expr;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModeTest {
    @Test
    void filesSpellAModeByItsKeyAndUsersMayTypeItInAnyCase() {
        assertEquals("nir", Mode.NIR.key());
        assertEquals("gray", Mode.GRAY.toString());
        assertEquals(Mode.GRAY, Mode.ofKey("gray"));
        assertEquals("modes are 'nir' and 'gray', not 'Gray'",
                assertThrows(IllegalArgumentException.class, () -> Mode.ofKey("Gray")).getMessage());
        assertEquals(Optional.of(Mode.NIR), Mode.parse("NIR"));
        assertEquals(Optional.of(Mode.GRAY), Mode.parse("Gray"));
        assertEquals(Optional.of(Mode.GRAY), Mode.parse("grey"));
        assertEquals(Optional.empty(), Mode.parse("thermal"));
    }

    @Test
    void anExpressionIsOfTheModeWhoseInputItReads() {
        assertEquals(Mode.NIR, Mode.readBy(Expr.parse("f_n(nir)")));
        assertEquals(Mode.GRAY, Mode.readBy(Expr.parse("f_g(gray)")));
        assertEquals(Mode.NIR, Mode.readBy(Expr.parse("mean(f_n(nir), f_g(n2g(nir)))")));
    }
}
