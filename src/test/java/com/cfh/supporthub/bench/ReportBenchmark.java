package com.cfh.supporthub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

import com.cfh.supporthub.report.ReportHours;
import com.cfh.supporthub.report.ReportPage;
import com.cfh.supporthub.report.SlaReport;
import com.cfh.supporthub.support.MutableClock;
import com.cfh.supporthub.support.TestFiles;
import com.cfh.supporthub.support.TicketSeed;

/**
 * Report benchmark (issue 18 item 1, P12): {@code slaReport.report(...)} (the figures of
 * {@code GET /api/v1/reports/sla} and of the {@code /reports} page) on 1,000,000 tickets received over two years, with
 * and without the index V90 adds on {@code ticket.received_at}. Not a test: it runs only with
 * {@code -Dhub.bench=report} ({@code bench/report-bench.sh [postgres]}); figures go to stdout and
 * {@code target/report-bench.txt}, and into BENCHMARKS.md by hand. Correctness is asserted (the report's totals
 * equal plain counts of the same rows); timings are only reported.
 *
 * <p>Seeded data: 1,000,000 tickets, one every 63 seconds back from Monday 2 March 2026 12:00 UTC (two years), the two
 * products and four channels in turn; 2 % of the last 30 days' tickets still open (some at risk) and one in 5,000 older ones,
 * the rest closed; one in ten answered late (first
 * response breached); one in five rated 1-5.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hub.data-dir=target/bench-data",
        "hub.sla.scan.cron=0 0 0 1 1 ? 2099",
        "hub.escalation.schedule.cron=0 0 0 1 1 ? 2099",
        "hub.lifecycle.auto-close.schedule.cron=0 0 0 1 1 ? 2099",
        "hub.retention.schedule.cron=0 0 0 1 1 ? 2099",
        "hub.outbox.destinations.customer-mail.enabled=false", "hub.outbox.destinations.staff-mail.enabled=false",
        // settled only when the benchmark says so (an hourly run in the middle of a timing would distort it)
        "hub.report.settle.cron=0 0 0 1 1 ? 2099",
        "logging.level.root=WARN"
})
@Import(MutableClock.Config.class)
@EnabledIfSystemProperty(named = "hub.bench", matches = "report",
        disabledReason = "benchmark: run bench/report-bench.sh (-Dhub.bench=report)")
class ReportBenchmark {

    static final int TICKETS = 1_000_000;
    static final long BASE_ID = 20_000_000_000L;
    static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
    static final Duration SPACING = Duration.ofSeconds(63); // 1,000,000 x 63 s = 729 days
    static final int WARMUPS = 1;
    static final int RUNS = 3;
    static final Path DATA_DIR = Path.of("target/bench-data");
    static final Path REPORT = Path.of("target/report-bench.txt");

    static {
        TestFiles.deleteTree(DATA_DIR.toString());
    }

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    SlaReport reports;

    @Autowired
    ReportPage page;

    @Autowired
    ReportHours hours;

    private final List<String> lines = new ArrayList<>();

    @AfterAll
    static void releaseClock() {
        MutableClock.INSTANCE.release();
    }

    @Test
    void reportOverAMillionTickets() throws Exception {
        try {
            measure();
        } catch (Throwable e) {
            line("FAILED: %s", e);
            throw e;
        } finally {
            String text = String.join(System.lineSeparator(), lines) + System.lineSeparator();
            Files.createDirectories(REPORT.getParent());
            Files.writeString(REPORT, text);
            System.out.println();
            System.out.println("===== Report benchmark =====");
            System.out.print(text);
            System.out.println("===== written to " + REPORT + " =====");
        }
    }

    private void measure() throws Exception {
        MutableClock.INSTANCE.pin(NOW);
        boolean postgres;
        String database;
        try (Connection c = dataSource.getConnection()) {
            database = c.getMetaData().getDatabaseProductName() + " " + c.getMetaData().getDatabaseProductVersion();
            postgres = database.toLowerCase(Locale.ROOT).contains("postgres");
        }
        line("Report benchmark (issue 18) on %s", database);
        line("JVM: %s %s, %d processors, max heap %d MiB", System.getProperty("java.vm.name"),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        long start = System.nanoTime();
        seed();
        double seedSeconds = (System.nanoTime() - start) / 1e9;
        maintain(postgres);
        line("seed: %,d tickets over two years, %,d rated, in %.0f s (with the received_at index)", TICKETS, TICKETS / 5,
                seedSeconds);

        List<Case> cases = List.of(new Case("30 days, one product (the page's default)", "2026-01-31", "2026-03-01", "docmail"),
                new Case("30 days, all products", "2026-01-31", "2026-03-01", null),
                new Case("365 days, one product, by week", "2025-03-02", "2026-03-01", "docmail"),
                new Case("two years, all products, by month", "2024-03-03", "2026-03-01", null));
        for (Case c : cases) {
            check(c);
        }
        line("");
        line("with index ix_ticket_received (V90):");
        List<double[]> with = new ArrayList<>();
        for (Case c : cases) {
            double[] t = time(() -> reports.report(c.from, c.to, c.product, null));
            with.add(t);
            line("  %-45s median %8.1f ms, max %8.1f ms (%d runs)", c.name, t[0], t[1], RUNS);
        }
        double[] csv = time(() -> page.csv("2026-01-31", "2026-03-01", "docmail", null));
        line("  %-45s median %8.1f ms, max %8.1f ms", "CSV of the first case", csv[0], csv[1]);
        double[] backlog = time(() -> reports.report("2026-03-01", "2026-03-01", null, null));
        line("  %-45s median %8.1f ms, max %8.1f ms", "one day, all products (~ the backlog's cost)", backlog[0], backlog[1]);
        line("  plan: %s", plan(postgres));

        long settleStart = System.nanoTime();
        int settled = hours.settle();
        line("");
        line("settled hours (report_hour, V130): %,d hours settled in %.1f s (once; then hourly, only new hours)", settled,
                (System.nanoTime() - settleStart) / 1e9);
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            check(c);
            double[] t = time(() -> reports.report(c.from, c.to, c.product, null));
            line("  %-45s median %8.1f ms, max %8.1f ms (%d runs)   settled/tickets: %.2f", c.name, t[0], t[1], RUNS,
                    t[0] / with.get(i)[0]);
        }
        jdbc.update("DELETE FROM report_hour");
        jdbc.update("DELETE FROM report_settled_hour");

        jdbc.execute("DROP INDEX ix_ticket_received");
        maintain(postgres);
        line("");
        line("without it (before V90; the live part scans the ticket table):");
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            double[] t = time(() -> reports.report(c.from, c.to, c.product, null));
            line("  %-45s median %8.1f ms, max %8.1f ms (%d runs)   with/without: %.2f", c.name, t[0], t[1], RUNS,
                    with.get(i)[0] / t[0]);
        }
        line("  plan: %s", plan(postgres));
        jdbc.execute("CREATE INDEX ix_ticket_received ON ticket (received_at, product)");
    }

    record Case(String name, String from, String to, String product) {
    }

    /** The report's totals equal plain counts of the same rows. */
    private void check(Case c) {
        SlaReport.Report r = reports.report(c.from, c.to, c.product, null);
        long expected = count("SELECT COUNT(*) FROM ticket WHERE received_at >= ? AND received_at < ?"
                + (c.product == null ? "" : " AND product = '" + c.product + "'"), ts(r.from()), ts(r.to()));
        assertThat(r.total().tickets()).as(c.name).isEqualTo(expected).isPositive();
        assertThat(r.series().stream().mapToLong(b -> b.total().tickets()).sum()).isEqualTo(expected);
        assertThat(r.backlog().open() + r.backlog().waitingOnCustomer()).isEqualTo(count(
                "SELECT COUNT(*) FROM ticket WHERE id >= ? AND status IN ('NEW', 'OPEN', 'WAITING_ON_CUSTOMER')"
                        + (c.product == null ? "" : " AND product = '" + c.product + "'"), BASE_ID));
        line("%-45s %,7d tickets, %3d points, first response %s %%, %s ratings", c.name, r.total().tickets(),
                r.series().size(), r.total().firstResponseAttainment(), r.satisfaction().ratings());
    }

    private String plan(boolean postgres) {
        String sql = "SELECT t.received_at, t.product FROM ticket t WHERE t.received_at >= "
                + "CAST('2026-01-31 00:00:00+00:00' AS TIMESTAMP WITH TIME ZONE) AND t.received_at < "
                + "CAST('2026-03-01 00:00:00+00:00' AS TIMESTAMP WITH TIME ZONE)";
        List<String> rows = jdbc.queryForList(postgres ? "EXPLAIN " + sql : "EXPLAIN PLAN FOR " + sql, String.class);
        return rows.stream().map(String::strip)
                .filter(r -> postgres || r.contains("index=") || r.contains("access=") || r.contains("Condition"))
                .map(r -> r.replaceAll("\\s+", " ")).reduce((a, b) -> a + " | " + b).orElse("?");
    }

    private void seed() throws SQLException {
        TicketSeed.seed(dataSource, BASE_ID, TICKETS, NOW, SPACING, Duration.ofDays(30));
    }

    private void maintain(boolean postgres) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            s.execute(postgres ? "VACUUM ANALYZE ticket" : "CHECKPOINT");
            if (postgres) {
                s.execute("VACUUM ANALYZE feedback_request");
            }
        }
    }

    private static double[] time(Callable<?> work) throws Exception {
        for (int i = 0; i < WARMUPS; i++) {
            work.call();
        }
        double[] ms = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            work.call();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return new double[] {RUNS % 2 == 1 ? ms[RUNS / 2] : (ms[RUNS / 2 - 1] + ms[RUNS / 2]) / 2, ms[RUNS - 1]};
    }

    private long count(String sql, Object... args) {
        Long n = jdbc.queryForObject(sql, Long.class, args);
        return n == null ? 0 : n;
    }

    /** A line of the report, also printed at once (a long run shows how far it got). */
    private void line(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        lines.add(text);
        System.out.println("report-bench: " + text);
    }

    private static Object ts(Instant instant) {
        return utc(instant);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
