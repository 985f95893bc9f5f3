package com.cfh.supporthub.privacy;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.camel.Header;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.cfh.supporthub.email.MailFiles;
import com.cfh.supporthub.ticket.TicketJournal;
import com.cfh.supporthub.ticket.TicketJournal.Event;
import com.cfh.supporthub.web.FieldError;
import com.cfh.supporthub.web.ProblemException;
import com.cfh.supporthub.ticket.TicketStore;

/**
 * On-demand redaction of a stored message by a manager (P14): the configured patterns, plus any literal
 * values the manager names (kind {@code manual}). The sanitised HTML copy of the message is dropped, since
 * it may hold the same values. The audit event names the kinds removed, never the values.
 */
@Component("messageRedaction")
public class MessageRedaction {

    /** {@code values}: exact strings to remove as well as what the patterns find; optional. */
    public record RedactRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<String> values) {
    }

    private final JdbcTemplate jdbc;
    /** The one writer of the ticket's tables. */
    private final TicketStore store;
    private final TransactionTemplate tx;
    private final PiiRedactor redactor;
    private final TicketJournal journal;
    private final Clock clock;
    private final MailFiles mailFiles;

    public MessageRedaction(JdbcTemplate jdbc, PlatformTransactionManager transactions, PiiRedactor redactor,
                            TicketJournal journal, Clock clock, MailFiles mailFiles, TicketStore store) {
        this.store = store;
        this.mailFiles = mailFiles;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.redactor = redactor;
        this.journal = journal;
        this.clock = clock;
    }

    /** Returns the ticket key. */
    public String redact(@Header("key") String key, @Header("messageId") String messageId, RedactRequest request,
                         @Header("hubActor") String actor) {
        long id;
        try {
            id = Long.parseLong(messageId == null ? "" : messageId.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.notFound("No message " + messageId + " on " + key + ".");
        }
        List<String> values = request == null || request.values() == null ? List.of() : request.values();
        return tx.execute(status -> {
            record Stored(long ticketId, String ticketKey, String body) {
            }
            Stored m = jdbc.query("SELECT m.ticket_id, t.ticket_key, m.body FROM ticket_message m "
                            + "JOIN ticket t ON t.id = m.ticket_id WHERE m.id = ? AND t.ticket_key = ?",
                    rs -> rs.next() ? new Stored(rs.getLong(1), rs.getString(2), rs.getString(3)) : null, id,
                    key == null ? "" : key.trim().toUpperCase(java.util.Locale.ROOT));
            if (m == null) {
                throw ProblemException.notFound("No message " + messageId + " on " + key + ".");
            }
            PiiRedactor.Redaction patterns = redactor.redactText(m.body());
            PiiRedactor.Redaction manual = redactor.redactValues(patterns.text(), values, "manual");
            Set<String> kinds = new LinkedHashSet<>(patterns.kinds());
            kinds.addAll(manual.kinds());
            kinds.addAll(mailFiles.redactStoredCopies(id, values)); // its mail copy and text attachments (issue 14.1)
            if (kinds.isEmpty()) {
                throw ProblemException.invalid("Nothing in message " + id + " matched.", List.of(new FieldError(
                        "values", "none of them, and none of the hub.privacy patterns, occur in the message")));
            }
            Instant now = clock.instant();
            store.redactMessage(m.ticketId(), id, manual.text(), now);
            journal.events(List.of(new Event(m.ticketId(), "message.redacted", actor,
                    "message " + id + ": removed " + String.join(",", kinds) + " (P14)", now)));
            return m.ticketKey();
        });
    }
}
