package cocolor.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExprTest {
    @Test
    void parsesNestedCalls() {
        Expr e = Expr.parse("mean(f_n(nir), f_g(n2g(nir)))");
        assertEquals("mean(f_n(nir), f_g(n2g(nir)))", e.toString());
        List<String> inputs = new ArrayList<>();
        List<String> functions = new ArrayList<>();
        e.names(inputs, functions);
        assertEquals(List.of("nir", "nir"), inputs);
        assertEquals(List.of("mean", "f_n", "f_g", "n2g"), functions);
    }

    @Test
    void knowsWhichExpressionsUsePhotos() {
        assertTrue(Expr.parse("f_g(photo_gray)").usesPhotos());
        assertFalse(Expr.parse("f_g(gray)").usesPhotos());
    }

    @Test
    void rejectsMalformedText() {
        assertThrows(IllegalArgumentException.class, () -> Expr.parse("f_n(nir"));
        assertThrows(IllegalArgumentException.class, () -> Expr.parse("f_n(nir))"));
        assertThrows(IllegalArgumentException.class, () -> Expr.parse("(nir)"));
        assertThrows(IllegalArgumentException.class, () -> Expr.parse(""));
    }

    @Test
    void numbersParseAndPrintAsWritten() {
        Expr e = Expr.parse("fallback(f_n(nir), hflip(f_n(hflip(nir))), nir, 0.05)");
        assertEquals("fallback(f_n(nir), hflip(f_n(hflip(nir))), nir, 0.05)", e.toString());
        assertEquals(new Expr.Constant(0.05), ((Expr.Call) e).args().get(3));
        assertEquals(List.of("nir", "nir", "nir"), e.inputs(), "a number is no input");
        assertThrows(IllegalArgumentException.class, () -> Expr.parse("fallback(a, b, c, 0.1.2)"));
    }

    @Test
    void substituteReplacesEveryUseOfAnInputAndNothingElse() {
        Expr e = Expr.parse("mean(f_n(nir), f_g(gray))").substitute("nir", Expr.parse("hflip(nir)"));
        assertEquals("mean(f_n(hflip(nir)), f_g(gray))", e.toString());
    }
}
