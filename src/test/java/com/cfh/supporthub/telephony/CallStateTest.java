package com.cfh.supporthub.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import com.cfh.supporthub.telephony.CallEvent.Direction;
import com.cfh.supporthub.telephony.CallState.Outcome;

/** The call-state merge: repeats and reordering converge; what becomes a ticket (issue 5 items 2, 4). */
class CallStateTest {

    private static final Instant T0 = Instant.parse("2026-11-16T14:00:00Z");
    private final PhoneNumbers numbers = new PhoneNumbers("GB");

    private CallEvent newCall() {
        return new CallEvent("cti", "c1", "newCall").direction(Direction.INBOUND).customerNumber("447700900123")
                .lineNumber("442079460958").occurredAt(T0).startedAt(T0);
    }

    private CallEvent answer() {
        return new CallEvent("cti", "c1", "answer").direction(Direction.INBOUND).customerNumber("447700900123")
                .occurredAt(T0.plusSeconds(10)).answered(true).answeredAt(T0.plusSeconds(10)).agent("Alice Agent");
    }

    private CallEvent hangup(String cause) {
        return new CallEvent("cti", "c1", "hangup").direction(Direction.INBOUND).customerNumber("447700900123")
                .occurredAt(T0.plusSeconds(60)).ended(true).endedAt(T0.plusSeconds(60)).endCause(cause)
                .answered("normalClearing".equals(cause)); // as CtiMapper maps Zammad's hangup causes
    }

    private CallState apply(List<CallEvent> events) {
        CallState s = CallState.empty("cti", "c1");
        for (CallEvent e : events) {
            s = s.merge(e, numbers.caller(e.customerNumber()), numbers.e164(e.lineNumber()), "docmail", T0);
        }
        return s;
    }

    @Test
    @DisplayName("P04 newCall, answer, hangup in every order and with repeats end in the same logged state")
    void everyOrderConverges_P04() {
        List<CallEvent> inOrder = List.of(newCall(), answer(), hangup("normalClearing"));
        CallState expected = apply(inOrder);
        assertThat(expected.outcome()).isEqualTo(Outcome.LOGGED);
        assertThat(expected.answered()).isTrue();
        assertThat(expected.ended()).isTrue();
        assertThat(expected.caller()).isEqualTo("+447700900123");
        assertThat(expected.line()).isEqualTo("+442079460958");
        for (List<CallEvent> order : permutations(inOrder)) {
            List<CallEvent> withRepeats = new ArrayList<>(order);
            withRepeats.addAll(order);
            assertThat(apply(order).sameCallAs(expected)).as("order %s", names(order)).isTrue();
            assertThat(apply(withRepeats).sameCallAs(expected)).isTrue();
        }
    }

    @Test
    @DisplayName("P04 a call hung up before it was answered is missed; answered it is only logged")
    void missedOrLogged_P04() {
        assertThat(apply(List.of(newCall(), hangup("cancel"))).outcome()).isEqualTo(Outcome.MISSED);
        assertThat(apply(List.of(hangup("cancel"), newCall())).outcome()).isEqualTo(Outcome.MISSED);
        assertThat(apply(List.of(newCall())).outcome()).isEqualTo(Outcome.LOGGED);
        assertThat(apply(List.of(hangup("normalClearing"), newCall())).outcome()).isEqualTo(Outcome.LOGGED);
        CallEvent outbound = hangup("noAnswer").direction(Direction.OUTBOUND);
        assertThat(apply(List.of(outbound)).outcome()).as("an unanswered outbound call is ours, not a request")
                .isEqualTo(Outcome.LOGGED);
    }

    @Test
    @DisplayName("P04 a voicemail or transcription makes a voicemail; a follow-up flag makes an answered call a ticket")
    void voicemailAndFollowUp_P04() {
        CallEvent voicemail = hangup("cancel").voicemailUrl("https://example.com/vm");
        assertThat(apply(List.of(newCall(), voicemail)).outcome()).isEqualTo(Outcome.VOICEMAIL);
        CallEvent text = new CallEvent("cti", "c1", "transcription").transcription("Please call back");
        assertThat(apply(List.of(text)).outcome()).isEqualTo(Outcome.VOICEMAIL);
        CallEvent flag = new CallEvent("cti", "c1", "agent").followUp(true).note("Wants a refund");
        CallState flagged = apply(List.of(newCall(), answer(), hangup("normalClearing"), flag));
        assertThat(flagged.outcome()).isEqualTo(Outcome.FOLLOW_UP);
        assertThat(flagged.note()).isEqualTo("Wants a refund");
        assertThat(apply(List.of(flag, flag)).note()).as("a repeated note is kept once").isEqualTo("Wants a refund");
    }

    @Test
    @DisplayName("P04 a withheld number stays withheld; a later event with the number fills it in")
    void withheldCaller_P04() {
        CallEvent anonymous = newCall().customerNumber("anonymous");
        CallState s = apply(List.of(anonymous, hangup("cancel").customerNumber("anonymous")));
        assertThat(s.callerWithheld()).isTrue();
        assertThat(s.caller()).isNull();
        assertThat(s.outcome()).isEqualTo(Outcome.MISSED);
        assertThat(apply(List.of(anonymous, answer())).callerWithheld()).isFalse();
    }

    private static List<String> names(List<CallEvent> events) {
        return events.stream().map(CallEvent::name).toList();
    }

    private static List<List<CallEvent>> permutations(List<CallEvent> items) {
        if (items.size() <= 1) {
            return List.of(items);
        }
        List<List<CallEvent>> all = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<CallEvent> rest = new ArrayList<>(items);
            CallEvent head = rest.remove(i);
            for (List<CallEvent> tail : permutations(rest)) {
                List<CallEvent> p = new ArrayList<>(Collections.singletonList(head));
                p.addAll(tail);
                all.add(p);
            }
        }
        return all;
    }
}
