package com.cfh.supporthub.telephony;

import java.time.Instant;
import java.util.Objects;

import com.cfh.supporthub.telephony.CallEvent.Direction;

/**
 * The merged state of one call: the {@code call_log} row. {@link #merge} is idempotent and does
 * not depend on the order of events (flags only rise, the earliest start and the latest end win,
 * a known value is never replaced by an unknown one), so repeated and reordered webhooks end in
 * the same state (issue 5 item 4).
 */
public record CallState(
        Long id, String provider, String callId, String product, ProductSource productSource, Direction direction,
        String caller, String callerRaw, boolean callerWithheld, String line, Long contactId,
        Instant firstEventAt, Instant lastEventAt, Instant startedAt, Instant answeredAt, Instant endedAt,
        boolean answered, boolean ended, String endCause, Integer durationSec, String agent,
        String recordingUrl, String voicemailUrl, String transcription, String note, boolean followUp,
        Long ticketId, String ticketKey, long version) {

    /** What a call amounts to (P04): the last three become a ticket for the caller. */
    public enum Outcome { LOGGED, MISSED, VOICEMAIL, FOLLOW_UP }

    /**
     * How the call's product was chosen (issue 14 item 6a), weakest first: the triage default, the product of
     * the caller's newest ticket, a line listed as one product's own, the caller's menu choice. A stronger
     * source replaces a weaker one until the call has its ticket, so a menu choice that arrives after the
     * first event still decides, whatever the order of the events.
     */
    public enum ProductSource {
        TRIAGE, CALLER, LINE, MENU;

        public String column() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static ProductSource of(String column) {
            return column == null ? TRIAGE : valueOf(column.toUpperCase(java.util.Locale.ROOT));
        }
    }

    static final int MAX_NOTE = 4000;
    static final int MAX_TRANSCRIPTION = 10000;

    public static String externalId(String provider, String callId) {
        return provider + ":" + callId;
    }

    public String externalId() {
        return externalId(provider, callId);
    }

    /** The state before the first event of a call. */
    public static CallState empty(String provider, String callId) {
        return new CallState(null, provider, callId, null, null, null, null, null, false, null, null, null, null, null,
                null, null, false, false, null, null, null, null, null, null, null, false, null, null, 0);
    }

    /**
     * This state with the event merged in.
     *
     * @param caller  the event's customer number, resolved (null when the event names none)
     * @param line    the event's support line in E.164 (null when it names none)
     * @param product the product of that line (used only while the call has none)
     */
    public CallState merge(CallEvent e, PhoneNumbers.Caller caller, String line, String product, Instant now) {
        return merge(e, caller, line, product, ProductSource.TRIAGE, now);
    }

    /** This state with the event merged in, its product chosen by {@code source} (a stronger source wins until the ticket exists). */
    public CallState merge(CallEvent e, PhoneNumbers.Caller caller, String line, String product, ProductSource source,
                           Instant now) {
        Instant at = e.occurredAt() == null ? now : e.occurredAt();
        boolean replace = this.product == null || (ticketId == null && product != null
                && source.compareTo(this.productSource == null ? ProductSource.TRIAGE : this.productSource) > 0);
        String mergedCaller = first(this.caller, caller == null ? null : caller.e164());
        String mergedRaw = first(this.callerRaw, caller == null ? null : caller.raw());
        boolean withheld = mergedCaller == null && (callerWithheld || (caller != null && caller.withheld()));
        return new CallState(id, provider, callId, replace ? product : this.product,
                replace ? source : this.productSource, first(direction, e.direction()),
                mergedCaller, mergedRaw, withheld, first(this.line, line), contactId,
                min(firstEventAt, at), max(lastEventAt, at),
                min(startedAt, e.startedAt()), min(answeredAt, e.answeredAt()), max(endedAt, e.endedAt()),
                answered || e.answered() || e.answeredAt() != null, ended || e.ended() || e.endedAt() != null,
                first(endCause, e.endCause()), max(durationSec, e.durationSec()), first(agent, e.agent()),
                first(recordingUrl, e.recordingUrl()), first(voicemailUrl, e.voicemailUrl()),
                cut(first(transcription, e.transcription()), MAX_TRANSCRIPTION), mergeNote(note, e.note()),
                followUp || e.followUp(), ticketId, ticketKey, version);
    }

    /**
     * P04: a voicemail, a missed or unanswered inbound call, and an answered call flagged for
     * follow-up become tickets; any other call is only logged.
     */
    public Outcome outcome() {
        if (voicemailUrl != null || transcription != null) {
            return Outcome.VOICEMAIL;
        }
        if (direction != Direction.OUTBOUND && ended && !answered) {
            return Outcome.MISSED;
        }
        if (followUp) {
            return Outcome.FOLLOW_UP;
        }
        return Outcome.LOGGED;
    }

    public boolean needsTicket() {
        return outcome() != Outcome.LOGGED;
    }

    /** When the customer's request reached us: the start of the call, else its first event. */
    public Instant receivedAt() {
        return startedAt != null ? startedAt : firstEventAt;
    }

    public CallState withContact(Long contact) {
        return new CallState(id, provider, callId, product, productSource, direction, caller, callerRaw, callerWithheld, line,
                contact, firstEventAt, lastEventAt, startedAt, answeredAt, endedAt, answered, ended, endCause,
                durationSec, agent, recordingUrl, voicemailUrl, transcription, note, followUp, ticketId, ticketKey,
                version);
    }

    /** Whether the merge changed anything stored (the instant of the latest event aside). */
    public boolean sameCallAs(CallState other) {
        return Objects.equals(product, other.product) && productSource == other.productSource && direction == other.direction
                && Objects.equals(caller, other.caller) && Objects.equals(callerRaw, other.callerRaw)
                && callerWithheld == other.callerWithheld && Objects.equals(line, other.line)
                && Objects.equals(contactId, other.contactId) && Objects.equals(firstEventAt, other.firstEventAt)
                && Objects.equals(startedAt, other.startedAt) && Objects.equals(answeredAt, other.answeredAt)
                && Objects.equals(endedAt, other.endedAt) && answered == other.answered && ended == other.ended
                && Objects.equals(endCause, other.endCause) && Objects.equals(durationSec, other.durationSec)
                && Objects.equals(agent, other.agent) && Objects.equals(recordingUrl, other.recordingUrl)
                && Objects.equals(voicemailUrl, other.voicemailUrl)
                && Objects.equals(transcription, other.transcription) && Objects.equals(note, other.note)
                && followUp == other.followUp;
    }

    private static String mergeNote(String stored, String added) {
        if (added == null || (stored != null && stored.contains(added))) {
            return stored;
        }
        return cut(stored == null ? added : stored + "\n" + added, MAX_NOTE);
    }

    private static <T> T first(T stored, T added) {
        return stored != null ? stored : added;
    }

    private static Instant min(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    private static Integer max(Integer a, Integer b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return Integer.valueOf(Math.max(a, b));
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
