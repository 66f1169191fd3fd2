package cocolor.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import cocolor.TinyModel;
import cocolor.base.UserError;
import cocolor.engine.EngineSetup;
import cocolor.expr.Expr;
import cocolor.image.FloatImage;
import cocolor.recipe.Mode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrayOnlyModelTest {
    @Test
    void aModelWithOnlyAGrayModeLoadsColorizesGrayAndNamesItsModesWhenAskedForNir(@TempDir Path dir) throws Exception {
        Path grayOnly = dir.resolve("gray-only.cocolor");
        try (NDManager manager = EngineSetup.engine().newBaseManager()) {
            ModelFile.Loaded tiny = ModelFile.load(TinyModel.get(), manager);
            ModelFile.export(grayOnly, tiny.networks(), Map.of(Mode.GRAY, Expr.parse("f_n(gray)")), "gray-only", null, Map.of(), null);
        }
        assertTrue(Files.exists(grayOnly));
        try (Colorizer colorizer = Colorizer.load(grayOnly)) {
            assertEquals(Set.of(Mode.GRAY), colorizer.modes());
            FloatImage out = colorizer.colorize(new FloatImage(1, 32, 40), Mode.GRAY);
            assertEquals(3, out.channels());
            UserError e = assertThrows(UserError.class, () -> colorizer.colorize(new FloatImage(1, 32, 40), Mode.NIR));
            assertTrue(e.getMessage().contains("no 'nir' mode") && e.getMessage().contains("gray"), e.getMessage());
        }
    }
}
