package cocolor.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Where Chromium is missing, the browser test says that it is skipped, and why, instead of running nothing silently. */
class BrowserTestSkipTest {
    @Test
    void withoutChromiumEachBrowserTestIsReportedSkippedWithTheReason() {
        List<String> skipped = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        TestExecutionListener listener = new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                String reason = result.getThrowable().map(Throwable::getMessage).orElse("");
                if (result.getStatus() == TestExecutionResult.Status.ABORTED && test.isTest() && reason.contains("chromium")) {
                    skipped.add(test.getDisplayName() + ": " + reason);
                } else if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                    problems.add(test.getDisplayName() + " " + result);
                }
            }
        };
        String old = System.getProperty("cocolor.e2e.chromium");
        System.setProperty("cocolor.e2e.chromium", "/nonexistent/chromium");
        try {
            Launcher launcher = LauncherFactory.create();
            launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(WebPageBrowserTest.class)).build(), listener);
        } finally {
            if (old == null) {
                System.clearProperty("cocolor.e2e.chromium");
            } else {
                System.setProperty("cocolor.e2e.chromium", old);
            }
        }
        long tests = Arrays.stream(WebPageBrowserTest.class.getDeclaredMethods()).filter(m -> m.isAnnotationPresent(Test.class)).count();
        assertEquals(List.of(), problems, "nothing else fails or aborts");
        assertEquals(tests, skipped.size(), "every test reported skipped: " + skipped);
        assertTrue(skipped.get(0).contains("/nonexistent/chromium is missing"), skipped.toString());
    }
}
