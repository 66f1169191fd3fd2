package cocolor.image;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;

/** Small in-memory images in the layouts decoders produce, for writing test files. */
final class TestImages {
    static final int W = 5;
    static final int H = 3;

    private TestImages() {}

    /** A 16-bit value that differs between neighbours only below the 8-bit level. */
    static int sample16(int x, int y, int band) {
        return (x * 13_001 + y * 7_919 + band * 20_011 + 1) % 65_536;
    }

    static int sample8(int x, int y, int band) {
        return (x * 50 + y * 70 + band * 90 + 3) % 256;
    }

    static BufferedImage gray16() {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_USHORT_GRAY);
        fill(img.getRaster(), 1, true);
        return img;
    }

    static BufferedImage rgb16() {
        ComponentColorModel cm = new ComponentColorModel(
                ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false, Transparency.OPAQUE,
                DataBuffer.TYPE_USHORT);
        WritableRaster raster = cm.createCompatibleWritableRaster(W, H);
        fill(raster, 3, true);
        return new BufferedImage(cm, raster, false, null);
    }

    static BufferedImage grayAlpha8() {
        ComponentColorModel cm = new ComponentColorModel(
                ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false, Transparency.TRANSLUCENT,
                DataBuffer.TYPE_BYTE);
        WritableRaster raster = cm.createCompatibleWritableRaster(W, H);
        fill(raster, 2, false);
        return new BufferedImage(cm, raster, false, null);
    }

    /** RGB(A) in the usual JDK layouts, e.g. TYPE_4BYTE_ABGR or TYPE_3BYTE_BGR. */
    static BufferedImage rgb8(int type, int bands) {
        BufferedImage img = new BufferedImage(W, H, type);
        fill(img.getRaster(), bands, false);
        return img;
    }

    /** Palette of {@code bits} per index; entry i is (i*16, 255-i*16, i*8), entry 1 transparent. */
    static BufferedImage palette(int bits) {
        int size = 1 << bits;
        byte[] r = new byte[size];
        byte[] g = new byte[size];
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            r[i] = (byte) paletteRed(i);
            g[i] = (byte) paletteGreen(i);
            b[i] = (byte) paletteBlue(i);
        }
        IndexColorModel icm = new IndexColorModel(bits, size, r, g, b, 1);
        int type = bits == 8 ? BufferedImage.TYPE_BYTE_INDEXED : BufferedImage.TYPE_BYTE_BINARY;
        BufferedImage img = new BufferedImage(W, H, type, icm);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                img.getRaster().setSample(x, y, 0, paletteIndex(x, y, size));
            }
        }
        return img;
    }

    static int paletteIndex(int x, int y, int size) {
        return (x + 3 * y) % size;
    }

    static int paletteRed(int i) {
        return (i * 16) & 0xFF;
    }

    static int paletteGreen(int i) {
        return (255 - i * 16) & 0xFF;
    }

    static int paletteBlue(int i) {
        return (i * 8) & 0xFF;
    }

    private static void fill(WritableRaster raster, int bands, boolean sixteenBit) {
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                for (int band = 0; band < bands; band++) {
                    int v = sixteenBit ? sample16(x, y, band) : sample8(x, y, band);
                    raster.setSample(x, y, band, v);
                }
            }
        }
    }
}
