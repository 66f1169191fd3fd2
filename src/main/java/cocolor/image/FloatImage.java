package cocolor.image;

import java.util.Objects;

/**
 * A planar (channel, row, column) float image, values nominally in [0, 1]. Planar storage matches
 * the CHW tensors the model consumes, so conversion to an NDArray is a single copy.
 */
public final class FloatImage {
    // ITU-R BT.601 luma weights, the usual "grayscale" of an sRGB image.
    public static final double LUMA_R = 0.299;
    public static final double LUMA_G = 0.587;
    public static final double LUMA_B = 0.114;

    private final int channels;
    private final int height;
    private final int width;
    private final float[] data;

    /** A black image. */
    public FloatImage(int channels, int height, int width) {
        this(channels, height, width, new float[checkedSize(channels, height, width)]);
    }

    /** Wraps {@code data} (not copied), laid out as {@code [c][y][x]}. */
    public FloatImage(int channels, int height, int width, float[] data) {
        int size = checkedSize(channels, height, width);
        Objects.requireNonNull(data, "data");
        if (data.length != size) {
            throw new IllegalArgumentException(
                    "data has " + data.length + " values, expected " + channels + "x" + height
                            + "x" + width + " = " + size);
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.data = data;
    }

    private static int checkedSize(int channels, int height, int width) {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException(
                    "image dimensions must be positive: " + channels + "x" + height + "x" + width);
        }
        try {
            return Math.multiplyExact(Math.multiplyExact(channels, height), width);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    "image too large for one array: " + channels + "x" + height + "x" + width);
        }
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** The backing array, not a copy: writes show through. Layout {@code [c][y][x]}. */
    public float[] data() {
        return data;
    }

    /** Number of pixels per channel. */
    public int planeSize() {
        return height * width;
    }

    public float get(int c, int y, int x) {
        return data[index(c, y, x)];
    }

    public void set(int c, int y, int x, float v) {
        data[index(c, y, x)] = v;
    }

    private int index(int c, int y, int x) {
        Objects.checkIndex(c, channels);
        Objects.checkIndex(y, height);
        Objects.checkIndex(x, width);
        return (c * height + y) * width + x;
    }

    /**
     * One channel: a gray image is returned as is, RGB becomes BT.601 luma. Pixels with equal R, G
     * and B keep their exact value, so a NIR image saved as three equal channels reads back
     * unchanged.
     */
    public FloatImage toGray() {
        if (channels == 1) {
            return this;
        }
        requireRgb("toGray");
        int n = planeSize();
        float[] gray = new float[n];
        for (int i = 0; i < n; i++) {
            float r = data[i];
            float g = data[n + i];
            float b = data[2 * n + i];
            gray[i] = (r == g && g == b) ? r : (float) (LUMA_R * r + LUMA_G * g + LUMA_B * b);
        }
        return new FloatImage(1, height, width, gray);
    }

    /** Three channels: RGB is returned as is, a gray channel is replicated. */
    public FloatImage toRgb() {
        if (channels == 3) {
            return this;
        }
        if (channels != 1) {
            throw new IllegalStateException("toRgb needs 1 or 3 channels, image has " + channels);
        }
        int n = planeSize();
        float[] rgb = new float[3 * n];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(data, 0, rgb, c * n, n);
        }
        return new FloatImage(3, height, width, rgb);
    }

    /** A copy of the {@code h x w} region whose top-left corner is {@code (y, x)}. */
    public FloatImage crop(int y, int x, int h, int w) {
        if (y < 0 || x < 0 || h <= 0 || w <= 0 || y + h > height || x + w > width) {
            throw new IllegalArgumentException(
                    "crop " + h + "x" + w + " at (" + y + "," + x + ") outside " + height + "x"
                            + width + " image");
        }
        float[] out = new float[channels * h * w];
        for (int c = 0; c < channels; c++) {
            for (int row = 0; row < h; row++) {
                System.arraycopy(
                        data, (c * height + y + row) * width + x, out, (c * h + row) * w, w);
            }
        }
        return new FloatImage(channels, h, w, out);
    }

    /** Same height and width; the channel count may differ. */
    public boolean sameSize(FloatImage other) {
        return height == other.height && width == other.width;
    }

    private void requireRgb(String operation) {
        if (channels != 3) {
            throw new IllegalStateException(
                    operation + " needs 1 or 3 channels, image has " + channels);
        }
    }

    @Override
    public String toString() {
        return "FloatImage[" + channels + "x" + height + "x" + width + "]";
    }
}
