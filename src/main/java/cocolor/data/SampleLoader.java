package cocolor.data;

import cocolor.base.Progress;
import cocolor.base.ProgressListener;
import cocolor.base.UserError;
import cocolor.image.FloatImage;
import cocolor.image.Images;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads datasets into memory (a few hundred images: decoding once beats decoding every epoch). */
public final class SampleLoader {
    private static final Logger log = LoggerFactory.getLogger(SampleLoader.class);

    private SampleLoader() {}

    /**
     * Loads pairs; a pair that cannot be read, or whose sizes differ, is warned about and skipped.
     * Reports its progress to {@code progress}.
     */
    public static List<Sample> loadPairs(List<ImagePair> pairs, int minSide, ProgressListener progress) {
        List<Sample> out;
        try (Progress bar = progress.counting("load pairs", pairs.size(), "img")) {
            out = pairs.parallelStream()
                    .map(p -> {
                        try {
                            FloatImage nir = Images.readGray(p.nir());
                            FloatImage rgb = Images.readRgb(p.rgb());
                            bar.step();
                            if (!nir.sameSize(rgb)) {
                                log.warn("skipping pair {}: {} is {}x{} but {} is {}x{} (a pair must be registered, of equal size)",
                                        p.stem(), p.nir(), nir.width(), nir.height(), p.rgb(), rgb.width(), rgb.height());
                                return null;
                            }
                            return usable(new Sample(p.stem(), nir, rgb), p.nir(), minSide);
                        } catch (UserError e) {
                            bar.step();
                            log.warn("skipping pair {}: {}", p.stem(), e.getMessage());
                            return null;
                        }
                    })
                    .filter(Objects::nonNull)
                    .toList();
        }
        if (out.isEmpty()) {
            throw new UserError("none of the " + pairs.size() + " pairs could be used (see the warnings above)");
        }
        return out;
    }

    /** Loads every image below {@code dir} as an RGB-only sample (for the grayscale task). */
    public static List<Sample> loadPhotos(Path dir, int minSide, ProgressListener progress) {
        List<Path> files = Images.listImages(dir, true);
        if (files.isEmpty()) {
            throw new UserError("no images found under " + dir);
        }
        List<Sample> out;
        try (Progress bar = progress.counting("load photos", files.size(), "img")) {
            out = files.parallelStream()
                    .map(f -> {
                        try {
                            Sample s = new Sample(dir.relativize(f).toString(), null, Images.readRgb(f));
                            bar.step();
                            return usable(s, f, minSide);
                        } catch (UserError e) {
                            bar.step();
                            log.warn("skipping {}: {}", f, e.getMessage());
                            return null;
                        }
                    })
                    .filter(Objects::nonNull)
                    .toList();
        }
        return new ArrayList<>(out);
    }

    private static Sample usable(Sample s, Path file, int minSide) {
        if (Math.min(s.rgb().width(), s.rgb().height()) < minSide) {
            log.warn("skipping {}: {}x{} is smaller than the {} px training crop", file, s.rgb().width(),
                    s.rgb().height(), minSide);
            return null;
        }
        return s;
    }
}
