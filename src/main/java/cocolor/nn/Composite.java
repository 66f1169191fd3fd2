package cocolor.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.BlockList;
import ai.djl.training.ParameterStore;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A block made of named child blocks: the networks here and their parts. Its forward is written
 * once, for training and for the inference copy that {@link Folding} derives from it: it reaches
 * its children by name through a {@link Pass}, never through fields, so that the copy (a clone of
 * this block holding folded children) runs the same code; and it hands every intermediate it is
 * done with to {@link Pass#free}, which closes it in the inference copy only (training keeps it:
 * autograd needs it).
 */
public abstract class Composite extends AbstractBlock implements Cloneable {
    private boolean folded;
    private Map<String, Integer> positions;

    /** One forward pass: {@code training} must be false in an inference copy. */
    protected final Pass pass(ParameterStore ps, boolean training) {
        if (folded && training) {
            throw new UnsupportedOperationException("a folded network is for inference only");
        }
        return new Pass(ps, training);
    }

    /** The child added as {@code name} ({@code addChildBlock}). */
    protected final Block child(String name) {
        Integer i = positions().get(name);
        if (i == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " has no child '" + name + "'");
        }
        return children.valueAt(i);
    }

    /** The children by the names they were added under, in the order they were added. */
    public final Map<String, Block> parts() {
        Map<String, Block> out = new LinkedHashMap<>();
        positions().entrySet().stream().sorted(Map.Entry.comparingByValue())
                .forEach(e -> out.put(e.getKey(), children.valueAt(e.getValue())));
        return out;
    }

    protected final boolean hasChild(String name) {
        return positions().containsKey(name);
    }

    /** Where each child is, by the name it was added as (DJL keys it "01name", "02name", ...). */
    private Map<String, Integer> positions() {
        Map<String, Integer> p = positions;
        if (p == null || p.size() != children.size()) {
            Map<String, Integer> found = new HashMap<>();
            for (int i = 0; i < children.size(); i++) {
                found.put(children.keyAt(i).replaceFirst("^\\d+", ""), i);
            }
            p = Map.copyOf(found); // immutable: safe to publish to other threads without a lock
            positions = p;
        }
        return p;
    }

    /** True in the inference copy: intermediates are freed, and a network may return less (its image only). */
    protected final boolean folded() {
        return folded;
    }

    /** A copy of this block, as the inference copy, whose children are {@code folded} (the same names in the same order). */
    final Composite withFoldedChildren(BlockList foldedChildren) {
        if (!parameters.isEmpty()) {
            throw new IllegalStateException(getClass().getSimpleName() + " has parameters of its own; only its children's can be folded");
        }
        try {
            Composite copy = (Composite) clone();
            copy.children = foldedChildren;
            copy.parameters = new LinkedHashMap<>();
            copy.folded = true;
            return copy;
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    /** The children and the freeing rule of one forward pass. */
    protected final class Pass {
        private final ParameterStore ps;
        private final boolean training;

        private Pass(ParameterStore ps, boolean training) {
            this.ps = ps;
            this.training = training;
        }

        /** Runs child {@code name} on {@code inputs}; its one output. */
        public NDArray run(String name, NDArray... inputs) {
            return outputs(name, inputs).singletonOrThrow();
        }

        /** Runs child {@code name} on {@code inputs}; all its outputs. */
        public NDList outputs(String name, NDArray... inputs) {
            return child(name).forward(ps, new NDList(inputs), training);
        }

        /** Runs child {@code name} on an intermediate {@code x} that nothing else needs: frees it. */
        public NDArray step(String name, NDArray x) {
            NDArray y = run(name, x);
            if (y != x) {
                free(x);
            }
            return y;
        }

        /**
         * {@code intermediate + other}: in the inference copy in place, into {@code intermediate},
         * which this pass made and nothing else holds (one activation-sized buffer less).
         */
        public NDArray add(NDArray intermediate, NDArray other) {
            return folded ? intermediate.addi(other) : intermediate.add(other);
        }

        /**
         * {@code x} laid out channels-last ({@link Layers#channelsLast}), for every convolution
         * after it; frees {@code x} in the inference copy.
         */
        public NDArray channelsLast(NDArray x) {
            NDArray y = Layers.channelsLast(x);
            free(x);
            return y;
        }

        /** Closes arrays this pass made and no longer needs, in the inference copy; nothing in training. */
        public void free(NDArray... arrays) {
            if (folded) {
                for (NDArray a : arrays) {
                    if (a != null) {
                        a.close();
                    }
                }
            }
        }

        public boolean folded() {
            return folded;
        }
    }
}
