package cocolor.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.MalformedModelException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The named networks of a model or a recipe ("f_n", "f_g", "n2g", ...), built from their specs ({@link NetworkTypes}). */
public final class Networks {
    private final Map<String, NetworkSpec> specs;
    private final Map<String, Block> blocks = new LinkedHashMap<>();
    private final boolean folded;

    /** Builds and initializes every network; {@code manager} owns the parameters. */
    public Networks(Map<String, NetworkSpec> specs, NDManager manager) {
        this.specs = new LinkedHashMap<>(specs);
        for (Map.Entry<String, NetworkSpec> e : specs.entrySet()) {
            Block b = NetworkTypes.build(e.getValue());
            int size = Math.max(32, e.getValue().stride() * 2);
            b.initialize(manager, DataType.FLOAT32, new Shape(2, e.getValue().inChannels(), size, size));
            blocks.put(e.getKey(), b);
        }
        folded = false;
    }

    private Networks(Map<String, NetworkSpec> specs, Map<String, Block> blocks) {
        this.specs = new LinkedHashMap<>(specs);
        this.blocks.putAll(blocks);
        this.folded = true;
    }

    /**
     * The inference copy ({@link Folding}: batch norms folded into the convolutions, arrays owned
     * by {@code manager}, no gradients, intermediates freed early). For prediction only.
     */
    public Networks folded(NDManager manager) {
        Map<String, Block> out = new LinkedHashMap<>();
        blocks.forEach((name, b) -> out.put(name, Folding.fold(b, manager)));
        return new Networks(specs, out);
    }

    /** Whether these are an inference copy ({@link #folded}). */
    public boolean isFolded() {
        return folded;
    }

    public Block block(String name) {
        Block b = blocks.get(name);
        if (b == null) {
            throw new IllegalArgumentException("no network named '" + name + "'");
        }
        return b;
    }

    public NetworkSpec spec(String name) {
        return specs.get(name);
    }

    public Map<String, NetworkSpec> specs() {
        return specs;
    }

    public Set<String> names() {
        return blocks.keySet();
    }

    public boolean contains(String name) {
        return blocks.containsKey(name);
    }

    /** Trainable parameter arrays of a network, in a stable order. */
    public List<NDArray> trainableArrays(String name) {
        List<NDArray> out = new ArrayList<>();
        for (Parameter p : block(name).getParameters().values()) {
            if (p.requiresGradient()) {
                out.add(p.getArray());
            }
        }
        return out;
    }

    /**
     * Every parameter array of a network, batch-norm running statistics included, in a stable
     * order: what a weight average must follow so that the averaged weights meet matching statistics.
     */
    public List<NDArray> stateArrays(String name) {
        List<NDArray> out = new ArrayList<>();
        for (Parameter p : block(name).getParameters().values()) {
            out.add(p.getArray());
        }
        return out;
    }

    /** Overwrites the weights (and statistics) of {@code target} with those of {@code source}; same architecture required. */
    public void copyWeights(String source, String target) {
        if (!specs.get(source).equals(specs.get(target))) {
            throw new IllegalArgumentException("'" + target + "' cannot take the weights of '" + source + "': different architectures");
        }
        List<NDArray> from = stateArrays(source);
        List<NDArray> to = stateArrays(target);
        for (int i = 0; i < from.size(); i++) {
            Tensors.copyInto(from.get(i), to.get(i));
        }
    }

    /** Sets whether a network's weights collect gradients (off for frozen networks: cheaper backward). */
    public void setTrainable(String name, boolean trainable) {
        for (Parameter p : block(name).getParameters().values()) {
            if (p.requiresGradient()) {
                p.getArray().setRequiresGradient(trainable);
            }
        }
    }

    /** False if any weight of any network is NaN or infinite. */
    public boolean allFinite() {
        for (Block b : blocks.values()) {
            for (Parameter p : b.getParameters().values()) {
                // NaN and infinities propagate into the sum.
                try (NDArray sum = p.getArray().sum()) {
                    if (!Float.isFinite(sum.getFloat())) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    public long parameterCount(String name) {
        long n = 0;
        for (Parameter p : block(name).getParameters().values()) {
            n += p.getArray().size();
        }
        return n;
    }

    public void save(String name, DataOutputStream out) throws IOException {
        block(name).saveParameters(out);
    }

    /**
     * Saves {@code name}'s weights in half precision ({@link HalfWeights}), as model files do,
     * without those that are the shipped pretrained weights unchanged (a frozen encoder's).
     */
    public void saveHalf(String name, DataOutputStream out) throws IOException {
        HalfWeights.write(block(name), out, pretrained(name, Pretrained::shippedUnchanged));
    }

    /** Loads weights written by {@link #saveHalf} into {@code name}'s parameters. */
    public void loadHalf(String name, NDManager manager, DataInputStream in) throws IOException {
        try {
            HalfWeights.read(block(name), manager, in, pretrained(name, Pretrained::frozen));
        } catch (IOException | RuntimeException e) {
            throw misfit(name, e);
        }
    }

    /** The parameters that {@code which} picks in each of {@code name}'s pretrained parts ({@link Pretrained}). */
    private Set<Parameter> pretrained(String name, java.util.function.Function<Pretrained, Set<Parameter>> which) {
        Set<Parameter> out = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        Folding.find(block(name), Pretrained.class).forEach(p -> out.addAll(which.apply(p)));
        return out;
    }

    public void load(String name, NDManager manager, DataInputStream in) throws IOException {
        try {
            Block b = block(name);
            b.loadParameters(manager, in);
            // Loaded arrays are new tensors: gradients must be requested again for training.
            for (Parameter p : b.getParameters().values()) {
                if (p.requiresGradient()) {
                    p.getArray().setRequiresGradient(true);
                }
            }
        } catch (MalformedModelException | RuntimeException e) {
            throw misfit(name, e);
        }
    }

    private IOException misfit(String name, Exception e) {
        return new IOException("weights of '" + name + "' do not fit its network " + specs.get(name) + ": " + e.getMessage(), e);
    }
}
