package cocolor.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CategoriesTest {
    @Test
    void theCategoryIsTheStemBeforeItsNumberAfterAnyFolder() {
        assertEquals(Optional.of("oldbuilding"), Categories.of("oldbuilding_0018"));
        assertEquals(Optional.of("street"), Categories.of("epfl_extra/street_0015"));
        assertEquals(Optional.of("indoor"), Categories.of("epfl_rooms_water/indoor_0003"));
        assertEquals(Optional.empty(), Categories.of("IMG1234"));
        assertEquals(Optional.empty(), Categories.of("holiday"));
    }

    @Test
    void scoresGroupByCategoryAndStemsWithoutOneAreLeftOut() {
        Map<String, List<ImageScore>> groups = Categories.group(List.of(new ImageScore("water_0001", 14, 0.5, 5),
                new ImageScore("indoor_0002", 16, 0.6, 4), new ImageScore("water_0007", 15, 0.5, 5),
                new ImageScore("photo", 20, 0.7, 3)));
        assertEquals(List.of("indoor", "water"), List.copyOf(groups.keySet()));
        assertEquals(14.5, MetricSummary.mean(groups.get("water")).psnr(), 1e-9);
    }
}
