package cocolor.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cocolor.TinyModel;
import cocolor.infer.Colorizer;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page end to end in Debian's headless Chromium: choose images in the file input, wait for
 * the results, and check in the page that each result has its input's size and real colour.
 * Where Chromium or its driver is missing (or {@code -Dcocolor.e2e.chromium}, {@code
 * -Dcocolor.e2e.chromedriver} name other paths that are), each test is reported skipped with the
 * reason, also printed once on stderr; nothing is ever downloaded (the driver and browser paths are
 * given, so Selenium Manager is not consulted).
 *
 * <p>Saves a screenshot to {@code target/serve.png}, or to {@code -Dcocolor.e2e.screenshot=FILE};
 * {@code -Dcocolor.e2e.model=FILE} serves that model instead of the tiny test model (for the docs).
 */
class WebPageBrowserTest {

    private static final List<String> SAMPLES = List.of("country_0024", "mountain_0048");
    /** Draws a result into a canvas; returns its natural size and the share of clearly coloured pixels. */
    private static final String MEASURE_RESULT = """
            const img = arguments[0];
            const c = document.createElement('canvas');
            c.width = img.naturalWidth; c.height = img.naturalHeight;
            const g = c.getContext('2d');
            g.drawImage(img, 0, 0);
            const px = g.getImageData(0, 0, c.width, c.height).data;
            let coloured = 0;
            for (let i = 0; i < px.length; i += 4) {
              const hi = Math.max(px[i], px[i + 1], px[i + 2]), lo = Math.min(px[i], px[i + 1], px[i + 2]);
              if (hi - lo > 8) coloured++;
            }
            return {width: img.naturalWidth, height: img.naturalHeight, coloured: coloured / (px.length / 4)};
            """;

    private static Colorizer colorizer;
    private static ColorizeServer server;
    private static WebDriver browser;

    @TempDir static Path profile;
    @TempDir Path uploads;

    private static Path chromium() {
        return Path.of(System.getProperty("cocolor.e2e.chromium", "/usr/bin/chromium"));
    }

    private static Path chromedriver() {
        return Path.of(System.getProperty("cocolor.e2e.chromedriver", "/usr/bin/chromedriver"));
    }

    /** How the line it prints where the browser cannot run starts, after the class name (README quotes it). */
    static final String SKIPPED = "skipped:";

    /** Why the browser cannot run here, or null. */
    static String missingBrowser() {
        for (Path program : List.of(chromium(), chromedriver())) {
            if (!Files.isExecutable(program)) {
                return SKIPPED + " the browser test needs Debian's chromium and chromium-driver; " + program + " is missing";
            }
        }
        return null;
    }

    @BeforeAll
    static void start() {
        String missing = missingBrowser();
        if (missing != null) {
            System.err.println(WebPageBrowserTest.class.getSimpleName() + " " + missing); // surefire shows counts only
            return; // each test reports itself skipped, with the reason
        }
        String model = System.getProperty("cocolor.e2e.model");
        colorizer = Colorizer.load(model != null ? Path.of(model) : TinyModel.get());
        server = ColorizeServer.start(colorizer, new ServerConfig("127.0.0.1", 0, ServerLimits.defaults()));
        browser = headlessChromium();
        browser.manage().window().setSize(new Dimension(1100, 940));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
            colorizer.close();
        }
        // The class may run again in this JVM (BrowserTestSkipTest runs it without a browser).
        browser = null;
        server = null;
        colorizer = null;
    }

    @BeforeEach
    void needsTheBrowser() {
        Assumptions.assumeTrue(browser != null, WebPageBrowserTest::missingBrowser);
    }

    @Test
    void chosenImagesAreColorizedAtTheirSizeAndABadFileGetsAMessage() throws Exception {
        browser.get("http://127.0.0.1:" + server.port() + "/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        wait.until(d -> d.findElement(By.id("model")).getText().startsWith("Model:"));

        Path bad = Files.writeString(uploads.resolve("notes.png"), "not an image at all");
        browser.findElement(By.id("files")).sendKeys(bad.toString());
        WebElement failed = wait.until(d -> finished(d, 1)).get(0);
        assertEquals("error", failed.getAttribute("data-state"));
        assertTrue(failed.findElement(By.className("error")).getText().contains("not an image"));

        List<Path> inputs = SAMPLES.stream().map(WebPageBrowserTest::sampleNir).toList();
        browser.findElement(By.id("files")).sendKeys(String.join("\n", inputs.stream().map(Path::toString).toList()));
        List<WebElement> cards = wait.until(d -> finished(d, 1 + inputs.size()));
        for (WebElement card : cards.subList(0, inputs.size())) {
            assertEquals("done", card.getAttribute("data-state"), card.getText());
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) ((JavascriptExecutor) browser)
                    .executeScript(MEASURE_RESULT, card.findElement(By.className("after")));
            assertEquals(256L, result.get("width"));
            assertEquals(256L, result.get("height"));
            assertTrue(((Number) result.get("coloured")).doubleValue() > 0.1, "colour share " + result);
            assertTrue(card.findElement(By.className("download")).getAttribute("href").startsWith("blob:"));
        }
        saveScreenshot();
    }

    /** All cards once {@code count} of them exist and none is still waiting or working; else null. */
    private static List<WebElement> finished(WebDriver d, int count) {
        List<WebElement> cards = d.findElements(By.cssSelector("#results .card"));
        boolean allDone = cards.size() == count && cards.stream()
                .map(c -> c.getAttribute("data-state")).allMatch(s -> s.equals("done") || s.equals("error"));
        return allDone ? cards : null;
    }

    private static void saveScreenshot() throws Exception {
        Path target = Path.of(System.getProperty("cocolor.e2e.screenshot", "target/serve.png"));
        Files.createDirectories(target.toAbsolutePath().getParent());
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }

    private static Path sampleNir(String stem) {
        try {
            return Path.of(WebPageBrowserTest.class.getResource("/samples/nir/" + stem + "_nir.png").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static WebDriver headlessChromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver().toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }
}
