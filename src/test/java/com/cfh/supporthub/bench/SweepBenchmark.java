package com.cfh.supporthub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

import com.cfh.supporthub.sla.Escalations;
import com.cfh.supporthub.sla.SlaClock;
import com.cfh.supporthub.sla.SlaColumns;
import com.cfh.supporthub.sla.SlaPolicy;
import com.cfh.supporthub.sla.SlaSweep;
import com.cfh.supporthub.support.MutableClock;

/**
 * SLA sweep benchmark (issue 3): {@code slaSweep.run()} and {@code escalations.run()} on a ticket table
 * of 1,000,000 open tickets, of which 10,000 are due. Not a test: its name matches neither surefire's
 * {@code *Test} nor failsafe's {@code *IT}, and it only runs when {@code -Dhub.bench=sweep} is set (so an
 * IDE's "run all tests" skips it too). Run it with {@code bench/sla-sweep-bench.sh [postgres]}; figures
 * go to stdout and {@code target/sweep-bench.txt}, and into BENCHMARKS.md by hand.
 *
 * <p>Correctness is asserted (every due ticket updated once, two transitions each, one escalation each);
 * timings are only reported, never asserted. Targets: sweep with nothing due ≤ 100 ms, sweep of
 * 10,000 due tickets ≤ 10 s.
 *
 * <p>Seeded data: Monday 2 March 2026 09:00 UTC (09:00 in London), goals 240 / 1620 working minutes,
 * first response due 13:00, at risk from 12:00; resolution due Thursday 5 March 09:00. Every 100th ticket
 * (10,000, spread over the whole table) has its next check at 12:00; the other 990,000 are not due before
 * 2027. The clock is pinned at 11:00 (nothing due) and then at 13:00 (first response at risk and
 * breached for the 10,000: 20,000 transitions, 10,000 escalations to tier 2).
 */
// A web environment as in HubIT: the security configuration needs one (NONE fails on HttpSecurity).
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hub.data-dir=target/bench-data",
        // Quartz never fires on its own: the benchmark runs the sweeps at the instants it pins.
        "hub.sla.scan.cron=0 0 0 1 1 ? 2099",
        "hub.escalation.schedule.cron=0 0 0 1 1 ? 2099",
        // Addresses configured, so every escalation also writes its outbox notice, as in production.
        "hub.escalation.addresses.TIER2=tier2@support.example",
        "hub.escalation.addresses.MANAGER=managers@support.example",
        "logging.level.root=WARN",
        "logging.level.com.cfh.supporthub.sla=INFO"
})
@Import(MutableClock.Config.class)
@EnabledIfSystemProperty(named = "hub.bench", matches = "sweep",
        disabledReason = "benchmark: run bench/sla-sweep-bench.sh (-Dhub.bench=sweep)")
class SweepBenchmark {

    static final int TICKETS = 1_000_000;
    static final int DUE_EVERY = 100; // every 100th ticket is due: 10,000
    static final int DUE = TICKETS / DUE_EVERY;
    static final int CONTACTS = 5;
    static final int JDBC_BATCH = 1_000;
    static final int COMMIT_EVERY = 10_000;
    /** Far above anything the sequences allocate (they start at 1). */
    static final long BASE_ID = 10_000_000_000L;

    static final Instant RECEIVED = Instant.parse("2026-03-02T09:00:00Z");
    static final Instant FIRST_RESPONSE_DUE = Instant.parse("2026-03-02T13:00:00Z");
    static final Instant FIRST_RESPONSE_AT_RISK = Instant.parse("2026-03-02T12:00:00Z");
    static final Instant RESOLUTION_DUE = Instant.parse("2026-03-05T09:00:00Z");
    static final Instant RESOLUTION_AT_RISK = Instant.parse("2026-03-04T11:15:00Z");
    static final Instant NOT_DUE_FROM = Instant.parse("2027-01-01T00:00:00Z");
    static final Instant NOTHING_DUE_AT = Instant.parse("2026-03-02T11:00:00Z");
    static final Instant DUE_AT = Instant.parse("2026-03-02T13:00:00Z");

    static final int WARMUPS = 3;
    static final int RUNS = 20;
    static final int FULL_SCAN_WARMUPS = 1;
    static final int FULL_SCAN_RUNS = 5;

    static final Path DATA_DIR = Path.of("target/bench-data");
    static final Path REPORT = Path.of("target/sweep-bench.txt");

    static {
        deleteTree(DATA_DIR); // before the Spring context opens the HSQLDB files there
    }

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    SlaSweep slaSweep;

    @Autowired
    Escalations escalations;

    @Autowired
    SlaPolicy policy;

    private final MutableClock clock = MutableClock.INSTANCE;
    private final List<String> report = new ArrayList<>();

    @AfterAll
    static void releaseClock() {
        MutableClock.INSTANCE.release();
    }

    @Test
    void sweepOverAMillionOpenTickets() throws Exception {
        try {
            measure();
        } catch (Throwable e) {
            line("FAILED: %s", e); // the figures so far stay in the report
            throw e;
        } finally {
            String text = String.join(System.lineSeparator(), report) + System.lineSeparator();
            Files.createDirectories(REPORT.getParent());
            Files.writeString(REPORT, text);
            System.out.println();
            System.out.println("===== SLA sweep benchmark =====");
            System.out.print(text);
            System.out.println("===== written to " + REPORT + " =====");
        }
    }

    private void measure() throws Exception {
        String database;
        boolean postgres;
        try (Connection c = dataSource.getConnection()) {
            database = c.getMetaData().getDatabaseProductName() + " " + c.getMetaData().getDatabaseProductVersion();
            postgres = database.toLowerCase(Locale.ROOT).contains("postgres");
        }
        line("SLA sweep benchmark (issue 3) on %s", database);
        line("JVM: %s %s, %d processors, max heap %d MiB (%s)", System.getProperty("java.vm.name"),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20,
                String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(a -> a.startsWith("-X")).toList()));

        // 1. Seed.
        long seedStart = System.nanoTime();
        seed();
        double seedSeconds = seconds(System.nanoTime() - seedStart);
        long maintenanceStart = System.nanoTime();
        String maintenance = maintain(postgres);
        double maintenanceSeconds = seconds(System.nanoTime() - maintenanceStart);
        assertThat(count("SELECT COUNT(*) FROM ticket WHERE id >= ?", BASE_ID)).isEqualTo(TICKETS);
        line("seed: %,d open docmail tickets (%,d due at %s, %,d next check from %s), %d contacts",
                TICKETS, DUE, FIRST_RESPONSE_AT_RISK, TICKETS - DUE, NOT_DUE_FROM, CONTACTS);
        line("seed: %.1f s plain JDBC (batches of %,d, commit every %,d) = %,.0f rows/s; then %s %.1f s",
                seedSeconds, JDBC_BATCH, COMMIT_EVERY, TICKETS / seedSeconds, maintenance, maintenanceSeconds);

        // 2. Baselines: the same database, counts through the index and through the whole table.
        Stats indexedNone = time(WARMUPS, RUNS, () -> count(
                "SELECT COUNT(*) FROM ticket WHERE sla_next_check_at <= ?", SlaColumns.ts(NOTHING_DUE_AT)), 0L);
        Stats indexedDue = time(WARMUPS, RUNS, () -> count(
                "SELECT COUNT(*) FROM ticket WHERE sla_next_check_at <= ?", SlaColumns.ts(DUE_AT)), (long) DUE);
        Stats fullScan = time(FULL_SCAN_WARMUPS, FULL_SCAN_RUNS, () -> count(
                "SELECT COUNT(*) FROM ticket WHERE status = 'OPEN'"), (long) TICKETS);

        // 3. Sweep with nothing due.
        clock.pin(NOTHING_DUE_AT);
        Stats idleSweep = time(WARMUPS, RUNS, () -> {
            SlaSweep.Result r = slaSweep.run();
            assertThat(r.selected()).as("nothing is due at 11:00: %s", r).isZero();
            return r;
        }, null);

        // 4. Sweep with 10,000 due, then the escalations it flags.
        clock.pin(DUE_AT);
        long sweepStart = System.nanoTime();
        SlaSweep.Result swept = slaSweep.run();
        double sweepMs = millis(System.nanoTime() - sweepStart);
        long escalationStart = System.nanoTime();
        Escalations.Result escalated = escalations.run();
        double escalationMs = millis(System.nanoTime() - escalationStart);

        line("");
        line("sweep, nothing due (11:00):        median %8.2f ms, max %8.2f ms  (%d runs after %d warm-ups)   target <= 100 ms",
                idleSweep.median(), idleSweep.max(), RUNS, WARMUPS);
        line("sweep, %,d due (13:00):          %10.0f ms  %s   target <= 10 s", DUE, sweepMs, swept);
        line("escalations, %,d -> TIER2:       %10.0f ms  %s", DUE, escalationMs, escalated);

        assertThat(swept.selected()).as("%s", swept).isEqualTo(DUE);
        assertThat(swept.updated()).as("%s", swept).isEqualTo(DUE);
        assertThat(swept.transitions()).as("%s", swept).isEqualTo(2 * DUE);
        assertThat(swept.conflicts()).as("%s", swept).isZero();
        assertThat(escalated.escalated()).as("%s", escalated).isEqualTo(DUE);
        assertThat(escalated.steps()).as("%s", escalated).isEqualTo(DUE);
        assertThat(escalated.conflicts()).as("%s", escalated).isZero();
        assertThat(count("SELECT COUNT(*) FROM ticket_event WHERE event_type = 'sla.first-response.at-risk'"))
                .isEqualTo(DUE);
        assertThat(count("SELECT COUNT(*) FROM ticket_event WHERE event_type = 'sla.first-response.breached'"))
                .isEqualTo(DUE);
        assertThat(count("SELECT COUNT(*) FROM ticket_event WHERE event_type = 'escalation.first-response-breached'"))
                .isEqualTo(DUE);
        assertThat(count("SELECT COUNT(*) FROM ticket WHERE tier = 'TIER2' AND escalation_level = 1")).isEqualTo(DUE);
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE event_type = 'escalation.notice'")).isEqualTo(DUE);
        assertThat(count("SELECT COUNT(*) FROM ticket WHERE sla_next_check_at = ?", SlaColumns.ts(RESOLUTION_AT_RISK)))
                .as("next check of the swept tickets: resolution at risk").isEqualTo(DUE);
        assertThat(count("SELECT COUNT(*) FROM ticket WHERE escalation_due_at IS NOT NULL")).isZero();

        // 5. Nothing due again once the work is done (same instant, 13:00).
        Stats idleAfter = time(WARMUPS, RUNS, () -> {
            SlaSweep.Result r = slaSweep.run();
            assertThat(r.selected()).as("everything due at 13:00 was swept: %s", r).isZero();
            return r;
        }, null);
        line("sweep, nothing due after it (13:00): median %6.2f ms, max %8.2f ms", idleAfter.median(), idleAfter.max());

        // 6. Where the 10k sweep's time goes (estimates, measured after it).
        Breakdown parts = breakdown();
        line("  10k sweep split (estimates): %d batch SELECTs %.0f ms, SlaClock.sweep CPU %.0f ms, "
                        + "so UPDATEs + %,d event INSERTs + %d commits ~ %.0f ms",
                parts.batches(), parts.selectMs(), parts.computeMs(), swept.transitions(), swept.batches(),
                sweepMs - parts.selectMs() - parts.computeMs());

        line("");
        line("baseline COUNT(*) WHERE sla_next_check_at <= 11:00 (index, 0 rows):      median %8.2f ms, max %8.2f ms (%d runs)",
                indexedNone.median(), indexedNone.max(), RUNS);
        line("baseline COUNT(*) WHERE sla_next_check_at <= 13:00 (index, %,d rows): median %8.2f ms, max %8.2f ms (%d runs)",
                DUE, indexedDue.median(), indexedDue.max(), RUNS);
        line("baseline COUNT(*) WHERE status = 'OPEN' (whole table, %,d rows):   median %8.2f ms, max %8.2f ms (%d runs)",
                TICKETS, fullScan.median(), fullScan.max(), FULL_SCAN_RUNS);
        line("ratio whole-table count / nothing-due sweep: %,.0f x; whole-table count / indexed count (0 rows): %,.0f x",
                fullScan.median() / idleSweep.median(), fullScan.median() / indexedNone.median());
        line("plan of the sweep's batch query: %s", plan(postgres, "SELECT id, ticket_key, product, version, "
                + SlaColumns.SELECT + " FROM ticket WHERE sla_next_check_at <= CAST('2026-03-02 13:00:00+00:00' AS TIMESTAMP WITH TIME ZONE) "
                + "ORDER BY sla_next_check_at, id FETCH FIRST 500 ROWS ONLY"));
        line("plan of the whole-table count:   %s", plan(postgres, "SELECT COUNT(*) FROM ticket WHERE status = 'OPEN'"));
    }

    // --- seeding ---------------------------------------------------------------------------------

    private void seed() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO contact (id, email, display_name, created_at) VALUES (?, ?, ?, ?)")) {
                for (int k = 0; k < CONTACTS; k++) {
                    ps.setLong(1, BASE_ID + k);
                    ps.setString(2, "bench-" + k + "@customer.example");
                    ps.setString(3, "Bench Customer " + k);
                    ps.setObject(4, utc(RECEIVED.minus(Duration.ofDays(30))));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ticket (id, ticket_key, product, channel, "
                    + "status, priority, tier, subject, requester_id, created_at, received_at, updated_at, "
                    + "sla_clock_start, first_response_goal_min, first_response_due, resolution_cycle, "
                    + "resolution_goal_min, resolution_started_at, resolution_due, resolution_paused_min, "
                    + "sla_next_check_at, escalation_level, version) "
                    + "VALUES (?, ?, 'docmail', 'WIDGET', 'OPEN', 'NORMAL', 'TIER1', ?, ?, ?, ?, ?, ?, 240, ?, 1, "
                    + "1620, ?, ?, 0, ?, 0, 0)")) {
                OffsetDateTime received = utc(RECEIVED);
                OffsetDateTime firstResponseDue = utc(FIRST_RESPONSE_DUE);
                OffsetDateTime resolutionDue = utc(RESOLUTION_DUE);
                OffsetDateTime atRisk = utc(FIRST_RESPONSE_AT_RISK);
                for (int i = 0; i < TICKETS; i++) {
                    long id = BASE_ID + i;
                    boolean due = i % DUE_EVERY == 0;
                    ps.setLong(1, id);
                    ps.setString(2, "DOC-" + id);
                    ps.setString(3, "Letter batch " + i + " stuck in the print queue");
                    ps.setLong(4, BASE_ID + i % CONTACTS);
                    ps.setObject(5, received);
                    ps.setObject(6, received);
                    ps.setObject(7, received);
                    ps.setObject(8, received);
                    ps.setObject(9, firstResponseDue);
                    ps.setObject(10, received);
                    ps.setObject(11, resolutionDue);
                    // Not due: spread over the index, one a minute from 2027 on (about two years).
                    ps.setObject(12, due ? atRisk : utc(NOT_DUE_FROM.plus(Duration.ofMinutes(i))));
                    ps.addBatch();
                    if ((i + 1) % JDBC_BATCH == 0) {
                        ps.executeBatch();
                    }
                    if ((i + 1) % COMMIT_EVERY == 0) {
                        c.commit();
                    }
                }
                if (TICKETS % JDBC_BATCH != 0) {
                    ps.executeBatch(); // HSQLDB refuses an empty batch
                }
                c.commit();
            }
        }
    }

    /** HSQLDB: CHECKPOINT (so no log replay or automatic checkpoint falls into a timing); PostgreSQL: VACUUM ANALYZE. */
    private String maintain(boolean postgres) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            if (postgres) {
                s.execute("VACUUM ANALYZE ticket");
                s.execute("VACUUM ANALYZE contact");
                return "VACUUM ANALYZE";
            }
            s.execute("CHECKPOINT");
            return "CHECKPOINT";
        }
    }

    // --- breakdown of the 10k sweep --------------------------------------------------------------

    record Breakdown(int batches, double selectMs, double computeMs) {
    }

    /**
     * Runs the sweep's batch query {@code DUE / 500} times over the 10,000 swept tickets (now due at their
     * resolution at-risk instant, so it matches all of them each time: an upper bound of the sweep's reads,
     * whose later batches see fewer rows), and {@code SlaClock.sweep} over 10,000 states like the seeded ones.
     */
    private Breakdown breakdown() {
        int batchSize = 500;
        int batches = DUE / batchSize;
        Object at = SlaColumns.ts(RESOLUTION_AT_RISK);
        String sql = "SELECT id, ticket_key, product, version, " + SlaColumns.SELECT
                + " FROM ticket WHERE sla_next_check_at <= ? ORDER BY sla_next_check_at, id FETCH FIRST "
                + batchSize + " ROWS ONLY";
        jdbc.query(sql, (rs, n) -> SlaColumns.read(rs), at); // warm-up
        long start = System.nanoTime();
        for (int b = 0; b < batches; b++) {
            List<SlaClock.State> page = jdbc.query(sql, (rs, n) -> SlaColumns.read(rs), at);
            assertThat(page).hasSize(batchSize);
        }
        double selectMs = millis(System.nanoTime() - start);

        SlaClock sla = policy.clock("docmail");
        computeStates(sla, DUE); // warm-up
        start = System.nanoTime();
        int transitions = computeStates(sla, DUE);
        double computeMs = millis(System.nanoTime() - start);
        assertThat(transitions).isEqualTo(2 * DUE);
        return new Breakdown(batches, selectMs, computeMs);
    }

    private static int computeStates(SlaClock sla, int n) {
        int transitions = 0;
        for (int i = 0; i < n; i++) {
            SlaClock.State s = new SlaClock.State();
            s.receivedAt = RECEIVED;
            s.clockStart = RECEIVED;
            s.firstResponseGoal = 240;
            s.firstResponseDue = FIRST_RESPONSE_DUE;
            s.resolutionGoal = 1620;
            s.resolutionStartedAt = RECEIVED;
            s.resolutionDue = RESOLUTION_DUE;
            s.nextCheckAt = FIRST_RESPONSE_AT_RISK;
            transitions += sla.sweep(s, DUE_AT).size();
        }
        return transitions;
    }

    /** The access path of a query, condensed to one line: PostgreSQL's EXPLAIN, HSQLDB's index lines. */
    private String plan(boolean postgres, String sql) {
        List<String> rows = jdbc.queryForList(postgres ? "EXPLAIN " + sql : "EXPLAIN PLAN FOR " + sql, String.class);
        return rows.stream().map(String::strip)
                .filter(r -> postgres || r.startsWith("table=") || r.startsWith("access=") || r.startsWith("join condition"))
                .map(r -> r.replace("join condition = [", ""))
                .map(r -> r.replaceAll("\\s+", " ").replaceAll("\\(cost=[^)]*\\)", "").strip())
                .reduce((a, b) -> a + " | " + b).orElse("?");
    }

    // --- helpers ---------------------------------------------------------------------------------

    record Stats(double median, double max) {
    }

    private static <T> Stats time(int warmups, int runs, Callable<T> work, T expected) throws Exception {
        for (int i = 0; i < warmups; i++) {
            check(work.call(), expected);
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            T result = work.call();
            ms[i] = millis(System.nanoTime() - start);
            check(result, expected);
        }
        Arrays.sort(ms);
        double median = runs % 2 == 1 ? ms[runs / 2] : (ms[runs / 2 - 1] + ms[runs / 2]) / 2;
        return new Stats(median, ms[runs - 1]);
    }

    private static <T> void check(T result, T expected) {
        if (expected != null) {
            assertThat(result).isEqualTo(expected);
        }
    }

    private long count(String sql, Object... args) {
        Long n = jdbc.queryForObject(sql, Long.class, args);
        return n == null ? 0 : n;
    }

    private void line(String format, Object... args) {
        report.add(String.format(Locale.ROOT, format, args));
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }

    private static double seconds(long nanos) {
        return nanos / 1_000_000_000.0;
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
