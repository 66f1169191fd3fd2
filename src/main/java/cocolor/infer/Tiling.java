package cocolor.infer;

/**
 * How {@link Predictor} cuts an image too large for one pass: images whose padded area exceeds
 * {@code maxUntiledPixels} go through {@link TiledPrediction} in {@code tile}-sided tiles that
 * overlap by at least {@code overlap}; each tile's outputs within {@code border} of an edge it
 * shares with a neighbour are discarded (blend weight 0), and the weights ramp linearly over the
 * rest of the overlap.
 *
 * @param maxUntiledPixels larger padded images are tiled
 * @param tile tile side, a multiple of the network stride
 * @param overlap minimum overlap of neighbouring tiles, a multiple of the stride, larger than {@code 2 * border}
 * @param border band along a tile's inner edges whose outputs are not used
 */
public record Tiling(long maxUntiledPixels, int tile, int overlap, int border) {
    /**
     * Above 1 megapixel, 768-pixel tiles overlapping by 256 with a 96-pixel border band.
     *
     * <p>The band: the bundled model, given a 512-pixel window of a larger image (with the whole
     * image's global context), differs from its output on the whole image by 0.10 (mean absolute,
     * RGB in [0,1]) at the window's top edge, still 0.037 at 64 px and 0.004 at 96 px: a window's
     * top edge looks to it like the top of an image, where training images have sky. The other
     * edges settle within about 40 px. With 64-pixel overlaps and no band, that showed as bright
     * bands about 90 px tall at the top of every row of tiles: row means 0.03 and 0.09 above the
     * untiled output on two EPFL scenes enlarged 4×, 0.33 on SeamTest's; with the band, 0.002 or
     * less. docs/large-images.md has the measurements.
     *
     * <p>The tile: 768 keeps the overhead of the wider overlap at (768/512)² = 2.25× the
     * untiled work (512-pixel tiles would need 4×), while its largest activation (16 channels of
     * 768², 38 MB) stays below the ~64 MB above which glibc maps and unmaps tensors per op
     * (2000×3000 in 1024-pixel tiles: 45 s, 40% system time; in 512-pixel tiles: 21 s).
     */
    public static final Tiling DEFAULT = new Tiling(1024L * 1024, 768, 256, 96);

    public Tiling {
        boolean bandFits = border >= 0 && (2 * border < overlap || overlap == 0 && border == 0);
        if (tile <= 0 || overlap < 0 || overlap >= tile || !bandFits) {
            throw new IllegalArgumentException("tiling needs 0 <= 2 * border < overlap < tile, or no overlap and no border: "
                    + tile + ", " + overlap + ", " + border);
        }
    }
}
