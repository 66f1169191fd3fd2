package cocolor.infer;

import java.util.Locale;

/** At which resolution colour is decided ({@link ScaledPredictor}). */
public enum Scale {
    /** At the model's working scale for inputs well above it, at their own resolution otherwise. */
    AUTO,
    /** At the input's own resolution, whatever its size (in seam-free tiles above a megapixel). */
    NATIVE;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The scale named {@code key} ({@code auto} or {@code native}, any case), or null. */
    public static Scale parse(String key) {
        for (Scale s : values()) {
            if (s.key().equalsIgnoreCase(key)) {
                return s;
            }
        }
        return null;
    }
}
