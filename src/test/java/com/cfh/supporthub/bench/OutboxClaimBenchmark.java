package com.cfh.supporthub.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.persistence.EntityManagerFactory;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.cfh.supporthub.intake.IdAllocator;
import com.cfh.supporthub.notify.MailOutbox;
import com.cfh.supporthub.outbox.Destinations;
import com.cfh.supporthub.sla.SlaColumns;
import com.cfh.supporthub.support.HubIT;
import com.cfh.supporthub.ticket.OutboxEntry;

/**
 * Outbox claim benchmark (issue 15.2): claim + mark throughput of the two ways to take due rows of a destination
 * (customer-mail), with a no-op send, each row exactly once (asserted: every row DONE, each id handed out once):
 * <ul>
 * <li>{@code sql}: the hub's claimer, {@link MailOutbox#claim(String)} (one statement with FOR UPDATE SKIP LOCKED on
 * PostgreSQL; read in index order and conditional updates on HSQLDB), and the rows marked DONE in one transaction
 * per batch, as the route's endBatch does;</li>
 * <li>{@code jpa}: camel-jpa's polling consumer on {@link OutboxEntry}: a named query for the due PENDING rows of the
 * destination in claim order, {@code consumeLockEntity=true}, {@code skipLockedEntity=true},
 * {@code maxMessagesPerPoll}, {@code consumeDelete=false}, the mark step setting the entity DONE.</li>
 * </ul>
 * Each with one claimer, then two at once (two threads, or two jpa: consumers). The named query is registered here
 * ({@link EntityManagerFactory#addNamedQuery}), not in the hub: the hub keeps the SQL claimer (docs/outbox.md).
 * Not a test: run {@code bench/outbox-claim-bench.sh}.
 */
@EnabledIfSystemProperty(named = "hub.bench", matches = "claim", disabledReason = "benchmark: bench/outbox-claim-bench.sh")
class OutboxClaimBenchmark extends HubIT {

    static final String DUE = "OutboxEntry.due";

    @Autowired
    IdAllocator ids;
    @Autowired
    MailOutbox mailOutbox;
    @Autowired
    CamelContext camel;
    @Autowired
    EntityManagerFactory emf;
    @Autowired
    PlatformTransactionManager transactions;

    /** Rows the last camel-jpa measurement handed out more than once (reported, not asserted: it is the finding). */
    private int jpaDuplicates;

    @DynamicPropertySource
    static void claim(DynamicPropertyRegistry registry) {
        registry.add("hub.outbox.destinations.customer-mail.enabled", () -> "false");
        registry.add("hub.outbox.destinations.staff-mail.enabled", () -> "false");
        registry.add("hub.outbox.destinations.customer-mail.batch-size", () -> System.getProperty("hub.bench.batch", "50"));
        registry.add("hub.products.docmail.mailbox.host", () -> "");
        registry.add("hub.products.runmy.mailbox.host", () -> "");
        registry.add("hub.products.docmail.mailboxes.billing.host", () -> "");
    }

    @Test
    void claimAndMark() throws Exception {
        int n = Integer.getInteger("hub.bench.rows", 5_000);
        int batch = Integer.getInteger("hub.bench.batch", 50);
        String db = jdbc.execute((java.sql.Connection c) -> c.getMetaData().getDatabaseProductName());
        try (var em = emf.createEntityManager()) {
            emf.addNamedQuery(DUE, em.createQuery("SELECT o FROM OutboxEntry o WHERE o.destination = :destination "
                    + "AND o.status = 'PENDING' AND o.availableAt <= :now ORDER BY o.priority, o.availableAt, o.id"));
        }
        StringBuilder report = new StringBuilder();
        for (int round = 0; round < 2; round++) { // the first round warms the JIT; the second is reported
            for (int claimers : new int[] {1, 2}) {
                double sql = measureSql(n, claimers);
                double jpa = measureJpa(n, claimers, batch, false);
                int jpaTwice = jpaDuplicates;
                // PostgreSQL: the same consumer with a native query that locks what it reads (FOR UPDATE SKIP LOCKED)
                boolean pg = db.startsWith("PostgreSQL");
                double locking = pg ? measureJpa(n, claimers, batch, true) : 0;
                if (round == 1) {
                    String line = String.format(Locale.ROOT, "outbox-claim: %s, %d rows, batch %d, %d claimer(s): "
                                    + "sql %.0f rows/s (each row once), camel-jpa %.0f rows/s (%d rows handed out twice), jpa/sql %.2f"
                                    + (pg ? ", camel-jpa native FOR UPDATE SKIP LOCKED query %.0f rows/s (%d rows handed out twice), %.2f"
                                    : "%s%s%s") + " (load %s)",
                            db, n, batch, claimers, sql, jpa, jpaTwice, jpa / sql,
                            pg ? locking : "", pg ? jpaDuplicates : "", pg ? locking / sql : "", Files.readString(Path.of("/proc/loadavg")).trim());
                    System.out.println(line);
                    report.append(line).append('\n');
                }
            }
        }
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/outbox-claim-bench.txt"), report, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Queues n due customer-mail rows (a clean queue first). */
    private List<Long> queue(int n) {
        jdbc.update("DELETE FROM outbox WHERE destination = ?", Destinations.CUSTOMER_MAIL);
        Instant at = clock.instant().minusSeconds(60);
        List<Object[]> rows = new ArrayList<>();
        List<Long> queued = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long id = ids.next("outbox_seq");
            queued.add(id);
            rows.add(new Object[] {id, "mail.notice", "{\"to\":[\"bench@example.com\"],\"subject\":\"s\",\"text\":\"t\"}",
                    "PENDING", SlaColumns.ts(at), SlaColumns.ts(at), Destinations.CUSTOMER_MAIL, i % 2,
                    "<bench." + id + "@example.com>"});
        }
        jdbc.batchUpdate("INSERT INTO outbox (id, event_type, payload, status, available_at, created_at, destination, "
                + "priority, message_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
        return queued;
    }

    /** Every row DONE and handed out at least once; returns how many hand-outs were duplicates (0: each row once). */
    private int duplicates(List<Long> queued, Map<Long, AtomicInteger> seen) {
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE destination = ? AND status = 'DONE'", Destinations.CUSTOMER_MAIL))
                .isEqualTo(queued.size());
        assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(queued);
        return seen.values().stream().mapToInt(c -> c.get() - 1).sum();
    }

    /** The hub's claimer: claim a batch, no-op send, mark the batch DONE in one transaction; until none is due. */
    private double measureSql(int n, int claimers) throws Exception {
        List<Long> queued = queue(n);
        Map<Long, AtomicInteger> seen = new ConcurrentHashMap<>();
        TransactionTemplate tx = new TransactionTemplate(transactions);
        ExecutorService pool = Executors.newFixedThreadPool(claimers);
        long start = System.nanoTime();
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int c = 0; c < claimers; c++) {
                runs.add(pool.submit(() -> {
                    while (true) {
                        List<MailOutbox.Claimed> got = mailOutbox.claim(Destinations.CUSTOMER_MAIL);
                        if (got.isEmpty()) {
                            mailOutbox.endBatch();
                            return null;
                        }
                        List<Object[]> done = new ArrayList<>();
                        Object now = SlaColumns.ts(clock.instant());
                        for (MailOutbox.Claimed row : got) {
                            seen.computeIfAbsent(row.id(), k -> new AtomicInteger()).incrementAndGet();
                            done.add(new Object[] {now, row.id()});
                        }
                        tx.executeWithoutResult(s -> jdbc.batchUpdate(
                                "UPDATE outbox SET status = 'DONE', delivered_at = ? WHERE id = ?", done));
                    }
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdown();
        }
        double rate = n / ((System.nanoTime() - start) / 1e9);
        assertThat(duplicates(queued, seen)).as("rows the hub's claimer handed out twice").isZero();
        return rate;
    }

    /** camel-jpa's polling consumer(s) on the same rows; the mark step sets the entity DONE (consumeDelete=false). */
    private double measureJpa(int n, int consumers, int batch, boolean lockingQuery) throws Exception {
        List<Long> queued = queue(n);
        Map<Long, AtomicInteger> seen = new ConcurrentHashMap<>();
        camel.getRegistry().bind("hubEntityManagerFactory", emf);
        camel.getRegistry().bind("outboxClaimParams", Map.of("destination", Destinations.CUSTOMER_MAIL,
                "now", clock.instant()));
        List<String> routeIds = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < consumers; c++) {
            int consumer = c;
            String id = "bench-jpa-claim-" + c + "-" + System.nanoTime();
            routeIds.add(id);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    String query = lockingQuery
                            // the poll's transaction keeps the locks until the batch is marked; no per-entity lock
                            ? "nativeQuery=RAW(SELECT * FROM outbox WHERE destination = 'customer-mail' AND status = 'PENDING' "
                              + "AND available_at <= now() ORDER BY priority, available_at, id LIMIT " + batch
                              + " FOR UPDATE SKIP LOCKED)&resultClass=" + OutboxEntry.class.getName() + "&consumeLockEntity=false"
                            : "namedQuery=" + DUE + "&parameters=#outboxClaimParams&consumeLockEntity=true&skipLockedEntity=true";
                    from("jpa:" + OutboxEntry.class.getName() + "?" + query + "&consumeDelete=false"
                            + "&maxMessagesPerPoll=" + batch + "&delay=1&greedy=true&entityManagerFactory=#hubEntityManagerFactory"
                            // a distinct endpoint per consumer (Camel allows one consumer per endpoint)
                            + "&initialDelay=" + consumer)
                            .routeId(id)
                            .process(e -> { // no-op send, then mark
                                OutboxEntry row = e.getMessage().getBody(OutboxEntry.class);
                                seen.computeIfAbsent(row.getId(), k -> new AtomicInteger()).incrementAndGet();
                                row.setStatus("DONE");
                                row.setDeliveredAt(clock.instant());
                            });
                }
            });
        }
        try {
            await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofMillis(20)).until(() -> count(
                    "SELECT COUNT(*) FROM outbox WHERE destination = ? AND status = 'PENDING'", Destinations.CUSTOMER_MAIL) == 0);
        } finally {
            for (String id : routeIds) {
                camel.getRouteController().stopRoute(id);
                camel.removeRoute(id);
            }
        }
        double rate = n / ((System.nanoTime() - start) / 1e9);
        jpaDuplicates = duplicates(queued, seen);
        return rate;
    }
}
