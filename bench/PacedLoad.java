import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Open-loop load at a fixed rate: request i is due at start + i / rate, and its latency is
 * measured from that due time, so a slow server cannot hide queueing (no coordinated omission).
 *
 *   java bench/PacedLoad.java URL RATE_PER_S SECONDS BODY_FILE [WORKERS]
 *
 * Prints one line: RESULT target_rps=.. achieved_rps=.. p50_ms=.. p90_ms=.. p99_ms=.. max_ms=.. errors=..
 */
public class PacedLoad {

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        double rate = Double.parseDouble(args[1]);
        int seconds = Integer.parseInt(args[2]);
        String body = Files.readString(Path.of(args[3]));
        int workers = args.length > 4 ? Integer.parseInt(args[4]) : 64;
        int total = (int) (rate * seconds);
        long[] latencyNanos = new long[total];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicLong lastDone = new AtomicLong();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        long start = System.nanoTime() + 200_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        for (int w = 0; w < workers; w++) {
            pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < total) {
                    long due = start + (long) (i * 1e9 / rate);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        try {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    try {
                        HttpResponse<Void> r = client.send(HttpRequest.newBuilder(uri)
                                .header("Content-Type", "application/json")
                                .header("X-Forwarded-For", "10.9." + (i >> 8 & 0xff) + "." + (i & 0xff))
                                .timeout(Duration.ofSeconds(30))
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() / 100 != 2) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    long done = System.nanoTime();
                    latencyNanos[i] = done - due;
                    lastDone.accumulateAndGet(done, Math::max);
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(seconds + 120L, TimeUnit.SECONDS);
        long[] sorted = latencyNanos.clone();
        Arrays.sort(sorted);
        double elapsed = (lastDone.get() - start) / 1e9;
        System.out.printf("RESULT target_rps=%.1f achieved_rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d%n",
                rate, total / elapsed, pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), sorted[total - 1] / 1e6,
                errors.get());
    }

    private static double pct(long[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)] / 1e6;
    }
}
