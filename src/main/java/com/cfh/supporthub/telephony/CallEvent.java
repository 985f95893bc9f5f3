package com.cfh.supporthub.telephony;

import java.time.Instant;

import com.cfh.supporthub.web.RequestText;

/**
 * What one webhook says about one call, in the provider-neutral terms the call log merges. Null
 * means "this event does not say"; flags are only ever raised, never lowered, by an event. Texts lose
 * their control characters here (issue 14 item 7): one-line values all of them, notes and
 * transcriptions all but line breaks and tabs.
 */
public final class CallEvent {

    public enum Direction { INBOUND, OUTBOUND }

    private final String provider;
    private final String callId;
    private final String name;
    private Direction direction;
    private String customerNumber;
    private String lineNumber;
    private Instant occurredAt;
    private Instant startedAt;
    private Instant answeredAt;
    private Instant endedAt;
    private boolean answered;
    private boolean ended;
    private String endCause;
    private Integer durationSec;
    private String agent;
    private String recordingUrl;
    private String voicemailUrl;
    private String transcription;
    private String note;
    private boolean followUp;
    private String requestedBy;
    private String menuProduct;
    private String menuChoice;

    public CallEvent(String provider, String callId, String name) {
        this.provider = provider;
        this.callId = RequestText.oneLine(callId);
        this.name = name;
    }

    public String provider() { return provider; }
    public String callId() { return callId; }
    public String name() { return name; }
    public Direction direction() { return direction; }
    public String customerNumber() { return customerNumber; }
    public String lineNumber() { return lineNumber; }
    public Instant occurredAt() { return occurredAt; }
    public Instant startedAt() { return startedAt; }
    public Instant answeredAt() { return answeredAt; }
    public Instant endedAt() { return endedAt; }
    public boolean answered() { return answered; }
    public boolean ended() { return ended; }
    public String endCause() { return endCause; }
    public Integer durationSec() { return durationSec; }
    public String agent() { return agent; }
    public String recordingUrl() { return recordingUrl; }
    public String voicemailUrl() { return voicemailUrl; }
    public String transcription() { return transcription; }
    public String note() { return note; }
    public boolean followUp() { return followUp; }
    /** The product the caller chose in the provider's menu (IVR), when the provider says; else null. */
    public String menuProduct() { return menuProduct; }
    /** What the caller chose, as the provider sent it (e.g. "Digits 2", "queue runmy-support"), for the audit trail. */
    public String menuChoice() { return menuChoice; }
    /** The agent account that asked for a ticket through the agent API; null for provider webhooks. */
    public String requestedBy() { return requestedBy; }

    public CallEvent direction(Direction v) { direction = v; return this; }
    public CallEvent customerNumber(String v) { customerNumber = RequestText.oneLine(v); return this; }
    public CallEvent lineNumber(String v) { lineNumber = RequestText.oneLine(v); return this; }
    public CallEvent occurredAt(Instant v) { occurredAt = v; return this; }
    public CallEvent startedAt(Instant v) { startedAt = v; return this; }
    public CallEvent answeredAt(Instant v) { answeredAt = v; return this; }
    public CallEvent endedAt(Instant v) { endedAt = v; return this; }
    public CallEvent answered(boolean v) { answered = v; return this; }
    public CallEvent ended(boolean v) { ended = v; return this; }
    public CallEvent endCause(String v) { endCause = blankToNull(RequestText.oneLine(v)); return this; }
    public CallEvent durationSec(Integer v) { durationSec = v; return this; }
    public CallEvent agent(String v) { agent = blankToNull(RequestText.oneLine(v)); return this; }
    public CallEvent recordingUrl(String v) { recordingUrl = blankToNull(RequestText.oneLine(v)); return this; }
    public CallEvent voicemailUrl(String v) { voicemailUrl = blankToNull(RequestText.oneLine(v)); return this; }
    public CallEvent transcription(String v) { transcription = blankToNull(RequestText.multiLine(v)); return this; }
    public CallEvent note(String v) { note = blankToNull(RequestText.multiLine(v)); return this; }
    public CallEvent followUp(boolean v) { followUp = v; return this; }
    public CallEvent requestedBy(String v) { requestedBy = v; return this; }
    /** The caller's menu choice: the product it maps to (null: none that maps) and what was chosen. */
    public CallEvent menu(String product, String choice) {
        menuProduct = product;
        menuChoice = RequestText.oneLine(choice);
        return this;
    }

    /** The call's id across providers: the ticket's external id. */
    public String externalId() {
        return CallState.externalId(provider, callId);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
