import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Open-loop load at a fixed rate, as wrk2 does it: request i is due at start + i / rate and goes out
 * on keep-alive connection i % CONNECTIONS; its latency is measured from its due time, so a slow
 * server cannot hide queueing (no coordinated omission). A request whose connection is still busy
 * with an earlier one waits, and that wait counts in its latency.
 *
 * <p>Plain blocking sockets and one thread per connection, so the load generator itself costs a few
 * microseconds of CPU per request: on a 2-core machine it shares the cores with the server, and a
 * heavier client (java.net.http spent more CPU per request than the hub's trivial route) would
 * measure the client, not the hub.
 *
 *   java bench/PacedLoad.java URL RATE_PER_S SECONDS BODY_FILE [CONNECTIONS=64] [WARMUP_SECONDS=0]
 *
 * The warm-up runs at the same rate and is not counted. Prints one line:
 * RESULT target_rps=.. achieved_rps=.. p50_ms=.. p90_ms=.. p99_ms=.. max_ms=.. errors=..
 *
 * <p>With the environment variable PACED_TRACE=FILE it also writes one line per measured request,
 * "due_ms latency_ms" (due time from the start of the measured run, whose epoch milliseconds the first
 * line gives), to tell periodic stalls from queueing.
 */
public class PacedLoad {

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        double rate = Double.parseDouble(args[1]);
        int seconds = Integer.parseInt(args[2]);
        byte[] body = Files.readAllBytes(Path.of(args[3]));
        int connections = args.length > 4 ? Integer.parseInt(args[4]) : 64;
        int warmupSeconds = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + port
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);

        if (warmupSeconds > 0) {
            run(uri.getHost(), port, request, rate, warmupSeconds, connections);
        }
        Result r = run(uri.getHost(), port, request, rate, seconds, connections);
        long[] sorted = r.latencyNanos.clone();
        Arrays.sort(sorted);
        System.out.printf("RESULT target_rps=%.1f achieved_rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d%n",
                rate, sorted.length / r.elapsedSeconds, pct(sorted, 50), pct(sorted, 90), pct(sorted, 99),
                sorted[sorted.length - 1] / 1e6, r.errors);
        String trace = System.getenv("PACED_TRACE");
        if (trace != null && !trace.isBlank()) {
            StringBuilder sb = new StringBuilder(r.latencyNanos.length * 16).append("# start_epoch_ms ").append(r.startEpochMillis).append('\n');
            for (int i = 0; i < r.latencyNanos.length; i++) {
                sb.append(String.format("%.3f %.3f%n", i * 1e3 / rate, r.latencyNanos[i] / 1e6));
            }
            Files.writeString(Path.of(trace), sb);
        }
    }

    private record Result(long[] latencyNanos, double elapsedSeconds, int errors, long startEpochMillis) {
    }

    private static Result run(String host, int port, byte[] request, double rate, int seconds, int connections)
            throws InterruptedException {
        int total = (int) (rate * seconds);
        long[] latencyNanos = new long[total];
        AtomicInteger errors = new AtomicInteger();
        AtomicLong lastDone = new AtomicLong();
        long start = System.nanoTime() + 100_000_000L;
        long startEpochMillis = System.currentTimeMillis() + 100;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int first = c;
            Thread t = new Thread(() -> {
                Connection conn = null;
                for (int i = first; i < total; i += connections) {
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
                        if (conn == null) {
                            conn = new Connection(host, port);
                        }
                        if (conn.exchange(request) / 100 != 2) {
                            errors.incrementAndGet();
                        }
                        if (conn.closing) { // the server ends keep-alive (Tomcat: after 100 requests): reconnect
                            conn.close();
                            conn = null;
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                        if (conn != null) {
                            conn.close();
                        }
                        conn = null;
                    }
                    long done = System.nanoTime();
                    latencyNanos[i] = done - due;
                    lastDone.accumulateAndGet(done, Math::max);
                }
                if (conn != null) {
                    conn.close();
                }
            }, "paced-" + c);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        return new Result(latencyNanos, (lastDone.get() - start) / 1e9, errors.get(), startEpochMillis);
    }

    /** One HTTP/1.1 keep-alive connection: writes a request, reads one response (Content-Length or chunked). */
    private static final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final byte[] buf = new byte[16384];
        private int pos;
        private int lim;
        /** The last response said Connection: close. */
        boolean closing;

        Connection(String host, int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 5000);
            socket.setSoTimeout(30_000);
            out = socket.getOutputStream();
            in = socket.getInputStream();
        }

        int exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            String status = line();
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String h; !(h = line()).isEmpty(); ) {
                int colon = h.indexOf(':');
                String name = h.substring(0, colon).trim();
                String value = h.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    length = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                    chunked = true;
                } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                    close = true;
                }
            }
            if (chunked) {
                for (long size; (size = Long.parseLong(line().split(";")[0].trim(), 16)) > 0; ) {
                    skip(size);
                    line();
                }
                line();
            } else if (length > 0) {
                skip(length);
            }
            closing = close;
            return code;
        }

        private String line() throws IOException {
            ByteArrayOutputStream s = new ByteArrayOutputStream(64);
            while (true) {
                int b = read();
                if (b == '\n') {
                    byte[] bytes = s.toByteArray();
                    int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
                }
                s.write(b);
            }
        }

        private int read() throws IOException {
            if (pos == lim) {
                lim = in.read(buf, 0, buf.length);
                pos = 0;
                if (lim <= 0) {
                    lim = 0;
                    throw new IOException("connection closed");
                }
            }
            return buf[pos++] & 0xff;
        }

        private void skip(long n) throws IOException {
            for (long i = 0; i < n; i++) {
                read();
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static double pct(long[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)] / 1e6;
    }
}
