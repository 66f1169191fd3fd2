package cocolor.server;

/** What tests of other packages may know of {@link WebPageBrowserTest}. */
public final class WebPageBrowserTestAccess {
    private WebPageBrowserTestAccess() {}

    /** The start of the line the browser test prints where Chromium is missing. */
    public static String skipLinePrefix() {
        return WebPageBrowserTest.class.getSimpleName() + " " + WebPageBrowserTest.SKIPPED;
    }
}
