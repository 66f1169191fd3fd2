package cocolor.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncoderSpecTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void modelFilesLeaveOutAReductionOfOneSoEarlierFilesReadAndWriteAsBefore() throws Exception {
        EncoderSpec plain = new EncoderSpec(List.of("conv_pw_5", "conv_pw_12"), EncoderSpec.Join.SKIPS, 0, 1);
        String json = JSON.writeValueAsString(plain);
        assertFalse(json.contains("reduce"), json);
        assertEquals(plain, JSON.readValue(json, EncoderSpec.class));
        assertEquals(1, JSON.readValue("{\"layers\":[\"conv_pw_12\"],\"join\":\"skips\",\"tune\":0,\"scale\":1}",
                EncoderSpec.class).reduce(), "a file written before the key reads as no reduction");
    }

    @Test
    void aReductionIsWrittenAndReadBack() throws Exception {
        EncoderSpec reduced = new EncoderSpec(List.of("conv_pw_3", "conv_pw_11"), EncoderSpec.Join.SKIPS, 0, 1, 2);
        String json = JSON.writeValueAsString(reduced);
        assertTrue(json.contains("\"reduce\":2"), json);
        assertEquals(reduced, JSON.readValue(json, EncoderSpec.class));
    }
}
