package com.cfh.supporthub.report;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.cfh.supporthub.config.HubProperties;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Micrometer gauges per product (P12): {@code hub.tickets.open}, {@code hub.tickets.at.risk} and
 * {@code hub.tickets.breached} over tickets not yet resolved. One grouped query serves all gauges, at most
 * every 15 seconds however often they are scraped.
 */
@Component
public class TicketGauges {

    private static final long MAX_AGE_NANOS = 15_000_000_000L;

    private final JdbcTemplate jdbc;
    private volatile Map<String, long[]> snapshot = Map.of();
    private volatile long takenAt;

    public TicketGauges(JdbcTemplate jdbc, HubProperties hub, MeterRegistry registry) {
        this.jdbc = jdbc;
        for (String product : hub.getProducts().keySet()) {
            gauge(registry, "hub.tickets.open", "Tickets not yet resolved", product, 0);
            gauge(registry, "hub.tickets.at.risk", "Unresolved tickets with an SLA cycle at risk", product, 1);
            gauge(registry, "hub.tickets.breached", "Unresolved tickets with a breached SLA cycle", product, 2);
        }
    }

    private void gauge(MeterRegistry registry, String name, String description, String product, int index) {
        Gauge.builder(name, this, g -> g.current().getOrDefault(product, new long[3])[index])
                .description(description).tag("product", product).register(registry);
    }

    private Map<String, long[]> current() {
        long now = System.nanoTime();
        if (now - takenAt > MAX_AGE_NANOS || takenAt == 0) {
            Map<String, long[]> fresh = new ConcurrentHashMap<>();
            jdbc.query("SELECT product, COUNT(*), SUM(CASE WHEN " + TicketOutcomes.AT_RISK + " THEN 1 ELSE 0 END), "
                    + "SUM(CASE WHEN " + TicketOutcomes.BREACHED + " THEN 1 ELSE 0 END) FROM ticket WHERE "
                    + TicketOutcomes.UNRESOLVED + " GROUP BY product", rs -> {
                        fresh.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)});
                    });
            snapshot = fresh;
            takenAt = now;
        }
        return snapshot;
    }

    /** For tests: forget the snapshot so the next read queries the database. */
    public void refresh() {
        takenAt = 0;
    }
}
