package cocolor.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cocolor.base.UserError;
import cocolor.image.FloatImage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AugmentSpecTest {
    private static Sample pair(String name) {
        return new Sample(name, new FloatImage(1, 4, 4), new FloatImage(3, 4, 4));
    }

    private static final List<Sample> TRAIN = List.of(pair("vcip2020/train/field_0001"),
            pair("epfl_rooms_water/indoor_0000"), pair("epfl_rooms_water/water_0003"), pair("IMG_final"));

    private static AugmentSpec repeating(Map<String, Integer> repeat) {
        return new AugmentSpec(32, 2, null, false, null, null, repeat);
    }

    @Test
    void pairsOfARepeatedCategoryAppearThatManyTimesPerEpochAndTheRestOnce() {
        List<Sample> epoch = repeating(Map.of("indoor", 3, "water", 2)).epochSamples(TRAIN);
        assertEquals(1 + 3 + 2 + 1, epoch.size());
        assertEquals(3, epoch.stream().filter(s -> s.name().endsWith("indoor_0000")).count());
        assertEquals(2, epoch.stream().filter(s -> s.name().endsWith("water_0003")).count());
        assertEquals(1, epoch.stream().filter(s -> s.name().equals("IMG_final")).count());
    }

    @Test
    void withoutRepeatEveryPairAppearsOnce() {
        assertSame(TRAIN, new AugmentSpec(32, 2, null, false, null, null).epochSamples(TRAIN));
    }

    @Test
    void aCategoryNoTrainingPairHasIsAnErrorThatListsTheCategoriesThereAre() {
        UserError e = assertThrows(UserError.class, () -> repeating(Map.of("indor", 3)).epochSamples(TRAIN));
        assertTrue(e.getMessage().contains("'indor'") && e.getMessage().contains("field, indoor, water"), e.getMessage());
    }

    @Test
    void aRepeatCountOutsideOneToAHundredIsRejectedWithItsKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> repeating(Map.of("indoor", 0)));
        assertTrue(e.getMessage().startsWith("data.repeat.indoor must be"), e.getMessage());
    }
}
