package cocolor.eval;

import java.util.List;

/**
 * The scores of one validation pass, per folder of validation pairs; their {@link #mean} is what
 * picks the best model.
 */
public record Validation(List<Folder> folders) {

    /**
     * The val pairs of one folder: their mean scores, how many score below their gray copy, and
     * the same per scene category ({@link Categories}; empty unless the folder has several).
     */
    public record Folder(String name, MetricSummary scores, BelowGrayCopy belowGrayCopy, java.util.Map<String, Category> categories) {
        public Folder {
            categories = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(categories));
        }

        /** Without a per-category breakdown. */
        public Folder(String name, MetricSummary scores, BelowGrayCopy belowGrayCopy) {
            this(name, scores, belowGrayCopy, java.util.Map.of());
        }
    }

    /** The val pairs of one scene category within a folder. */
    public record Category(MetricSummary scores, BelowGrayCopy belowGrayCopy) {}

    public Validation {
        if (folders.isEmpty()) {
            throw new IllegalArgumentException("a validation scores at least one folder");
        }
        folders = List.copyOf(folders);
    }

    /**
     * Per metric, the mean over folders: each folder weighs the same however many pairs it holds,
     * so a small folder of other scenes is not outvoted. {@code count} is all pairs. With one folder,
     * its own scores.
     */
    public MetricSummary mean() {
        if (folders.size() == 1) {
            return folders.get(0).scores();
        }
        double psnr = 0;
        double ssim = 0;
        double ae = 0;
        int count = 0;
        for (Folder f : folders) {
            psnr += f.scores().psnr();
            ssim += f.scores().ssim();
            ae += f.scores().ae();
            count += f.scores().count();
        }
        int n = folders.size();
        return new MetricSummary(psnr / n, ssim / n, ae / n, count);
    }
}
