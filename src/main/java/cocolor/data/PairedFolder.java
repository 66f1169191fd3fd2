package cocolor.data;

import cocolor.base.UserError;
import cocolor.image.Images;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A paired dataset on disk: {@code DIR/nir/} and {@code DIR/rgb/}, files paired by
 * {@link Stems#stem stem} ({@code x_nir.png} with {@code x_rgb_reg.png}, or {@code x.png} with
 * {@code x.png}).
 */
public final class PairedFolder {
    private static final Logger log = LoggerFactory.getLogger(PairedFolder.class);

    private PairedFolder() {}

    /** All pairs of the folder, sorted by stem; files without a partner are warned about and skipped. */
    public static List<ImagePair> scan(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UserError("dataset folder not found: " + dir);
        }
        Path nirDir = dir.resolve("nir");
        Path rgbDir = dir.resolve("rgb");
        if (!Files.isDirectory(nirDir) || !Files.isDirectory(rgbDir)) {
            throw new UserError("dataset " + dir + " must contain the subfolders nir/ and rgb/");
        }
        Map<String, Path> nir = Stems.byStem(Images.listImages(nirDir, false));
        Map<String, Path> rgb = Stems.byStem(Images.listImages(rgbDir, false));
        List<ImagePair> pairs = new ArrayList<>();
        for (Map.Entry<String, Path> e : new TreeMap<>(nir).entrySet()) {
            Path partner = rgb.get(e.getKey());
            if (partner == null) {
                log.warn("skipping {}: no RGB image with stem '{}' in {}", e.getValue(), e.getKey(), rgbDir);
            } else {
                pairs.add(new ImagePair(e.getKey(), e.getValue(), partner));
            }
        }
        for (Map.Entry<String, Path> e : rgb.entrySet()) {
            if (!nir.containsKey(e.getKey())) {
                log.warn("skipping {}: no NIR image with stem '{}' in {}", e.getValue(), e.getKey(), nirDir);
            }
        }
        if (pairs.isEmpty()) {
            throw new UserError("dataset " + dir + " has no NIR/RGB pairs (files pair by name: x_nir.png with x_rgb_reg.png, or the same name on both sides)");
        }
        return pairs;
    }

    /** The pairs whose stem the split file assigns to {@code split}. */
    public static List<ImagePair> select(List<ImagePair> pairs, Splits splits, String split) {
        List<ImagePair> out = new ArrayList<>();
        int unlisted = 0;
        for (ImagePair p : pairs) {
            String s = splits.splitOf(p.stem());
            if (s == null) {
                unlisted++;
            } else if (s.equals(split)) {
                out.add(p);
            }
        }
        if (unlisted > 0) {
            log.warn("{} pairs are not listed in {} and are left out", unlisted, splits.file());
        }
        return out;
    }
}
