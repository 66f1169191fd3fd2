package cocolor.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cocolor.TinyData;
import cocolor.TinyModel;
import cocolor.image.Images;
import cocolor.infer.Colorizer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A bounded burst on loopback: 200 requests, 16 at a time, against 1 worker and a short queue.
 * Every answer must be 200 or 503, and memory must not grow with the number of requests.
 */
class ServerLoadTest {
    private static final int REQUESTS = 200;
    private static final int CONCURRENT = 16;
    private static final Duration OVERALL = Duration.ofMinutes(2);
    private static final long MB = 1024 * 1024;

    @Test
    void burstGetsOnly200Or503AndMemoryStaysBounded() throws Exception {
        byte[] image = Images.encodePng(TinyData.smooth(48, 64, new Random(5)));
        try (Colorizer colorizer = Colorizer.load(TinyModel.get());
                ColorizeServer server = ColorizeServer.start(colorizer,
                        new ServerConfig("127.0.0.1", 0, ServerLimits.defaults().withPool(1, 2)))) {
            ApiClient api = new ApiClient(server.port());
            assertEquals(200, api.postRaw("/api/colorize", image).statusCode()); // warm up
            long heapBefore = usedHeapAfterGc();
            long rssBefore = residentSetSize();

            Map<Integer, AtomicInteger> statuses = burst(api, image);

            long heapGrowth = usedHeapAfterGc() - heapBefore;
            long rssGrowth = residentSetSize() - rssBefore;
            assertTrue(statuses.keySet().stream().allMatch(s -> s == 200 || s == 503), "statuses: " + statuses);
            assertTrue(statuses.containsKey(200), "nothing succeeded: " + statuses);
            assertEquals(REQUESTS, statuses.values().stream().mapToInt(AtomicInteger::get).sum());
            assertTrue(heapGrowth < 64 * MB, "heap grew by " + heapGrowth / MB + " MB");
            assertTrue(rssGrowth < 512 * MB, "RSS grew by " + rssGrowth / MB + " MB");
        }
    }

    private static Map<Integer, AtomicInteger> burst(ApiClient api, byte[] image) throws Exception {
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(CONCURRENT);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                sent.add(clients.submit(() -> {
                    HttpResponse<byte[]> r = api.postRaw("/api/colorize", image);
                    if (r.statusCode() != 200) {
                        ColorizeServerTest.assertNoStackTrace(ApiClient.text(r));
                    }
                    statuses.computeIfAbsent(r.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                    return null;
                }));
            }
            long deadline = System.nanoTime() + OVERALL.toNanos();
            for (Future<?> f : sent) {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } finally {
            clients.shutdownNow();
        }
        return statuses;
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** This JVM's resident memory from /proc (Linux); 0 elsewhere, which makes the check vacuous. */
    private static long residentSetSize() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return 0;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }
}
