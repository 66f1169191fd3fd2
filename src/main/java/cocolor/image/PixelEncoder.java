package cocolor.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/** Quantizes a {@link FloatImage} to an 8-bit gray or RGB {@link BufferedImage} for writing. */
final class PixelEncoder {
    private PixelEncoder() {}

    static BufferedImage encode(FloatImage image) {
        int h = image.height();
        int w = image.width();
        int n = h * w;
        float[] src = image.data();
        switch (image.channels()) {
            case 1 -> {
                BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
                byte[] dst = bytes(out);
                // TYPE_BYTE_GRAY rows are packed (scanline stride == width), so indices match.
                for (int i = 0; i < n; i++) {
                    dst[i] = to8Bit(src[i]);
                }
                return out;
            }
            case 3 -> {
                BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
                byte[] dst = bytes(out);
                for (int i = 0, d = 0; i < n; i++, d += 3) {
                    dst[d] = to8Bit(src[2 * n + i]);
                    dst[d + 1] = to8Bit(src[n + i]);
                    dst[d + 2] = to8Bit(src[i]);
                }
                return out;
            }
            default -> throw new IllegalArgumentException(
                    "can only encode 1 or 3 channels, image has " + image.channels());
        }
    }

    private static byte[] bytes(BufferedImage image) {
        return ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    }

    /** Clamps to [0, 1] and rounds to the nearest of 256 levels; NaN becomes 0. */
    static byte to8Bit(float v) {
        float clamped = v > 1f ? 1f : (v > 0f ? v : 0f);
        return (byte) Math.round(clamped * 255f);
    }
}
