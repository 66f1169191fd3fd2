package cocolor.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.BlockList;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import cocolor.engine.EngineSetup;
import java.util.ArrayList;
import java.util.List;

/**
 * The inference copy of any network, derived from its block tree: every convolution followed by
 * a batch norm in a sequence becomes one convolution with the norm folded into its weights and
 * bias ({@link FoldedConv}); other convolutions and linear layers become frozen copies; sequences
 * become chains that free each intermediate once the next block has consumed it; a {@link
 * Composite} becomes a copy of itself holding its folded children, running the same forward,
 * which then frees its own intermediates; blocks without parameters (activations) are reused as
 * they are, and so are other leaves with parameters (run in inference mode: a batch norm with no
 * convolution before it stays a batch norm). The copy's arrays collect no gradient and are owned
 * by the manager given; it computes what the network computes in inference mode, up to float
 * rounding (and less: a network may return only its image from the copy, see {@link UNet}).
 */
public final class Folding {
    /** Multiply-accumulates counted on this thread by {@link #flops}; null when not counting. */
    private static final ThreadLocal<long[]> MACS = new ThreadLocal<>();

    private Folding() {}

    /** The inference copy of {@code block}. */
    public static Block fold(Block block, NDManager manager) {
        if (block instanceof Composite c) {
            BlockList folded = new BlockList();
            for (Pair<String, Block> child : c.getChildren()) {
                folded.add(child.getKey(), fold(child.getValue(), manager));
            }
            return c.withFoldedChildren(folded);
        }
        if (block instanceof SequentialBlock s) {
            List<Block> children = s.getChildren().values();
            List<Block> folded = new ArrayList<>();
            for (int i = 0; i < children.size(); i++) {
                if (children.get(i) instanceof Conv2d conv && i + 1 < children.size() && children.get(i + 1) instanceof BatchNorm norm) {
                    folded.add(FoldedConv.fold(conv, norm, manager));
                    i++;
                } else {
                    folded.add(fold(children.get(i), manager));
                }
            }
            return new Chain(folded);
        }
        if (block instanceof Conv2d conv) {
            return FoldedConv.fold(conv, null, manager);
        }
        if (block instanceof Linear linear) {
            return new FoldedLinear(copy(linear, "weight", manager),
                    linear.getParameters().contains("bias") ? copy(linear, "bias", manager) : null);
        }
        if (!block.getChildren().isEmpty()) {
            throw new IllegalArgumentException("cannot fold a " + block.getClass().getSimpleName()
                    + ": a block with children must be a SequentialBlock or a " + Composite.class.getSimpleName());
        }
        return block;
    }

    private static NDArray copy(Block block, String parameter, NDManager manager) {
        NDArray a = block.getParameters().get(parameter).getArray();
        return manager.create(a.toFloatArray(), a.getShape());
    }

    /**
     * Floating-point operations (2 per multiply-accumulate) of the convolutions and linear layers
     * of an inference copy for one input of {@code shape} (batch 1), counted by running it once on
     * zeros; element-wise ops are not counted.
     */
    public static long flops(Block folded, Shape shape) {
        long[] count = new long[1];
        MACS.set(count);
        try (NDManager m = EngineSetup.engine().newBaseManager()) {
            folded.forward(new ParameterStore(m, false), new NDList(m.zeros(shape)), false);
        } finally {
            MACS.remove();
        }
        return 2 * count[0] / shape.get(0);
    }

    /** Whether {@link #flops} is counting on this thread. */
    static boolean counting() {
        return MACS.get() != null;
    }

    /** Adds to the count of {@link #flops} on this thread, if it is counting. */
    static void countMacs(long macs) {
        long[] count = MACS.get();
        if (count != null) {
            count[0] += macs;
        }
    }

    /** A convolution and the batch norm after it in a sequence ({@code norm} null if none). */
    public record ConvUnit(Conv2d conv, BatchNorm norm) {}

    /** Every convolution of a network in the order of its block tree, with the batch norm that folds into it. */
    public static List<ConvUnit> convUnits(Block block) {
        if (block instanceof Conv2d conv) {
            return List.of(new ConvUnit(conv, null));
        }
        List<ConvUnit> out = new ArrayList<>();
        List<Block> children = block.getChildren().values();
        for (int i = 0; i < children.size(); i++) {
            Block child = children.get(i);
            if (child instanceof Conv2d conv) {
                BatchNorm norm = block instanceof SequentialBlock && i + 1 < children.size()
                        && children.get(i + 1) instanceof BatchNorm n ? n : null;
                out.add(new ConvUnit(conv, norm));
            } else {
                out.addAll(convUnits(child));
            }
        }
        return out;
    }

    /** The blocks of {@code type} in a block tree, depth first. */
    public static <B> List<B> find(Block root, Class<B> type) {
        List<B> out = new ArrayList<>();
        if (type.isInstance(root)) {
            out.add(type.cast(root));
        }
        for (Block child : root.getChildren().values()) {
            out.addAll(find(child, type));
        }
        return out;
    }

    /** The inference copy of a sequence: runs its blocks in order, freeing each intermediate once the next has consumed it. */
    private static final class Chain extends AbstractBlock {
        private final List<Block> blocks;

        Chain(List<Block> blocks) {
            this.blocks = List.copyOf(blocks);
            for (int i = 0; i < blocks.size(); i++) {
                addChildBlock(String.format("%02d%s", i + 1, blocks.get(i).getClass().getSimpleName()), blocks.get(i));
            }
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            NDList current = inputs;
            for (Block b : blocks) {
                NDList next = b.forward(ps, current, training);
                if (current != inputs) {
                    for (NDArray a : current) {
                        if (!containsSame(next, a)) {
                            a.close();
                        }
                    }
                }
                current = next;
            }
            return current;
        }

        /** Whether {@code list} holds {@code a} itself (NDList.contains compares otherwise). */
        private static boolean containsSame(NDList list, NDArray a) {
            for (NDArray b : list) {
                if (b == a) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            Shape[] shapes = inputShapes;
            for (Block b : blocks) {
                shapes = b.getOutputShapes(shapes);
            }
            return shapes;
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            // made of folded blocks, initialized as they are made
        }
    }

    /** A frozen copy of a linear layer. */
    private static final class FoldedLinear extends AbstractBlock {
        private final NDArray weight;
        private final NDArray bias;

        FoldedLinear(NDArray weight, NDArray bias) {
            this.weight = weight;
            this.bias = bias;
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray x = inputs.singletonOrThrow();
            if (counting()) {
                countMacs(weight.getShape().size() * x.getShape().get(0));
            }
            return Linear.linear(x, weight, bias);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {new Shape(inputShapes[0].get(0), weight.getShape().get(0))};
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            // frozen arrays, made with the block
        }
    }
}
