package com.cfh.supporthub.telephony;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.cfh.supporthub.config.HubProperties;
import com.cfh.supporthub.intake.IdAllocator;
import com.cfh.supporthub.intake.IntakeResult;
import com.cfh.supporthub.telephony.CallEvent.Direction;
import com.cfh.supporthub.web.ProblemException;

/**
 * The call log ({@code call_log}): every webhook of a call merges into its one row, keyed uniquely by
 * (provider, call id), in its own committed transaction. Two nodes merging the same call at once
 * cannot both win: a second insert hits the unique key and an update carries the row's version, and
 * the loser merges again on the row it lost to. The caller (a contact found or created by number)
 * is linked to the row even when the call makes no ticket (P04).
 */
@Component("callLog")
public class CallLog {

    private static final int ATTEMPTS = 5;
    private static final String COLUMNS = "c.id, c.provider, c.call_id, c.product, c.product_source, c.direction, c.caller, c.caller_raw, "
            + "c.caller_withheld, c.line, c.contact_id, c.first_event_at, c.last_event_at, c.started_at, c.answered_at, "
            + "c.ended_at, c.answered, c.ended, c.end_cause, c.duration_sec, c.agent, c.recording_url, c.voicemail_url, "
            + "c.transcription, c.note, c.follow_up, c.ticket_id, t.ticket_key, c.version";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final IdAllocator ids;
    private final PhoneNumbers numbers;
    private final TelephonyProperties telephony;
    private final HubProperties hub;
    private final Clock clock;

    public CallLog(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, IdAllocator ids,
                   TelephonyProperties telephony, HubProperties hub, Clock clock) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactionManager);
        this.ids = ids;
        this.numbers = new PhoneNumbers(telephony.getDefaultRegion());
        this.telephony = telephony;
        this.hub = hub;
        this.clock = clock;
    }

    /** Merges the event into its call's row and returns the committed state. */
    public CallState record(CallEvent event) {
        // null: this event does not name the caller (an empty or "anonymous" number is a withheld one)
        PhoneNumbers.Caller caller = event.customerNumber() == null ? null : numbers.caller(event.customerNumber());
        String line = numbers.e164(event.lineNumber());
        ProductChoice product = product(event, caller, line);
        for (int attempt = 1; ; attempt++) {
            try {
                CallState stored = tx.execute(s -> merge(event, caller, line, product));
                if (stored == null) {
                    throw ProblemException.notFound("No " + event.provider() + " call " + event.callId()
                            + " is logged; a ticket can be asked for only for a known call.");
                }
                return stored;
            } catch (DuplicateKeyException | TransientDataAccessException | LostUpdate race) {
                if (attempt == ATTEMPTS) {
                    throw ProblemException.unavailable("The call " + event.callId() + " is being updated by another "
                            + "request; retry.");
                }
            }
        }
    }

    /** The call's row, when logged. */
    public Optional<CallState> find(String provider, String callId) {
        List<CallState> rows = jdbc.query("SELECT " + COLUMNS + " FROM call_log c LEFT JOIN ticket t ON t.id = c.ticket_id "
                + "WHERE c.provider = ? AND c.call_id = ?", ROW, provider, callId);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** Links the call to the ticket the intake pipeline stored (or found) for it; returns the committed state. */
    public CallState link(CallState call, IntakeResult result) {
        tx.executeWithoutResult(s -> jdbc.update("UPDATE call_log SET ticket_id = (SELECT id FROM ticket WHERE ticket_key = ?), "
                + "updated_at = ?, version = version + 1 WHERE id = ? AND ticket_id IS NULL",
                result.key(), ts(clock.instant()), call.id()));
        return find(call.provider(), call.callId()).orElseThrow();
    }

    private CallState merge(CallEvent event, PhoneNumbers.Caller caller, String line, ProductChoice product) {
        Instant now = clock.instant();
        Optional<CallState> current = find(event.provider(), event.callId());
        if (current.isEmpty() && event.requestedBy() != null) {
            return null; // an agent asked for a ticket for a call no provider reported
        }
        CallState before = current.orElse(CallState.empty(event.provider(), event.callId()));
        CallState after = before.merge(event, caller, line, product.product(), product.source(), now);
        if (after.contactId() == null && after.caller() != null) {
            after = after.withContact(contact(after.caller(), now));
        }
        if (current.isEmpty()) {
            long id = ids.next("call_log_seq");
            jdbc.update("INSERT INTO call_log (id, provider, call_id, product, product_source, direction, caller, caller_raw, "
                    + "caller_withheld, line, contact_id, first_event_at, last_event_at, started_at, answered_at, ended_at, answered, "
                    + "ended, end_cause, duration_sec, agent, recording_url, voicemail_url, transcription, note, follow_up, outcome, "
                    + "created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                    + "?, ?, ?, ?, ?, ?, ?, ?, 0)", args(after, id, ts(now), ts(now)));
        } else if (!after.sameCallAs(before) || after.lastEventAt().isAfter(before.lastEventAt())) {
            Object[] values = args(after, null, null, ts(now));
            int updated = jdbc.update("UPDATE call_log SET product = ?, product_source = ?, direction = ?, caller = ?, "
                    + "caller_raw = ?, caller_withheld = ?, line = ?, contact_id = ?, first_event_at = ?, last_event_at = ?, "
                    + "started_at = ?, answered_at = ?, ended_at = ?, answered = ?, ended = ?, end_cause = ?, duration_sec = ?, "
                    + "agent = ?, recording_url = ?, voicemail_url = ?, transcription = ?, note = ?, follow_up = ?, outcome = ?, "
                    + "updated_at = ?, version = version + 1 WHERE id = ? AND version = ?",
                    concat(java.util.Arrays.copyOfRange(values, 3, 27), values[28], before.id(), before.version()));
            if (updated == 0) {
                throw new LostUpdate();
            }
        }
        return find(event.provider(), event.callId()).orElseThrow();
    }

    /** The contact with this number (the oldest, when several share it), else a new contact with the number only. */
    private long contact(String e164, Instant now) {
        List<Long> existing = jdbc.queryForList("SELECT id FROM contact WHERE phone = ? ORDER BY id", Long.class, e164);
        if (!existing.isEmpty()) {
            return existing.get(0);
        }
        long id = ids.next("contact_seq");
        jdbc.update("INSERT INTO contact (id, phone, created_at) VALUES (?, ?, ?)", id, e164, ts(now));
        return id;
    }

    /** A call's product and how it was chosen. */
    record ProductChoice(String product, CallState.ProductSource source) {
    }

    /**
     * The product of a call (issue 14 item 6a, P04): the caller's menu choice when the provider sends one that
     * maps to a product; else the line, when hub.telephony.lines lists it as one product's own; else the product
     * of the newest ticket whose requester has the caller's number; else hub.telephony.triage-product. Both
     * products publish one shared line, so the called number alone cannot tell them apart.
     */
    private ProductChoice product(CallEvent event, PhoneNumbers.Caller caller, String line) {
        if (known(event.menuProduct())) {
            return new ProductChoice(event.menuProduct(), CallState.ProductSource.MENU);
        }
        String ofLine = telephony.productOf(line, numbers);
        if (known(ofLine)) {
            return new ProductChoice(ofLine, CallState.ProductSource.LINE);
        }
        if (caller != null && caller.e164() != null) {
            List<String> latest = jdbc.queryForList("SELECT t.product FROM ticket t JOIN contact c ON c.id = t.requester_id "
                    + "WHERE c.phone = ? ORDER BY t.received_at DESC, t.id DESC FETCH FIRST 1 ROWS ONLY", String.class,
                    caller.e164());
            if (!latest.isEmpty() && known(latest.get(0))) {
                return new ProductChoice(latest.get(0), CallState.ProductSource.CALLER);
            }
        }
        String triage = known(telephony.getTriageProduct()) ? telephony.getTriageProduct()
                : hub.getProducts().keySet().iterator().next();
        return new ProductChoice(triage, CallState.ProductSource.TRIAGE);
    }

    private boolean known(String product) {
        return product != null && hub.product(product).isPresent();
    }

    /** Insert arguments: id, provider, call id, then the state's columns, outcome, created, updated. */
    private static Object[] args(CallState s, Long id, Object created, Object updated) {
        return new Object[] {id, s.provider(), s.callId(), s.product(),
                s.productSource() == null ? null : s.productSource().column(), s.direction() == null ? null : s.direction().name(),
                s.caller(), cut(s.callerRaw(), 250), s.callerWithheld(), s.line(), s.contactId(), ts(s.firstEventAt()),
                ts(s.lastEventAt()), ts(s.startedAt()), ts(s.answeredAt()), ts(s.endedAt()), s.answered(), s.ended(),
                cut(s.endCause(), 64), s.durationSec(), cut(s.agent(), 200), cut(s.recordingUrl(), 2048),
                cut(s.voicemailUrl(), 2048), s.transcription(), s.note(), s.followUp(), s.outcome().name(), created,
                updated};
    }

    private static Object[] concat(Object[] head, Object... tail) {
        Object[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    private static final RowMapper<CallState> ROW = (rs, n) -> new CallState(rs.getLong(1), rs.getString(2),
            rs.getString(3), rs.getString(4), CallState.ProductSource.of(rs.getString(5)),
            rs.getString(6) == null ? null : Direction.valueOf(rs.getString(6)),
            rs.getString(7), rs.getString(8), rs.getBoolean(9), rs.getString(10), longOrNull(rs, 11), instant(rs, 12),
            instant(rs, 13), instant(rs, 14), instant(rs, 15), instant(rs, 16), rs.getBoolean(17), rs.getBoolean(18),
            rs.getString(19), intOrNull(rs, 20), rs.getString(21), rs.getString(22), rs.getString(23), rs.getString(24),
            rs.getString(25), rs.getBoolean(26), longOrNull(rs, 27), rs.getString(28), rs.getLong(29));

    private static Long longOrNull(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static Integer intOrNull(ResultSet rs, int column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime v = rs.getObject(column, OffsetDateTime.class);
        return v == null ? null : v.toInstant();
    }

    private static Object ts(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    /** Another request updated the row between our read and our write. */
    private static final class LostUpdate extends RuntimeException {
        LostUpdate() {
            super(null, null, false, false);
        }
    }
}
