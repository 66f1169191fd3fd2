package cocolor.base;

/**
 * How far one long task is, reported by the code that does it; a {@link ProgressListener} hands it
 * out and decides how (and whether) it is shown.
 */
public interface Progress extends AutoCloseable {
    /** Shows nothing: for tasks too short to need it, and for runs without a display. */
    Progress NONE = new Progress() {
        @Override
        public void stepTo(long done) {}

        @Override
        public void step() {}
    };

    /** One more done; safe from several threads. */
    void step();

    /** Sets what is done: a count, or for a {@link ProgressListener#timing} task the seconds spent. */
    void stepTo(long done);

    /** A few words shown after the progress, e.g. the step a timed stage is at. */
    default void note(String text) {}

    /** The task is over. */
    @Override
    default void close() {}
}
