package com.cfh.supporthub.lifecycle;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.camel.Header;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.cfh.supporthub.config.HubProperties;
import com.cfh.supporthub.sla.CalendarCoverageException;
import com.cfh.supporthub.sla.SlaClock;
import com.cfh.supporthub.sla.SlaColumns;
import com.cfh.supporthub.sla.SlaPolicy;
import com.cfh.supporthub.ticket.Priority;
import com.cfh.supporthub.ticket.TicketJournal;
import com.cfh.supporthub.ticket.TicketJournal.Event;
import com.cfh.supporthub.ticket.TicketStatus;
import com.cfh.supporthub.ticket.TicketStore;
import com.cfh.supporthub.ticket.VersionedChange;
import com.cfh.supporthub.web.FieldError;
import com.cfh.supporthub.web.ProblemException;

/**
 * An agent moves a ticket to another product (issue 14.6, P04: a call on the shared phone line landed in
 * the wrong product). The ticket keeps its key: mail threads ({@code [DOC-12]} subject tags, Message-IDs),
 * links sent to the customer and the Jira issue all name it. What is product-specific follows the new
 * product: the SLA goals and business calendar (due instants recomputed from the same receipt, what
 * already happened kept), the escalation addresses, the mail identity of later replies. One versioned
 * change through {@link TicketStore} with a {@code ticket.product-changed} audit event naming both products.
 */
@Component("productMoves")
public class ProductMoves {

    /** {@code product}: a configured product id (hub.products); {@code reason} goes to the audit trail. */
    public record MoveRequest(String product, String reason) {
    }

    public static final String EVENT = "ticket.product-changed";
    private static final int MAX_REASON = 2_000;

    private final JdbcTemplate jdbc;
    private final TicketStore store;
    private final TicketJournal journal;
    private final TransactionTemplate tx;
    private final HubProperties hub;
    private final SlaPolicy slaPolicy;
    private final Clock clock;

    public ProductMoves(JdbcTemplate jdbc, TicketStore store, TicketJournal journal,
                        PlatformTransactionManager transactions, HubProperties hub, SlaPolicy slaPolicy, Clock clock) {
        this.jdbc = jdbc;
        this.store = store;
        this.journal = journal;
        this.tx = new TransactionTemplate(transactions);
        this.hub = hub;
        this.slaPolicy = slaPolicy;
        this.clock = clock;
    }

    private record Row(long id, String key, String product, TicketStatus status, String priority, long version,
                       SlaClock.State sla) {
    }

    /** Moves the ticket; returns its (unchanged) key. */
    public String move(@Header("key") String key, MoveRequest request, @Header("hubActor") String actor) {
        String product = request == null || request.product() == null ? ""
                : request.product().trim().toLowerCase(Locale.ROOT);
        if (product.isEmpty() || hub.product(product).isEmpty()) {
            throw ProblemException.invalid("Unknown product.", List.of(new FieldError("product",
                    "must be one of " + hub.getProducts().keySet())));
        }
        String reason = request.reason() == null || request.reason().isBlank() ? null : request.reason().strip();
        if (reason != null && reason.length() > MAX_REASON) {
            throw ProblemException.invalid("The reason is too long.", List.of(new FieldError("reason",
                    "at most " + MAX_REASON + " characters")));
        }
        return VersionedChange.retry(tx, journal, key, () -> {
            Row row = load(key);
            if (row.status() == TicketStatus.CLOSED) {
                throw ProblemException.conflict(row.key() + " is closed.");
            }
            if (row.product().equals(product)) {
                throw ProblemException.invalid(row.key() + " is already a " + product + " ticket.",
                        List.of(new FieldError("product", "is the ticket's current product")));
            }
            Instant now = clock.instant();
            Map<TicketStore.Field, Object> fields = new EnumMap<>(TicketStore.Field.class);
            fields.put(TicketStore.Field.PRODUCT, product);
            String sla = "SLA unchanged (no clock)";
            SlaClock.State rebased = null;
            if (row.sla().resolutionDue != null) {
                SlaPolicy.Goals goals = slaPolicy.goals(product, Priority.valueOf(row.priority()));
                try {
                    slaPolicy.clock(product).rebase(row.sla(), goals.firstResponse(), goals.resolution());
                } catch (CalendarCoverageException e) {
                    throw ProblemException.conflict("The " + product + " calendar cannot cover " + row.key() + ": "
                            + e.getMessage());
                }
                rebased = row.sla();
                sla = "first response due " + rebased.firstResponseDue + ", resolution due " + rebased.resolutionDue;
            }
            int updated = store.updateFieldsAndSla(row.id(), row.version(), fields, rebased, now);
            String detail = row.product() + " -> " + product + "; key " + row.key() + " kept; " + sla
                    + (reason == null ? "" : " (" + reason + ")");
            return new VersionedChange.Attempt(updated, row.key(), List.of(new Event(row.id(), EVENT, actor, detail, now)),
                    List.of());
        });
    }

    private Row load(String key) {
        String wanted = key == null ? "" : key.trim().toUpperCase(Locale.ROOT);
        Row row = jdbc.query("SELECT id, ticket_key, product, status, priority, version, " + SlaColumns.SELECT
                + " FROM ticket WHERE ticket_key = ?", rs -> rs.next() ? new Row(rs.getLong("id"),
                rs.getString("ticket_key"), rs.getString("product"), TicketStatus.valueOf(rs.getString("status")),
                rs.getString("priority"), rs.getLong("version"), SlaColumns.read(rs)) : null, wanted);
        if (row == null) {
            throw ProblemException.notFound("No ticket " + key + ".");
        }
        return row;
    }
}
