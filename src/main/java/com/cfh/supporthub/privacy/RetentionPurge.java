package com.cfh.supporthub.privacy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.cfh.supporthub.config.HubProperties;
import com.cfh.supporthub.intake.IdAllocator;
import com.cfh.supporthub.report.TicketOutcomes;
import com.cfh.supporthub.sla.SlaColumns;

/**
 * The work of the {@code retention-purge} route (P13): tickets resolved or closed longer ago than
 * {@code hub.retention.keep} (2 years) lose their messages, participants, audit events, outbox entries,
 * SLA history and feedback, and their contacts once no ticket refers to them; an anonymous
 * {@code ticket_stats} row per ticket stays so reports add up, and a {@code purge_run} row counts what went.
 *
 * <p>Bounded batches of {@code hub.retention.schedule.batch-size} tickets, one short transaction each; each
 * ticket is claimed by a conditional update of its {@code version}, so a ticket reopened meanwhile, a second
 * run or a second node purges nothing twice.
 */
@Component("retentionPurge")
public class RetentionPurge {

    private static final Logger log = LoggerFactory.getLogger(RetentionPurge.class);

    /** What one run removed; also the purge_run row. */
    public record Result(Instant cutoff, int tickets, int messages, int events, int outbox, int contacts, int feedback) {
        Result plus(Result o) {
            return new Result(cutoff, tickets + o.tickets, messages + o.messages, events + o.events, outbox + o.outbox,
                    contacts + o.contacts, feedback + o.feedback);
        }
    }

    private record Due(long id, long version) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final IdAllocator ids;
    private final HubProperties hub;
    private final RetentionProperties config;
    private final Clock clock;

    public RetentionPurge(JdbcTemplate jdbc, PlatformTransactionManager transactions, IdAllocator ids, HubProperties hub,
                          RetentionProperties config, Clock clock) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.ids = ids;
        this.hub = hub;
        this.config = config;
        this.clock = clock;
    }

    public Result run() {
        Instant now = clock.instant();
        Instant cutoff = now.atZone(ZoneOffset.UTC).minus(config.getKeep()).toInstant();
        Result total = new Result(cutoff, 0, 0, 0, 0, 0, 0);
        int batchSize = config.getSchedule().getBatchSize();
        for (String product : hub.getProducts().keySet()) {
            for (String[] status : List.of(new String[] {"RESOLVED", "resolved_at"}, new String[] {"CLOSED", "closed_at"})) {
                for (int batch = 0; batch < config.getSchedule().getMaxBatches(); batch++) {
                    List<Due> due = jdbc.query("SELECT id, version FROM ticket WHERE product = ? AND status = ? AND "
                                    + status[1] + " <= ? ORDER BY id FETCH FIRST " + batchSize + " ROWS ONLY",
                            (rs, n) -> new Due(rs.getLong(1), rs.getLong(2)), product, status[0], SlaColumns.ts(cutoff));
                    if (due.isEmpty()) {
                        break;
                    }
                    Result done = tx.execute(s -> purge(due, status[0], now, cutoff));
                    total = total.plus(done);
                    if (due.size() < batchSize || done.tickets() == 0) {
                        break;
                    }
                }
            }
        }
        if (total.tickets() > 0) {
            Result r = total;
            jdbc.update("INSERT INTO purge_run (id, ran_at, cutoff, tickets, messages, events, outbox, contacts, feedback) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", ids.next("purge_run_seq"), SlaColumns.ts(now),
                    SlaColumns.ts(cutoff), r.tickets(), r.messages(), r.events(), r.outbox(), r.contacts(), r.feedback());
            log.info("Retention purge at {}: {}", now, r);
        }
        return total;
    }

    private Result purge(List<Due> due, String status, Instant now, Instant cutoff) {
        List<Object[]> claims = new ArrayList<>();
        due.forEach(d -> claims.add(new Object[] {d.id(), d.version(), status}));
        int[] claimed = jdbc.batchUpdate("UPDATE ticket SET version = version + 1 WHERE id = ? AND version = ? "
                + "AND status = ?", claims);
        List<Object> idList = new ArrayList<>();
        for (int i = 0; i < due.size(); i++) {
            if (claimed[i] > 0) {
                idList.add(due.get(i).id());
            }
        }
        if (idList.isEmpty()) {
            return new Result(cutoff, 0, 0, 0, 0, 0, 0);
        }
        Object[] idArgs = idList.toArray();
        String in = " IN (" + String.join(", ", Collections.nCopies(idArgs.length, "?")) + ")";
        Set<Long> contacts = new LinkedHashSet<>();
        contacts.addAll(jdbc.queryForList("SELECT requester_id FROM ticket WHERE id" + in, Long.class, idArgs));
        contacts.addAll(jdbc.queryForList("SELECT contact_id FROM ticket_participant WHERE ticket_id" + in, Long.class, idArgs));
        contacts.addAll(jdbc.queryForList("SELECT author_contact_id FROM ticket_message WHERE author_contact_id IS NOT NULL "
                + "AND ticket_id" + in, Long.class, idArgs));

        Object[] statsArgs = new Object[idArgs.length + 1];
        statsArgs[0] = SlaColumns.ts(now);
        System.arraycopy(idArgs, 0, statsArgs, 1, idArgs.length);
        jdbc.update("INSERT INTO ticket_stats (" + TicketOutcomes.COLUMNS + ", purged_at) SELECT " + TicketOutcomes.SELECT
                + ", ?" + TicketOutcomes.FROM + " WHERE t.id" + in
                + " AND NOT EXISTS (SELECT 1 FROM ticket_stats s WHERE s.ticket_id = t.id)", statsArgs);
        jdbc.update("UPDATE ticket SET linked_ticket_id = NULL WHERE linked_ticket_id" + in, idArgs);
        jdbc.update("DELETE FROM ticket_participant WHERE ticket_id" + in, idArgs);
        int messages = jdbc.update("DELETE FROM ticket_message WHERE ticket_id" + in, idArgs);
        int events = jdbc.update("DELETE FROM ticket_event WHERE ticket_id" + in, idArgs);
        int outbox = jdbc.update("DELETE FROM outbox WHERE ticket_id" + in, idArgs);
        jdbc.update("DELETE FROM jira_outbox WHERE ticket_id" + in, idArgs);
        jdbc.update("DELETE FROM sla_cycle_history WHERE ticket_id" + in, idArgs);
        int feedback = jdbc.update("DELETE FROM feedback_request WHERE ticket_id" + in, idArgs);
        int tickets = jdbc.update("DELETE FROM ticket WHERE id" + in, idArgs);
        int removedContacts = 0;
        if (!contacts.isEmpty()) {
            Object[] contactArgs = contacts.toArray();
            String unreferenced = " IN (" + String.join(", ", Collections.nCopies(contactArgs.length, "?")) + ")"
                    + " AND NOT EXISTS (SELECT 1 FROM ticket t WHERE t.requester_id = %1$s)"
                    + " AND NOT EXISTS (SELECT 1 FROM ticket_participant p WHERE p.contact_id = %1$s)"
                    + " AND NOT EXISTS (SELECT 1 FROM ticket_message m WHERE m.author_contact_id = %1$s)";
            jdbc.update("DELETE FROM customer_link_request WHERE contact_id" + unreferenced.formatted(
                    "customer_link_request.contact_id"), contactArgs);
            removedContacts = jdbc.update("DELETE FROM contact WHERE id" + unreferenced.formatted("contact.id"),
                    contactArgs);
        }
        return new Result(cutoff, tickets, messages, events, outbox, removedContacts, feedback);
    }
}
