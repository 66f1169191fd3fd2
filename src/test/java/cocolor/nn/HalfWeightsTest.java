package cocolor.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import cocolor.engine.EngineSetup;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HalfWeightsTest {
    private static Map<String, NetworkSpec> nets(int... widths) {
        return Map.of("f_n", new UNetConfig(1, 3, widths, 1, true, false, OutputSpace.RGB));
    }

    @Test
    void weightsComeBackAsTheirFloat16RoundingIntoTheNetworksOwnFloat32Arrays() throws IOException {
        try (NDManager m = EngineSetup.engine().newBaseManager()) {
            Networks a = new Networks(nets(4, 8), m);
            Networks b = new Networks(nets(4, 8), m);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            a.saveHalf("f_n", new DataOutputStream(bytes));
            List<NDArray> before = b.trainableArrays("f_n");
            b.loadHalf("f_n", m, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            List<NDArray> x = a.trainableArrays("f_n");
            List<NDArray> y = b.trainableArrays("f_n");
            for (int i = 0; i < x.size(); i++) {
                assertTrue(y.get(i) == before.get(i), "loaded in place, into the same array");
                assertTrue(y.get(i).getDataType() == DataType.FLOAT32);
                float[] rounded = x.get(i).toType(DataType.FLOAT16, true).toType(DataType.FLOAT32, true).toFloatArray();
                assertArrayEquals(rounded, y.get(i).toFloatArray(), 0f);
            }
        }
    }

    @Test
    void weightsOfAnotherNetworkAreRefused() throws IOException {
        try (NDManager m = EngineSetup.engine().newBaseManager()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            new Networks(nets(4, 8), m).saveHalf("f_n", new DataOutputStream(bytes));
            Networks wider = new Networks(nets(8, 16), m);
            IOException e = assertThrows(IOException.class,
                    () -> wider.loadHalf("f_n", m, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
            assertTrue(e.getMessage().contains("do not fit"), e.getMessage());
        }
    }
}
