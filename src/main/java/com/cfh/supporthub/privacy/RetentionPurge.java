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
import com.cfh.supporthub.email.MailFiles;
import com.cfh.supporthub.intake.IdAllocator;
import com.cfh.supporthub.report.TicketOutcomes;
import com.cfh.supporthub.sla.SlaColumns;
import com.cfh.supporthub.ticket.TicketStore;

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
    /** The one writer of the ticket's tables. */
    private final TicketStore store;
    private final TransactionTemplate tx;
    private final IdAllocator ids;
    private final HubProperties hub;
    private final RetentionProperties config;
    private final Clock clock;
    private final MailFiles files;

    public RetentionPurge(JdbcTemplate jdbc, PlatformTransactionManager transactions, IdAllocator ids, HubProperties hub,
                          RetentionProperties config, Clock clock, MailFiles files, TicketStore store) {
        this.store = store;
        this.files = files;
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
        total = total.plus(purgeChannelRecords(cutoff, batchSize));
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
        int[] claimed = store.claimForPurge(claims);
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
        // Channel records of these tickets (P13): mail outcomes and attachments (their files once no row names
        // them), and call logs, which hold caller numbers and transcriptions
        Set<String> digests = new LinkedHashSet<>();
        digests.addAll(jdbc.queryForList("SELECT sha256 FROM mail_attachment WHERE ticket_id" + in, String.class, idArgs));
        digests.addAll(jdbc.queryForList("SELECT raw_sha256 FROM mail_intake WHERE raw_sha256 IS NOT NULL AND ticket_id"
                + in, String.class, idArgs));
        contacts.addAll(jdbc.queryForList("SELECT contact_id FROM call_log WHERE contact_id IS NOT NULL AND ticket_id" + in,
                Long.class, idArgs));
        jdbc.update("DELETE FROM mail_attachment WHERE ticket_id" + in, idArgs);
        jdbc.update("DELETE FROM mail_intake WHERE ticket_id" + in, idArgs);
        jdbc.update("DELETE FROM call_log WHERE ticket_id" + in, idArgs);
        int outbox = jdbc.update("DELETE FROM outbox WHERE ticket_id" + in, idArgs);
        // The ticket rows; messages, participants, events, SLA cycles and feedback go by ON DELETE CASCADE (V60),
        // links from newer tickets are cleared by ON DELETE SET NULL
        List<Long> ticketIds = new ArrayList<>();
        idList.forEach(id -> ticketIds.add((Long) id));
        TicketStore.Purged purged = store.purge(ticketIds);
        int tickets = purged.tickets();
        int messages = purged.messages();
        int events = purged.events();
        int feedback = purged.feedback();
        int removedContacts = 0;
        if (!contacts.isEmpty()) {
            Object[] contactArgs = contacts.toArray();
            String unreferenced = " IN (" + String.join(", ", Collections.nCopies(contactArgs.length, "?")) + ")"
                    + " AND NOT EXISTS (SELECT 1 FROM ticket t WHERE t.requester_id = %1$s)"
                    + " AND NOT EXISTS (SELECT 1 FROM ticket_participant p WHERE p.contact_id = %1$s)"
                    + " AND NOT EXISTS (SELECT 1 FROM ticket_message m WHERE m.author_contact_id = %1$s)"
                    + " AND NOT EXISTS (SELECT 1 FROM call_log c WHERE c.contact_id = %1$s)";
            jdbc.update("DELETE FROM customer_link_request WHERE contact_id" + unreferenced.formatted(
                    "customer_link_request.contact_id"), contactArgs);
            removedContacts = jdbc.update("DELETE FROM contact WHERE id" + unreferenced.formatted("contact.id"),
                    contactArgs);
        }
        files.deleteUnreferenced(digests);
        return new Result(cutoff, tickets, messages, events, outbox, removedContacts, feedback);
    }

    /**
     * Channel records that never became a ticket, older than the cutoff (P13): logged calls, and mails that
     * were auto-replies, bounces or parked, with their raw files. Contacts only such records kept go too.
     */
    private Result purgeChannelRecords(Instant cutoff, int batchSize) {
        Result total = new Result(cutoff, 0, 0, 0, 0, 0, 0);
        for (int batch = 0; batch < config.getSchedule().getMaxBatches(); batch++) {
            List<Long> calls = jdbc.queryForList("SELECT id FROM call_log WHERE ticket_id IS NULL AND last_event_at <= ? "
                    + "ORDER BY id FETCH FIRST " + batchSize + " ROWS ONLY", Long.class, SlaColumns.ts(cutoff));
            List<String> mails = jdbc.queryForList("SELECT message_key FROM mail_intake WHERE ticket_id IS NULL "
                    + "AND created_at <= ? ORDER BY message_key FETCH FIRST " + batchSize + " ROWS ONLY", String.class,
                    SlaColumns.ts(cutoff));
            if (calls.isEmpty() && mails.isEmpty()) {
                break;
            }
            Integer contacts = tx.execute(s -> {
                Set<String> digests = new LinkedHashSet<>();
                Set<Long> callers = new LinkedHashSet<>();
                if (!calls.isEmpty()) {
                    Object[] args = calls.toArray();
                    String in = " IN (" + String.join(", ", Collections.nCopies(args.length, "?")) + ")";
                    callers.addAll(jdbc.queryForList("SELECT contact_id FROM call_log WHERE contact_id IS NOT NULL AND id"
                            + in, Long.class, args));
                    jdbc.update("DELETE FROM call_log WHERE ticket_id IS NULL AND id" + in, args);
                }
                if (!mails.isEmpty()) {
                    Object[] args = mails.toArray();
                    String in = " IN (" + String.join(", ", Collections.nCopies(args.length, "?")) + ")";
                    digests.addAll(jdbc.queryForList("SELECT raw_sha256 FROM mail_intake WHERE raw_sha256 IS NOT NULL "
                            + "AND message_key" + in, String.class, args));
                    jdbc.update("DELETE FROM mail_intake WHERE ticket_id IS NULL AND message_key" + in, args);
                    jdbc.update("DELETE FROM mail_failure WHERE message_key" + in, args);
                }
                int removed = 0;
                for (Long contact : callers) {
                    removed += jdbc.update("DELETE FROM contact WHERE id = ? "
                            + "AND NOT EXISTS (SELECT 1 FROM ticket t WHERE t.requester_id = contact.id) "
                            + "AND NOT EXISTS (SELECT 1 FROM ticket_participant p WHERE p.contact_id = contact.id) "
                            + "AND NOT EXISTS (SELECT 1 FROM ticket_message m WHERE m.author_contact_id = contact.id) "
                            + "AND NOT EXISTS (SELECT 1 FROM call_log c WHERE c.contact_id = contact.id) "
                            + "AND NOT EXISTS (SELECT 1 FROM customer_link_request r WHERE r.contact_id = contact.id)",
                            contact);
                }
                files.deleteUnreferenced(digests);
                return removed;
            });
            total = total.plus(new Result(cutoff, 0, 0, 0, 0, contacts == null ? 0 : contacts, 0));
            if (calls.size() < batchSize && mails.size() < batchSize) {
                break;
            }
        }
        return total;
    }
}
