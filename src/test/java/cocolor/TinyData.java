package cocolor;

import cocolor.image.FloatImage;
import cocolor.image.Images;
import java.nio.file.Path;
import java.util.Random;

/** Generates small paired NIR/RGB folders for tests: smooth random NIR, RGB a fixed function of it. */
public final class TinyData {
    private TinyData() {}

    /** Writes {@code n} pairs {@code dir/nir/p<i>_nir.png}, {@code dir/rgb/p<i>_rgb_reg.png}. */
    public static Path pairs(Path dir, int n, int height, int width, long seed) {
        Random r = new Random(seed);
        for (int i = 0; i < n; i++) {
            FloatImage nir = smooth(height, width, r);
            Images.writePng(nir, dir.resolve("nir/p" + i + "_nir.png"));
            Images.writePng(colorOf(nir), dir.resolve("rgb/p" + i + "_rgb_reg.png"));
        }
        return dir;
    }

    public static FloatImage smooth(int height, int width, Random r) {
        FloatImage im = new FloatImage(1, height, width);
        double fx = 1 + r.nextInt(4);
        double fy = 1 + r.nextInt(4);
        double phase = r.nextDouble() * 6.28;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double v = 0.5 + 0.4 * Math.sin(fx * x * 6.28 / width + phase) * Math.cos(fy * y * 6.28 / height);
                im.set(0, y, x, (float) v);
            }
        }
        return im;
    }

    /** The "true colours" of a tiny NIR image: a simple deterministic function of it. */
    public static FloatImage colorOf(FloatImage nir) {
        FloatImage rgb = new FloatImage(3, nir.height(), nir.width());
        for (int y = 0; y < nir.height(); y++) {
            for (int x = 0; x < nir.width(); x++) {
                float v = nir.get(0, y, x);
                rgb.set(0, y, x, v);
                rgb.set(1, y, x, 1 - v);
                rgb.set(2, y, x, 0.5f * v + 0.2f);
            }
        }
        return rgb;
    }
}
