package cocolor.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import cocolor.engine.NativeWork;
import cocolor.image.FloatImage;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import cocolor.nn.PooledContext;

/**
 * Runs a network's inference copy on an image too large for one pass, in overlapping tiles whose
 * outputs are blended with feathered weights straight into the output planes. Memory is the
 * input, the output and one tile's activations, whatever the image size.
 *
 * <p>A global context ({@link PooledContext}) pools over the whole network input, so tiles must
 * not pool their own: a first pass runs only the part before the pooling per tile and sums its
 * map over the part each tile owns (far from its edges, where the features equal the untiled
 * ones); the second pass runs every tile with that one vector. Outputs near a tile's inner edges, where the network sees a false
 * image edge, get no weight ({@link Tiling#border}), so the result matches the untiled one up to
 * the small long-range effect of the tile edges.
 *
 * <p>Tiles cover the same canvas as {@link Predictor}'s single pass: {@code margin} mirrored
 * pixels in front of the image at the top and left, then the image and at least {@code trailing}
 * mirrored pixels, rounded up to the stride.
 */
final class TiledPrediction {
    private final Block net;
    private final int stride;
    private final NDManager manager;
    private final Tiling tiling;
    private final int margin;
    private final int trailing;

    TiledPrediction(Block net, int stride, NDManager manager, Tiling tiling, int margin, int trailing) {
        if (tiling.tile() % stride != 0 || tiling.overlap() % stride != 0) {
            throw new IllegalArgumentException("tile " + tiling.tile() + " and overlap " + tiling.overlap()
                    + " must be multiples of the stride " + stride);
        }
        this.net = net;
        this.stride = stride;
        this.manager = manager;
        this.tiling = tiling;
        this.margin = margin;
        this.trailing = trailing;
    }

    FloatImage predict(FloatImage input) {
        TileAxis rows = axis(input.height(), stride);
        TileAxis cols = axis(input.width(), stride);
        PooledContext pooling = net instanceof PooledContext c && c.hasContext() ? c : null;
        float[] context = pooling == null ? null : pooledContext(pooling, input, rows, cols);
        FloatImage out = null;
        float[] window = new float[input.channels() * rows.tile() * cols.tile()];
        for (int i = 0; i < rows.count(); i++) {
            for (int j = 0; j < cols.count(); j++) {
                Predictor.reflectWindow(input, rows.origin(i) - margin, cols.origin(j) - margin, rows.tile(), cols.tile(), window, 0);
                // One unit of native work per tile: an exit waits for this tile, not the whole image.
                Tile y = NativeWork.run(() -> {
                    try (NoGrad g = new NoGrad(); NDManager sub = manager.newSubManager()) {
                        NDList in = new NDList(sub.create(window, new Shape(1, input.channels(), rows.tile(), cols.tile())));
                        if (context != null) {
                            in.add(sub.create(context, new Shape(1, context.length)));
                        }
                        NDArray image = net.forward(new ParameterStore(sub, false), in, false).get(0);
                        return new Tile(image.toFloatArray(), (int) image.getShape().get(1));
                    }
                });
                if (out == null) {
                    out = new FloatImage(y.channels(), input.height(), input.width());
                }
                blend(y.values(), out, rows, i, cols, j, margin);
            }
        }
        return out;
    }

    /** One tile's output: channels × tile rows × tile cols. */
    private record Tile(float[] values, int channels) {}

    /** The spatial mean of the context map ({@link PooledContext#contextMap}) over the whole padded image, summed tile by tile. */
    private float[] pooledContext(PooledContext pooling, FloatImage input, TileAxis rows, TileAxis cols) {
        double[] sum = null;
        float[] window = new float[input.channels() * rows.tile() * cols.tile()];
        for (int i = 0; i < rows.count(); i++) {
            for (int j = 0; j < cols.count(); j++) {
                Predictor.reflectWindow(input, rows.origin(i) - margin, cols.origin(j) - margin, rows.tile(), cols.tile(), window, 0);
                String own = String.format(":, :, %d:%d, %d:%d",
                        (rows.ownStart(i) - rows.origin(i)) / stride, (rows.ownEnd(i) - rows.origin(i)) / stride,
                        (cols.ownStart(j) - cols.origin(j)) / stride, (cols.ownEnd(j) - cols.origin(j)) / stride);
                float[] part = NativeWork.run(() -> {
                    try (NoGrad g = new NoGrad(); NDManager sub = manager.newSubManager()) {
                        NDArray x = sub.create(window, new Shape(1, input.channels(), rows.tile(), cols.tile()));
                        return pooling.contextMap(new ParameterStore(sub, false), x).get(new NDIndex(own)).sum(new int[] {0, 2, 3})
                                .toFloatArray();
                    }
                });
                if (sum == null) {
                    sum = new double[part.length];
                }
                for (int c = 0; c < part.length; c++) {
                    sum[c] += part[c];
                }
            }
        }
        double cells = (double) (rows.ownEnd(rows.count() - 1) / stride) * (cols.ownEnd(cols.count() - 1) / stride);
        float[] mean = new float[sum.length];
        for (int c = 0; c < mean.length; c++) {
            mean[c] = (float) (sum[c] / cells);
        }
        return mean;
    }

    /**
     * Adds the weighted tile output (channels × tile rows × tile cols) into the output planes: the
     * part of the tile that lies on the image, whose canvas starts {@code margin} pixels earlier.
     */
    private static void blend(float[] y, FloatImage out, TileAxis rows, int i, TileAxis cols, int j, int margin) {
        int h = out.height();
        int w = out.width();
        int th = rows.tile();
        int tw = cols.tile();
        int firstRow = Math.max(0, margin - rows.origin(i)); // tile rows in the margin are not on the image
        int firstCol = Math.max(0, margin - cols.origin(j));
        int y0 = rows.origin(i) - margin;
        int x0 = cols.origin(j) - margin;
        int endRow = Math.min(th, h - y0);
        int endCol = Math.min(tw, w - x0);
        float[] colWeight = new float[tw];
        for (int tx = firstCol; tx < endCol; tx++) {
            colWeight[tx] = cols.weight(j, tx);
        }
        float[] d = out.data();
        for (int c = 0; c < out.channels(); c++) {
            for (int ty = firstRow; ty < endRow; ty++) {
                float rowWeight = rows.weight(i, ty);
                int src = (c * th + ty) * tw;
                int dst = (c * h + y0 + ty) * w + x0;
                for (int tx = firstCol; tx < endCol; tx++) {
                    d[dst + tx] += rowWeight * colWeight[tx] * y[src + tx];
                }
            }
        }
    }

    private TileAxis axis(int length, int stride) {
        return new TileAxis(roundUp(margin + length + trailing, stride), tiling.tile(), tiling.overlap(), tiling.border(), stride);
    }

    private static int roundUp(int v, int stride) {
        return (v + stride - 1) / stride * stride;
    }
}
