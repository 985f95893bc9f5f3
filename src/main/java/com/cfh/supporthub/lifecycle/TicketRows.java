package com.cfh.supporthub.lifecycle;

import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.function.Function;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.cfh.supporthub.ticket.TicketJournal;
import com.cfh.supporthub.ticket.TicketJournal.Event;
import com.cfh.supporthub.ticket.TicketJournal.Notice;
import com.cfh.supporthub.ticket.TicketStatus;
import com.cfh.supporthub.ticket.TicketStore;
import com.cfh.supporthub.ticket.VersionedChange;
import com.cfh.supporthub.web.ProblemException;

/**
 * Reads a ticket row and changes it (through {@link TicketStore}) in one transaction, only if nobody changed it since it was read
 * (its {@code version}: {@link VersionedChange}, as {@code TicketWorkflow}); the change's audit events and outbox notices
 * are written in the same transaction. A conflict is retried on fresh data.
 */
@Component
public class TicketRows {

    /** The columns lifecycle actions need. */
    public record Row(long id, String key, String product, TicketStatus status, String priority, String tier,
                      String assignee, long requesterId, long version) {
    }

    /** New values of some agent-set fields (null values allowed), with the change's events and notices. */
    public record Change(Map<TicketStore.Field, Object> fields, List<Event> events, List<Notice> notices) {

        /** One field. */
        public static Change of(TicketStore.Field field, Object value, List<Event> events, List<Notice> notices) {
            Map<TicketStore.Field, Object> fields = new EnumMap<>(TicketStore.Field.class);
            fields.put(field, value);
            return new Change(fields, events, notices);
        }

        /** Two fields. */
        public static Change of(TicketStore.Field a, Object aValue, TicketStore.Field b, Object bValue,
                                List<Event> events, List<Notice> notices) {
            Map<TicketStore.Field, Object> fields = new EnumMap<>(TicketStore.Field.class);
            fields.put(a, aValue);
            fields.put(b, bValue);
            return new Change(fields, events, notices);
        }
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final TicketJournal journal;
    private final TicketStore store;
    private final Clock clock;

    public TicketRows(JdbcTemplate jdbc, PlatformTransactionManager transactions, TicketJournal journal,
                      TicketStore store, Clock clock) {
        this.store = store;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.journal = journal;
        this.clock = clock;
    }

    public Row load(String key) {
        String wanted = key == null ? "" : key.trim().toUpperCase(Locale.ROOT);
        Row row = jdbc.query("SELECT id, ticket_key, product, status, priority, tier, assignee, requester_id, version "
                + "FROM ticket WHERE ticket_key = ?", rs -> rs.next() ? new Row(rs.getLong(1), rs.getString(2),
                rs.getString(3), TicketStatus.valueOf(rs.getString(4)), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getLong(8), rs.getLong(9)) : null, wanted);
        if (row == null) {
            throw ProblemException.notFound("No ticket " + key + ".");
        }
        return row;
    }

    /** Applies the change the function makes of the current row; returns the ticket key. */
    public String change(String key, Function<Row, Change> change) {
        return VersionedChange.retry(tx, journal, key, () -> {
            Row row = load(key);
            Change c = change.apply(row);
            int updated = store.updateFields(row.id(), row.version(), c.fields(), clock.instant());
            return new VersionedChange.Attempt(updated, row.key(), c.events(), c.notices());
        });
    }
}
