package cocolor.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CategoriesTest {
    @Test
    void scoresGroupByCategoryAndStemsWithoutOneAreLeftOut() {
        Map<String, List<ImageScore>> groups = Categories.group(List.of(new ImageScore("water_0001", 14, 0.5, 5),
                new ImageScore("indoor_0002", 16, 0.6, 4), new ImageScore("water_0007", 15, 0.5, 5),
                new ImageScore("photo", 20, 0.7, 3)));
        assertEquals(List.of("indoor", "water"), List.copyOf(groups.keySet()));
        assertEquals(14.5, MetricSummary.mean(groups.get("water")).psnr(), 1e-9);
    }
}
