package com.cfh.supporthub.telephony;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import com.cfh.supporthub.api.TicketWorkflow;
import com.cfh.supporthub.intake.IntakeOutcome;
import com.cfh.supporthub.intake.IntakeResult;
import com.cfh.supporthub.intake.IntakeValidator;
import com.cfh.supporthub.intake.Party;
import com.cfh.supporthub.intake.TicketIntake;
import com.cfh.supporthub.telephony.CallState.Outcome;
import com.cfh.supporthub.ticket.Channel;

/**
 * The phone channel's side of the intake pipeline (P04): the envelope of a call that needs a ticket,
 * the later transcription as a message threaded into that ticket, and the webhook's answer.
 * The ticket's external id is {@code <provider>:<call id>}, so the pipeline's dedupe makes one
 * ticket per call even when two events ask at once.
 */
@Component("callTickets")
public class CallTickets {

    /** The webhook's answer: what the call amounts to so far and its ticket, if any. */
    public record CallReply(String provider, String callId, String outcome, String ticketKey, Boolean ticketCreated) {
    }

    private final Clock clock;
    private final TicketWorkflow workflow;

    public CallTickets(Clock clock, TicketWorkflow workflow) {
        this.clock = clock;
        this.workflow = workflow;
    }

    /** The envelope of the call's ticket when the call needs one and has none yet, else null. */
    public TicketIntake ticketFor(CallState call) {
        if (call.ticketId() != null || !call.needsTicket()) {
            return null;
        }
        Outcome outcome = call.outcome();
        String who = call.caller() != null ? call.caller() : "a withheld number";
        String subject = switch (outcome) {
            case MISSED -> "Missed call from " + who;
            case VOICEMAIL -> "Voicemail from " + who;
            default -> "Call follow-up: " + who;
        };
        StringBuilder body = new StringBuilder(subject).append(" (").append(call.provider()).append(" call ")
                .append(call.callId()).append(")");
        if (call.line() != null) {
            body.append(" on ").append(call.line());
        }
        body.append('.');
        line(body, "Caller", call.callerWithheld() ? "withheld" + (call.callerRaw() == null || call.callerRaw().isBlank()
                ? "" : " (" + call.callerRaw() + ")") : call.caller());
        line(body, "Started", call.startedAt());
        line(body, "Answered by", call.answered() ? call.agent() : null);
        line(body, "Ended", call.endedAt());
        line(body, "Duration", call.durationSec() == null ? null : call.durationSec() + " s");
        line(body, "Reason", call.endCause());
        line(body, "Voicemail", call.voicemailUrl());
        line(body, "Recording", call.recordingUrl());
        if (call.note() != null) {
            body.append("\n\nNotes:\n").append(call.note());
        }
        return new TicketIntake(Channel.PHONE, call.product(), requester(call), subject, body.toString(), List.of(),
                call.externalId(), null, null, List.of(),
                outcome == Outcome.FOLLOW_UP ? clock.instant() : call.receivedAt(), attributes(call));
    }

    /**
     * The voicemail's transcription as a message of the call's ticket, when both exist (item 4: it may
     * come after the call). Its own external id makes every repeat a duplicate.
     */
    public TicketIntake transcriptionFor(CallState call) {
        if (call.ticketKey() == null || call.transcription() == null) {
            return null;
        }
        return new TicketIntake(Channel.PHONE, call.product(), requester(call), null,
                "Voicemail transcription:\n" + call.transcription(), List.of(), call.externalId() + ":transcription",
                null, call.ticketKey(), List.of(call.externalId()), clock.instant(), attributes(call));
    }

    /** An agent's note on a call whose ticket already existed: an internal note on that ticket. */
    public void agentNote(CallState call, CallEvent event, IntakeResult created) {
        boolean createdNow = created != null && created.outcome() == IntakeOutcome.CREATED;
        if (event.requestedBy() != null && event.note() != null && call.ticketKey() != null && !createdNow) {
            workflow.reply(call.ticketKey(), new TicketWorkflow.ReplyRequest("Call " + call.callId() + ": "
                    + event.note(), true), event.requestedBy());
        }
    }

    /** The answer to an event that concerns no call: acknowledged, nothing stored. */
    public CallReply ignored() {
        return new CallReply(null, null, "IGNORED", null, null);
    }

    public CallReply reply(CallState call, IntakeResult created) {
        return new CallReply(call.provider(), call.callId(), call.outcome().name(), call.ticketKey(),
                created != null && created.outcome() == IntakeOutcome.CREATED ? Boolean.TRUE : null);
    }

    private static Party requester(CallState call) {
        return call.caller() == null ? null : new Party(null, null, call.caller());
    }

    private static Map<String, String> attributes(CallState call) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("call-provider", call.provider());
        a.put("call-id", call.callId());
        a.put("call-outcome", call.outcome().name());
        if (call.productSource() != null) {
            // how the product was chosen on a shared line (issue 14 item 6a): menu, line, caller or triage
            a.put("product-chosen-by", call.productSource().column());
        }
        if (call.caller() == null) {
            // withheld, or no event named a number: a ticket without a number to call back
            a.put(IntakeValidator.WITHHELD_CALLER, "true");
        }
        if (call.callerRaw() != null && !call.callerRaw().isBlank()) {
            a.put("caller-id", call.callerRaw());
        }
        return a;
    }

    private static void line(StringBuilder body, String label, Object value) {
        if (value != null) {
            body.append('\n').append(label).append(": ").append(value);
        }
    }
}
