package com.cfh.supporthub.telephony;

import java.util.List;

import org.apache.camel.Header;
import org.springframework.stereotype.Component;

import com.cfh.supporthub.web.FieldError;
import com.cfh.supporthub.web.ProblemException;

/**
 * {@code POST /api/v1/calls/{provider}/{callId}/ticket} (AGENT): an agent flags a logged call for
 * follow-up with a note (P04). The flag merges into the call like any provider event, so the call
 * gets its one ticket; a call that already has one gets the note as an internal note instead.
 */
@Component("callFollowUps")
public class CallFollowUps {

    /** The agent's request body. */
    public record FollowUpRequest(String note) {
    }

    public CallEvent toEvent(FollowUpRequest request, @Header("provider") String provider,
                             @Header("callId") String callId, @Header("hubActor") String agent) {
        String note = request == null || request.note() == null ? "" : request.note().strip();
        if (note.isEmpty() || note.length() > 2000) {
            throw ProblemException.invalid("The follow-up needs a note.",
                    List.of(new FieldError("note", "is required, at most 2000 characters")));
        }
        return new CallEvent(provider, callId, "agent-follow-up").followUp(true).note(note).requestedBy(agent);
    }

    /** 201 when this request created the ticket, 200 when the call already had one. */
    public int status(CallTickets.CallReply reply) {
        return Boolean.TRUE.equals(reply.ticketCreated()) ? 201 : 200;
    }
}
