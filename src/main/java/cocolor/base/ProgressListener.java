package cocolor.base;

/**
 * Where the layers below the front ends report the progress of their long tasks (loading a
 * dataset, a training stage). The front end hands one in: the command line shows a bar or log
 * lines on stderr, a library caller may show nothing ({@link #NONE}).
 */
public interface ProgressListener {
    /** Shows nothing. */
    ProgressListener NONE = new ProgressListener() {
        @Override
        public Progress counting(String task, long total, String unit) {
            return Progress.NONE;
        }

        @Override
        public Progress timing(String task, double seconds) {
            return Progress.NONE;
        }
    };

    /** A task of {@code total} things, {@code unit} naming them ("img", "step"). */
    Progress counting(String task, long total, String unit);

    /** A task bound by a time budget of {@code seconds}; it reports the seconds spent with {@link Progress#stepTo}. */
    Progress timing(String task, double seconds);
}
