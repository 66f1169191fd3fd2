package cocolor.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cocolor.base.UserError;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StemsTest {

    @ParameterizedTest
    @CsvSource({
        "country_0010_nir.png, country_0010",
        "country_0010_rgb_reg.png, country_0010",
        "country_0010_nir_reg.tiff, country_0010",
        "country_0010_rgb.jpg, country_0010",
        "Field_0001_NIR.PNG, Field_0001", // suffix matched case-insensitively, stem keeps its case
        "plain.png, plain",
        "a_nir_nir.png, a_nir", // only one suffix is dropped
        "a_reg.png, a_reg",
        "noext, noext",
        "_nir.png, _nir", // never an empty stem
        "archive.tar.gz, archive.tar",
    })
    void stemDropsExtensionThenOneSuffix(String fileName, String expected) {
        assertEquals(expected, Stems.stem(fileName));
    }

    @Test
    void byStemPairsAcrossNamingStyles() {
        Map<String, Path> map = Stems.byStem(List.of(Path.of("d/b_rgb_reg.png"), Path.of("d/a_nir.png")));
        assertEquals(List.of("a", "b"), List.copyOf(map.keySet()));
        assertEquals(Path.of("d/b_rgb_reg.png"), map.get("b"));
    }

    @Test
    void duplicateStemsAreAnError() {
        UserError e = assertThrows(UserError.class,
                () -> Stems.byStem(List.of(Path.of("a_nir.png"), Path.of("a.jpg"))));
        assertTrue(e.getMessage().contains("a_nir.png") && e.getMessage().contains("a.jpg"), e.getMessage());
    }

    @Test
    void theCategoryIsTheStemBeforeItsNumberAfterAnyFolder() {
        assertEquals(Optional.of("oldbuilding"), Stems.category("oldbuilding_0018"));
        assertEquals(Optional.of("street"), Stems.category("epfl_extra/street_0015"));
        assertEquals(Optional.of("indoor"), Stems.category("epfl_rooms_water/indoor_0003"));
        assertEquals(Optional.empty(), Stems.category("IMG1234"));
        assertEquals(Optional.empty(), Stems.category("holiday"));
    }
}
