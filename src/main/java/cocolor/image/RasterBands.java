package cocolor.image;

import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.awt.image.Raster;
import java.awt.image.SampleModel;

/**
 * Copies one band of a raster into a float plane through a lookup table (sample value to float).
 * A table covers both plain scaling (8/16-bit components) and palettes in one loop. The common
 * decoder layouts (byte or ushort components, interleaved or banded) are read straight from the
 * data arrays; anything else goes row by row through {@link Raster#getSamples}.
 */
final class RasterBands {
    private RasterBands() {}

    /** True if the band's samples are small unsigned integers that fit a lookup table. */
    static boolean fitsLookup(Raster raster, int band) {
        int type = raster.getDataBuffer().getDataType();
        return (type == DataBuffer.TYPE_BYTE || type == DataBuffer.TYPE_USHORT)
                && raster.getSampleModel().getSampleSize(band) <= 16;
    }

    /** Table size for the band: one entry per possible stored sample value. */
    static int lookupSize(Raster raster, int band) {
        return 1 << raster.getSampleModel().getSampleSize(band);
    }

    /** {@code dst[offset + y*width + x] = lut[sample(x, y, band)]}; needs {@link #fitsLookup}. */
    static void map(Raster raster, int band, float[] lut, float[] dst, int offset) {
        if (!mapDirect(raster, band, lut, dst, offset)) {
            mapByRows(raster, band, lut, dst, offset);
        }
    }

    /** Copies raw samples of a float or double band (already normalized by the color model). */
    static void copyFloat(Raster raster, int band, float[] dst, int offset) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        float[] row = new float[w];
        for (int y = 0; y < h; y++) {
            raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, band, row);
            System.arraycopy(row, 0, dst, offset + y * w, w);
        }
    }

    private static boolean mapDirect(
            Raster raster, int band, float[] lut, float[] dst, int offset) {
        SampleModel sm = raster.getSampleModel();
        if (!(sm instanceof ComponentSampleModel csm)) {
            return false;
        }
        DataBuffer buffer = raster.getDataBuffer();
        int bank = csm.getBankIndices()[band];
        int pixelStride = csm.getPixelStride();
        int scanlineStride = csm.getScanlineStride();
        // Position of raster pixel (minX, minY) in the bank, also for child rasters.
        int origin =
                buffer.getOffsets()[bank]
                        + csm.getBandOffsets()[band]
                        + (raster.getMinY() - raster.getSampleModelTranslateY()) * scanlineStride
                        + (raster.getMinX() - raster.getSampleModelTranslateX()) * pixelStride;
        int w = raster.getWidth();
        int h = raster.getHeight();
        if (buffer instanceof DataBufferByte bytes) {
            byte[] src = bytes.getData(bank);
            for (int y = 0; y < h; y++) {
                int s = origin + y * scanlineStride;
                int d = offset + y * w;
                for (int x = 0; x < w; x++, s += pixelStride) {
                    dst[d + x] = lut[src[s] & 0xFF];
                }
            }
            return true;
        }
        if (buffer instanceof DataBufferUShort shorts) {
            short[] src = shorts.getData(bank);
            for (int y = 0; y < h; y++) {
                int s = origin + y * scanlineStride;
                int d = offset + y * w;
                for (int x = 0; x < w; x++, s += pixelStride) {
                    dst[d + x] = lut[src[s] & 0xFFFF];
                }
            }
            return true;
        }
        return false;
    }

    private static void mapByRows(Raster raster, int band, float[] lut, float[] dst, int offset) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, band, row);
            int d = offset + y * w;
            for (int x = 0; x < w; x++) {
                dst[d + x] = lut[row[x]];
            }
        }
    }
}
