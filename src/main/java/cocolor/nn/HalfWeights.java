package cocolor.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Set;

/**
 * A network's weights in half precision, for model files: the bundled model's two networks take
 * 12.8 MB each in float32, 6.4 in float16. Rounding to float16 (11 significant bits) moved
 * its held-out PSNRs by 0.001 to 0.002 dB (src/main/resources/models/README.md); checkpoints keep
 * float32, so resuming stays exact. Read back into the network's float32 parameters in place.
 * Format: the number of parameters, then per parameter its name, rank, dimensions and values
 * (little-endian float16), in the block's parameter order.
 */
public final class HalfWeights {
    private HalfWeights() {}

    /** Writes {@code block}'s parameters but those in {@code shipped} (identity), which its builder restores. */
    public static void write(Block block, DataOutputStream out, Set<Parameter> shipped) throws IOException {
        out.writeInt(block.getParameters().size() - shipped.size());
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (shipped.contains(p.getValue())) {
                continue;
            }
            NDArray array = p.getValue().getArray();
            out.writeUTF(p.getKey());
            long[] dims = array.getShape().getShape();
            out.writeInt(dims.length);
            for (long d : dims) {
                out.writeLong(d);
            }
            try (NDArray half = array.toType(DataType.FLOAT16, true)) {
                out.write(half.toByteArray());
            }
        }
    }

    /**
     * Reads what {@link #write} wrote into {@code block}'s (initialized) parameters. The
     * parameters in {@code shipped} keep their values unless the file carries them (files written
     * before a frozen encoder was left out carry every parameter).
     */
    public static void read(Block block, NDManager manager, DataInputStream in, Set<Parameter> shipped) throws IOException {
        int count = in.readInt();
        int all = block.getParameters().size();
        boolean carriesShipped = count == all;
        if (!carriesShipped && count != all - shipped.size()) {
            throw new IOException(count + " parameters stored, the network has " + all
                    + (shipped.isEmpty() ? "" : " (" + (all - shipped.size()) + " besides its shipped pretrained ones)"));
        }
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (!carriesShipped && shipped.contains(p.getValue())) {
                continue;
            }
            String name = in.readUTF();
            long[] dims = new long[in.readInt()];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = in.readLong();
            }
            NDArray target = p.getValue().getArray();
            Shape shape = new Shape(dims);
            if (!name.equals(p.getKey()) || !shape.equals(target.getShape())) {
                throw new IOException("stored " + name + " " + shape + " where the network has " + p.getKey() + " " + target.getShape());
            }
            byte[] bytes = new byte[Math.toIntExact(2 * shape.size())];
            in.readFully(bytes);
            try (NDArray half = manager.create(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN), shape, DataType.FLOAT16);
                    NDArray full = half.toType(DataType.FLOAT32, true)) {
                Tensors.copyInto(full, target);
            }
        }
    }
}
