package cocolor.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Adds a learned image-level vector to every position of a feature map: the whole scene
 * (sky, season, haze) informs the colour of each pixel, which local convolutions cannot see.
 *
 * <p>The vector comes from {@link #pool}, the spatial mean of the input, unless a second input
 * supplies it: tiled inference pools once over the whole image and gives every tile the same one.
 */
public final class GlobalContext extends Composite {
    public GlobalContext(int channels) {
        addChildBlock("mix", Linear.builder().setUnits(channels).build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        Pass p = pass(ps, training);
        NDArray x = inputs.get(0);
        boolean given = inputs.size() > 1;
        NDArray pooled = given ? inputs.get(1) : pool(x);
        NDArray mixed = given ? p.run("mix", pooled) : p.step("mix", pooled);
        NDArray g = Activation.relu(mixed);
        p.free(mixed);
        NDArray out = x.add(g.expandDims(2).expandDims(3));
        p.free(g);
        return new NDList(out);
    }

    /** The spatial mean of an (N, C, H, W) feature map: (N, C). */
    public static NDArray pool(NDArray x) {
        return x.mean(new int[] {3}).mean(new int[] {2});
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {
        child("mix").initialize(manager, dataType, new Shape(shapes[0].get(0), shapes[0].get(1)));
    }
}
