package cocolor.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Turns a decoded {@link BufferedImage} into a {@link FloatImage} with its natural channel count
 * (1 for gray, 3 otherwise), at full precision: samples are read from the raster and scaled by
 * their own bit depth, so 16-bit data keeps its 65536 levels. Alpha is dropped, not composited.
 */
final class PixelDecoder {
    private PixelDecoder() {}

    static FloatImage decode(BufferedImage image) {
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        if (cm instanceof IndexColorModel palette && RasterBands.fitsLookup(raster, 0)) {
            return decodePalette(raster, palette);
        }
        int colorType = cm.getColorSpace().getType();
        boolean gray = colorType == ColorSpace.TYPE_GRAY && cm.getNumColorComponents() == 1;
        boolean rgb = colorType == ColorSpace.TYPE_RGB && cm.getNumColorComponents() == 3;
        if ((gray || rgb) && !cm.isAlphaPremultiplied() && bandsReadable(raster, cm)) {
            return decodeComponents(raster, cm, gray ? 1 : 3);
        }
        // CMYK, YCbCr, premultiplied or exotic sample types: let Java2D convert to 8-bit sRGB.
        return decodeViaSrgb(image);
    }

    private static boolean bandsReadable(Raster raster, ColorModel cm) {
        int type = raster.getDataBuffer().getDataType();
        if (type == DataBuffer.TYPE_FLOAT || type == DataBuffer.TYPE_DOUBLE) {
            return true;
        }
        for (int band = 0; band < cm.getNumColorComponents(); band++) {
            if (!RasterBands.fitsLookup(raster, band)) {
                return false;
            }
        }
        return true;
    }

    private static FloatImage decodeComponents(Raster raster, ColorModel cm, int channels) {
        int h = raster.getHeight();
        int w = raster.getWidth();
        float[] data = new float[channels * h * w];
        boolean floating = raster.getDataBuffer().getDataType() == DataBuffer.TYPE_FLOAT
                || raster.getDataBuffer().getDataType() == DataBuffer.TYPE_DOUBLE;
        for (int c = 0; c < channels; c++) {
            if (floating) {
                RasterBands.copyFloat(raster, c, data, c * h * w);
            } else {
                float[] lut = scaleTable(RasterBands.lookupSize(raster, c), cm.getComponentSize(c));
                RasterBands.map(raster, c, lut, data, c * h * w);
            }
        }
        return new FloatImage(channels, h, w, data);
    }

    /** {@code value / (2^bits - 1)}, clamped for stored values beyond the declared depth. */
    private static float[] scaleTable(int size, int bits) {
        double max = (1 << bits) - 1;
        float[] lut = new float[size];
        for (int v = 0; v < size; v++) {
            lut[v] = (float) Math.min(1.0, v / max);
        }
        return lut;
    }

    private static FloatImage decodePalette(Raster raster, IndexColorModel palette) {
        int size = RasterBands.lookupSize(raster, 0);
        int entries = palette.getMapSize();
        float[][] luts = new float[3][size];
        for (int i = 0; i < Math.min(size, entries); i++) {
            luts[0][i] = palette.getRed(i) / 255f;
            luts[1][i] = palette.getGreen(i) / 255f;
            luts[2][i] = palette.getBlue(i) / 255f;
        }
        int h = raster.getHeight();
        int w = raster.getWidth();
        float[] data = new float[3 * h * w];
        for (int c = 0; c < 3; c++) {
            RasterBands.map(raster, 0, luts[c], data, c * h * w);
        }
        return new FloatImage(3, h, w, data);
    }

    private static FloatImage decodeViaSrgb(BufferedImage image) {
        int h = image.getHeight();
        int w = image.getWidth();
        int n = h * w;
        float[] data = new float[3 * n];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int argb = row[x];
                int i = y * w + x;
                data[i] = ((argb >> 16) & 0xFF) / 255f;
                data[n + i] = ((argb >> 8) & 0xFF) / 255f;
                data[2 * n + i] = (argb & 0xFF) / 255f;
            }
        }
        return new FloatImage(3, h, w, data);
    }
}
