package com.cfh.supporthub.sla;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.cfh.supporthub.config.HubProperties;
import com.cfh.supporthub.sla.SlaClock.Transition;
import com.cfh.supporthub.ticket.TicketJournal;
import com.cfh.supporthub.ticket.TicketJournal.Event;
import com.cfh.supporthub.ticket.TicketStore;

/**
 * The work of the {@code sla-scan} route (P07, P08, P09): marks first-response and resolution cycles
 * at risk and breached, each transition once, as an audit event.
 *
 * <p>It reads only tickets whose {@code sla_next_check_at} has come, through that column's index,
 * in batches of {@code hub.sla.scan.batch-size}, one transaction each. A ticket is updated only if
 * its {@code version} is still the one read: when two nodes (or two runs) sweep the same ticket, one
 * update wins and the other changes nothing and records nothing, so every transition is recorded
 * exactly once. Tickets whose threshold passes record an escalation as due ({@code escalation_due_at})
 * for the {@code escalation} route.
 */
@Component("slaSweep")
public class SlaSweep {

    private static final Logger log = LoggerFactory.getLogger(SlaSweep.class);

    static final Set<Transition> ESCALATING = EnumSet.of(Transition.FIRST_RESPONSE_BREACHED,
            Transition.RESOLUTION_AT_RISK, Transition.RESOLUTION_BREACHED);

    /** What one run did. {@code conflicts}: tickets another node or an agent changed first. */
    public record Result(int batches, int selected, int updated, int transitions, int conflicts) {
    }

    private record Due(long id, String key, String product, long version, SlaClock.State sla) {
    }

    private final JdbcTemplate jdbc;
    /** The one writer of the ticket's tables. */
    private final TicketStore store;
    private final TransactionTemplate tx;
    private final SlaPolicy policy;
    private final TicketJournal journal;
    private final HubProperties.Schedule schedule;
    private final Clock clock;

    public SlaSweep(JdbcTemplate jdbc, PlatformTransactionManager transactions, SlaPolicy policy,
                    TicketJournal journal, HubProperties properties, Clock clock, TicketStore store) {
        this.store = store;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.policy = policy;
        this.journal = journal;
        this.schedule = properties.getSla().getScan();
        this.clock = clock;
    }

    /** One sweep at the clock's current instant. */
    public Result run() {
        Instant now = clock.instant();
        int batches = 0;
        int selected = 0;
        int updated = 0;
        int transitions = 0;
        int conflicts = 0;
        while (batches < schedule.getMaxBatches()) {
            List<Due> due = jdbc.query("SELECT id, ticket_key, product, version, " + SlaColumns.SELECT
                            + " FROM ticket WHERE sla_next_check_at <= ? ORDER BY sla_next_check_at, id FETCH FIRST "
                            + schedule.getBatchSize() + " ROWS ONLY",
                    (rs, n) -> new Due(rs.getLong("id"), rs.getString("ticket_key"), rs.getString("product"),
                            rs.getLong("version"), SlaColumns.read(rs)), SlaColumns.ts(now));
            if (due.isEmpty()) {
                break;
            }
            batches++;
            selected += due.size();
            int[] counts = tx.execute(status -> sweep(due, now));
            updated += counts[0];
            transitions += counts[1];
            conflicts += counts[2];
            if (due.size() < schedule.getBatchSize() || counts[0] == 0) {
                break; // the last page, or nothing but conflicts: the next run takes what is left
            }
        }
        Result result = new Result(batches, selected, updated, transitions, conflicts);
        if (transitions > 0 || conflicts > 0) {
            log.info("SLA sweep at {}: {}", now, result);
        }
        return result;
    }

    private int[] sweep(List<Due> due, Instant now) {
        List<TicketStore.SweptSla> updates = new ArrayList<>(due.size());
        List<List<Transition>> passed = new ArrayList<>(due.size());
        for (Due d : due) {
            List<Transition> t = policy.clock(d.product()).sweep(d.sla(), now);
            passed.add(t);
            boolean escalates = t.stream().anyMatch(ESCALATING::contains);
            updates.add(new TicketStore.SweptSla(d.id(), d.version(), d.sla(), escalates ? now : null));
        }
        int[] counts = store.sweepSla(updates);
        List<Event> events = new ArrayList<>();
        int updated = 0;
        int conflicts = 0;
        for (int i = 0; i < due.size(); i++) {
            if (counts[i] == 0) {
                conflicts++;
                continue;
            }
            updated++;
            Due d = due.get(i);
            for (Transition t : passed.get(i)) {
                events.add(new Event(d.id(), eventType(t), "sla-scan", detail(t, d.sla()), now));
            }
        }
        journal.events(events);
        return new int[] {updated, events.size(), conflicts};
    }

    static String eventType(Transition t) {
        return switch (t) {
            case FIRST_RESPONSE_AT_RISK -> "sla.first-response.at-risk";
            case FIRST_RESPONSE_BREACHED -> "sla.first-response.breached";
            case RESOLUTION_AT_RISK -> "sla.resolution.at-risk";
            case RESOLUTION_BREACHED -> "sla.resolution.breached";
        };
    }

    private static String detail(Transition t, SlaClock.State s) {
        return switch (t) {
            case FIRST_RESPONSE_AT_RISK -> "first response due " + s.firstResponseDue + "; at risk since "
                    + s.firstResponseAtRiskAt;
            case FIRST_RESPONSE_BREACHED -> "first response was due " + s.firstResponseDue + " (P07)";
            case RESOLUTION_AT_RISK -> "resolution cycle " + s.resolutionCycle + " due " + s.resolutionDue
                    + "; at risk since " + s.resolutionAtRiskAt;
            case RESOLUTION_BREACHED -> "resolution cycle " + s.resolutionCycle + " was due " + s.resolutionDue + " (P08)";
        };
    }
}
