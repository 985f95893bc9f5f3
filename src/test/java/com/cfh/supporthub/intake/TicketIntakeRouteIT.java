package com.cfh.supporthub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.cfh.supporthub.support.HubIT;
import com.cfh.supporthub.ticket.Channel;
import com.cfh.supporthub.web.ProblemException;

/** The one intake pipeline, driven through its real endpoint direct:ticket-intake as every channel does. */
class TicketIntakeRouteIT extends HubIT {

    @Autowired
    ProducerTemplate producer;

    private IntakeResult send(TicketIntake intake) {
        return producer.requestBody("direct:ticket-intake", intake, IntakeResult.class);
    }

    private static String address() {
        return "p-" + UUID.randomUUID() + "@example.com";
    }

    private static TicketIntake email(String from, String subject, String body, String messageId, String ticketRef,
                                      List<String> inReplyTo, List<Party> cc) {
        return new TicketIntake(Channel.EMAIL, "docmail", Party.ofEmail("Ann Customer", from), subject, body, cc,
                messageId, null, ticketRef, inReplyTo, Instant.parse("2026-11-20T10:00:00Z"), Map.of());
    }

    @Test
    @DisplayName("P03 P06: the same channel external id twice is one ticket; the second answer is DUPLICATE")
    void sameExternalIdTwiceIsOneTicket_P03_P06() {
        String messageId = "<" + UUID.randomUUID() + "@mail.example>";
        IntakeResult first = send(email(address(), "Printer", "It jams", messageId, null, List.of(), List.of()));
        IntakeResult again = send(email(address(), "Printer", "It jams", messageId, null, List.of(), List.of()));
        assertThat(first.outcome()).isEqualTo(IntakeOutcome.CREATED);
        assertThat(again.outcome()).isEqualTo(IntakeOutcome.DUPLICATE);
        assertThat(again.key()).isEqualTo(first.key());
        assertThat(count("SELECT COUNT(*) FROM ticket_message WHERE external_id = ?", messageId)).isEqualTo(1);
    }

    @Test
    @DisplayName("P03: a reply naming an earlier message id is attached to that ticket")
    void replyByInReplyToIsAttached_P03() {
        String original = "<" + UUID.randomUUID() + "@mail.example>";
        String from = address();
        IntakeResult first = send(email(from, "Order 42", "Where is it?", original, null, List.of(), List.of()));
        IntakeResult reply = send(email(from, "Re: Order 42", "Any news?", "<" + UUID.randomUUID() + "@mail.example>",
                null, List.of("<unknown@x>", original), List.of()));
        assertThat(reply.outcome()).isEqualTo(IntakeOutcome.ATTACHED);
        assertThat(reply.key()).isEqualTo(first.key());
        assertThat(count("SELECT COUNT(*) FROM ticket_message m JOIN ticket t ON t.id = m.ticket_id WHERE t.ticket_key = ?",
                first.key())).isEqualTo(2);
        // issue 15.5: nothing delivers a "message received", so no outbox row is written for it
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE ticket_key = ? AND event_type = 'ticket.message-received'",
                first.key())).isZero();
    }

    @Test
    @DisplayName("P03: a ticket key reference attaches the message; a key of another product does not")
    void ticketReferenceAttaches_P03() {
        IntakeResult first = send(email(address(), "Login", "Locked out", null, null, List.of(), List.of()));
        IntakeResult byKey = send(email(address(), "[" + first.key() + "] more", "Still locked", null, first.key(),
                List.of(), List.of()));
        assertThat(byKey.outcome()).isEqualTo(IntakeOutcome.ATTACHED);
        assertThat(byKey.key()).isEqualTo(first.key());

        TicketIntake otherProduct = new TicketIntake(Channel.EMAIL, "runmy", Party.ofEmail(null, address()), "x", "y",
                List.of(), null, null, first.key(), List.of(), null, Map.of());
        IntakeResult created = send(otherProduct);
        assertThat(created.outcome()).isEqualTo(IntakeOutcome.CREATED);
        assertThat(created.key()).startsWith("RUN-");
    }

    @Test
    @DisplayName("P19: a customer reply to a ticket waiting on the customer puts it back to OPEN")
    void replyToWaitingTicketReopensIt_P19() {
        IntakeResult first = send(email(address(), "Billing", "Wrong amount", null, null, List.of(), List.of()));
        jdbc.update("UPDATE ticket SET status = 'WAITING_ON_CUSTOMER' WHERE ticket_key = ?", first.key());
        IntakeResult reply = send(email(address(), "Re: Billing", "Here is the invoice", null, first.key(), List.of(),
                List.of()));
        assertThat(reply.status().name()).isEqualTo("OPEN");
        assertThat(jdbc.queryForObject("SELECT status FROM ticket WHERE ticket_key = ?", String.class, first.key()))
                .isEqualTo("OPEN");
        assertThat(count("SELECT COUNT(*) FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id "
                + "WHERE t.ticket_key = ? AND e.event_type = 'status.changed'", first.key())).isEqualTo(1);
    }

    @Test
    @DisplayName("P10: a message referring to a closed ticket opens a new ticket linked to it")
    void referenceToClosedTicketOpensLinkedTicket_P10() {
        IntakeResult first = send(email(address(), "Old", "Done long ago", null, null, List.of(), List.of()));
        jdbc.update("UPDATE ticket SET status = 'CLOSED' WHERE ticket_key = ?", first.key());
        IntakeResult next = send(email(address(), "Re: Old", "It is back", null, first.key(), List.of(), List.of()));
        assertThat(next.outcome()).isEqualTo(IntakeOutcome.CREATED);
        assertThat(next.key()).isNotEqualTo(first.key());
        assertThat(next.linkedKey()).isEqualTo(first.key());
    }

    @Test
    @DisplayName("P16: CC recipients become participants, except the support addresses and the requester")
    void ccBecomesParticipants_P16() {
        String from = address();
        String colleague = address();
        IntakeResult result = send(email(from, "Shared", "See CC", null, null, List.of(), List.of(
                Party.ofEmail("Colleague", colleague.toUpperCase()),
                Party.ofEmail("Support", "dotpost@cfh.com"),
                Party.ofEmail("Runmy support", "CustomerSupport@runmy.com"),
                Party.ofEmail("Me", from),
                Party.ofEmail("Broken", "not an address"))));
        List<String> participants = jdbc.queryForList("SELECT c.email FROM ticket_participant p "
                + "JOIN contact c ON c.id = p.contact_id JOIN ticket t ON t.id = p.ticket_id WHERE t.ticket_key = ?",
                String.class, result.key());
        assertThat(participants).containsExactly(colleague);
    }

    @Test
    @DisplayName("P06: a known requester is the same contact on every ticket")
    void requesterIsOneContact_P06() {
        String from = address();
        send(email(from, "One", "a", null, null, List.of(), List.of()));
        send(email(from.toUpperCase(), "Two", "b", null, null, List.of(), List.of()));
        assertThat(count("SELECT COUNT(*) FROM contact WHERE email = ?", from)).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM ticket t JOIN contact c ON c.id = t.requester_id WHERE c.email = ?", from))
                .isEqualTo(2);
    }

    @Test
    @DisplayName("An envelope without requester or product is refused with every invalid field")
    void invalidEnvelopeIsRefused() {
        long before = tickets();
        TicketIntake bad = new TicketIntake(null, "nope", null, null, null, null, null, null, null, null, null, null);
        assertThatThrownBy(() -> send(bad))
                .isInstanceOf(CamelExecutionException.class)
                .cause().isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).problem().errors())
                        .extracting(f -> f.field()).containsExactlyInAnyOrder("channel", "product", "requester"));
        assertThat(tickets()).isEqualTo(before);
    }

    @Test
    @DisplayName("P06: concurrent envelopes, some repeating one external id, give unique keys and one ticket per id")
    void concurrentIntakeKeepsKeysUniqueAndDedupes_P06() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        String sharedId = "<" + UUID.randomUUID() + "@mail.example>";
        try {
            List<Callable<IntakeResult>> calls = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String id = i % 10 == 0 ? sharedId : "<" + UUID.randomUUID() + "@mail.example>";
                TicketIntake intake = email(address(), "Load " + i, "body " + i, id, null, List.of(), List.of());
                calls.add(() -> send(intake));
            }
            List<IntakeResult> results = new ArrayList<>();
            for (Future<IntakeResult> f : pool.invokeAll(calls)) {
                results.add(f.get());
            }
            assertThat(results.stream().filter(r -> r.outcome() == IntakeOutcome.CREATED).map(IntakeResult::key))
                    .hasSize(181).doesNotHaveDuplicates();
            assertThat(results.stream().filter(r -> r.outcome() == IntakeOutcome.DUPLICATE)).hasSize(19);
            assertThat(count("SELECT COUNT(*) FROM ticket_message WHERE external_id = ?", sharedId)).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
