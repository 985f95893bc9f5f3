package com.cfh.supporthub.intake;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import com.cfh.supporthub.sla.SlaPolicy;
import com.cfh.supporthub.ticket.TicketStatus;
import com.cfh.supporthub.web.ProblemException;

/**
 * The reads of the intake pipeline, in plain SQL: used by the pre-checks of the route
 * ({@link TicketLookup}) and again by the writer inside its transaction. Plain JDBC because the
 * writer is the hot path (see BENCHMARKS.md); the schema is the one the JPA entities map.
 */
@Component
public class IntakeSql {

    /** What the pipeline needs to know of an existing ticket. */
    public record TicketRow(long id, String key, String product, TicketStatus status, Instant createdAt,
                            Instant receivedAt, String requestHash, String linkedKey, Instant firstResponseDue) {
    }

    private static final String TICKET_COLUMNS = "t.id, t.ticket_key, t.product, t.status, t.created_at, t.received_at, "
            + "t.request_hash, (SELECT l.ticket_key FROM ticket l WHERE l.id = t.linked_ticket_id) AS linked_key, t.first_response_due";

    private static final RowMapper<TicketRow> TICKET = (rs, n) -> new TicketRow(rs.getLong(1), rs.getString(2),
            rs.getString(3), TicketStatus.valueOf(rs.getString(4)), instant(rs, 5), instant(rs, 6), rs.getString(7),
            rs.getString(8), instant(rs, 9));

    private final JdbcTemplate jdbc;
    private final SlaPolicy slaPolicy;

    public IntakeSql(JdbcTemplate jdbc, SlaPolicy slaPolicy) {
        this.jdbc = jdbc;
        this.slaPolicy = slaPolicy;
    }

    /** The earlier result when this envelope was already taken in. */
    public Optional<IntakeResult> findDuplicate(TicketIntake intake) {
        if (intake.idempotencyKey() != null) {
            Optional<TicketRow> byKey = first(jdbc.query("SELECT " + TICKET_COLUMNS
                    + " FROM ticket t WHERE t.channel = ? AND t.idempotency_key = ?", TICKET,
                    intake.channel().name(), intake.idempotencyKey()));
            if (byKey.isPresent()) {
                TicketRow ticket = byKey.get();
                if (!RequestHash.of(intake).equals(ticket.requestHash())) {
                    throw reusedKey(intake, ticket.key());
                }
                return Optional.of(duplicate(ticket));
            }
        }
        if (intake.externalId() != null) {
            return first(jdbc.query("SELECT " + TICKET_COLUMNS + " FROM ticket_message m JOIN ticket t ON t.id = m.ticket_id "
                    + "WHERE m.external_id = ? AND m.channel = ?", TICKET, intake.externalId(), intake.channel().name()))
                    .map(this::duplicate);
        }
        return Optional.empty();
    }

    /** The ticket the envelope continues: its ticket key first, then the ids it replies to. */
    public Optional<TicketRow> findThread(TicketIntake intake) {
        if (intake.ticketReference() != null) {
            Optional<TicketRow> byKey = first(jdbc.query("SELECT " + TICKET_COLUMNS
                    + " FROM ticket t WHERE t.ticket_key = ? AND t.product = ?", TICKET,
                    intake.ticketReference(), intake.product()));
            if (byKey.isPresent()) {
                return byKey;
            }
        }
        for (String id : intake.inReplyTo()) {
            Optional<TicketRow> byMessage = first(jdbc.query("SELECT " + TICKET_COLUMNS
                    + " FROM ticket_message m JOIN ticket t ON t.id = m.ticket_id "
                    + "WHERE m.external_id = ? AND t.product = ? ORDER BY m.id", TICKET, id, intake.product()));
            if (byMessage.isPresent()) {
                return byMessage;
            }
        }
        return Optional.empty();
    }

    public Optional<TicketRow> ticket(long id) {
        return first(jdbc.query("SELECT " + TICKET_COLUMNS + " FROM ticket t WHERE t.id = ?", TICKET, id));
    }

    IntakeResult duplicate(TicketRow t) {
        return new IntakeResult(IntakeOutcome.DUPLICATE, t.key(), t.product(), t.status(), t.createdAt(),
                t.receivedAt(), t.linkedKey(), t.firstResponseDue(), t.firstResponseDue() == null ? null
                        : slaPolicy.promise(t.product(), t.receivedAt(), t.firstResponseDue()));
    }

    static ProblemException reusedKey(TicketIntake intake, String key) {
        return ProblemException.unprocessable("idempotency-key-reused", "Idempotency-Key reused",
                "Idempotency-Key '" + intake.idempotencyKey() + "' was already used for a different request ("
                        + key + "); use a new key for a new request.");
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static Object timestamp(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, java.time.ZoneOffset.UTC);
    }

    private static <T> Optional<T> first(List<T> rows) {
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }
}
