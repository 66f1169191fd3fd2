package cocolor.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cocolor.TestData;
import cocolor.TinyModel;
import cocolor.infer.Colorizer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A full server refuses at once with 503 and Retry-After; jobs are held back with a latch. */
class BusyServerTest {
    private static Colorizer colorizer;
    private static byte[] nirPng;

    private final CountDownLatch jobStarted = new CountDownLatch(1);
    private final CountDownLatch releaseJobs = new CountDownLatch(1);
    private ColorizeServer server;

    @BeforeAll
    static void loadModel() throws Exception {
        colorizer = Colorizer.load(TinyModel.get());
        nirPng = Files.readAllBytes(TestData.fixtureNir("country_0011"));
    }

    @AfterAll
    static void closeModel() {
        colorizer.close();
    }

    @AfterEach
    void stop() {
        releaseJobs.countDown();
        server.close();
    }

    @Test
    void fullPoolAnswers503WithRetryAfterAndRecovers() throws Exception {
        ApiClient api = start(ServerLimits.defaults().withPool(1, 0));
        CompletableFuture<HttpResponse<byte[]>> first = postInBackground(api);
        assertTrue(jobStarted.await(30, TimeUnit.SECONDS), "first job never started");

        HttpResponse<byte[]> refused = api.postRaw("/api/colorize", nirPng);
        ColorizeServerTest.assertError(refused, 503, "busy");
        assertEquals(String.valueOf(ApiException.RETRY_AFTER_SECONDS), refused.headers().firstValue("Retry-After").orElse(""));

        releaseJobs.countDown();
        assertEquals(200, first.get(60, TimeUnit.SECONDS).statusCode());
        assertEquals(200, api.postRaw("/api/colorize", nirPng).statusCode(), "the place was not freed");
    }

    @Test
    void requestWaitingPastTheTimeoutAnswers503AndFreesItsPlace() throws Exception {
        ApiClient api = start(ServerLimits.defaults().withPool(1, 1).withRequestTimeout(Duration.ofSeconds(1)));
        CompletableFuture<HttpResponse<byte[]>> first = postInBackground(api);
        assertTrue(jobStarted.await(30, TimeUnit.SECONDS), "first job never started");

        ColorizeServerTest.assertError(api.postRaw("/api/colorize", nirPng), 503, "timed out");
        ColorizeServerTest.assertError(first.get(60, TimeUnit.SECONDS), 503, "timed out");

        releaseJobs.countDown(); // the first job still runs to its end, then frees its place
        HttpResponse<byte[]> later = null;
        for (int i = 0; i < 100 && (later == null || later.statusCode() != 200); i++) {
            Thread.sleep(50);
            later = api.postRaw("/api/colorize", nirPng);
        }
        assertEquals(200, later.statusCode(), ApiClient.text(later));
    }

    private ApiClient start(ServerLimits limits) {
        server = ColorizeServer.start(colorizer, new ServerConfig("127.0.0.1", 0, limits), this::holdJob);
        return new ApiClient(server.port());
    }

    /** Runs on the worker before each job: the first one waits until the test releases it. */
    private void holdJob() {
        jobStarted.countDown();
        try {
            releaseJobs.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static CompletableFuture<HttpResponse<byte[]>> postInBackground(ApiClient api) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return api.postRaw("/api/colorize", nirPng);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
