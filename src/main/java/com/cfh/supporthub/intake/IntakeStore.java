package com.cfh.supporthub.intake;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import org.springframework.stereotype.Component;

import com.cfh.supporthub.config.HubProperties;
import com.cfh.supporthub.ticket.Contact;
import com.cfh.supporthub.ticket.MessageDirection;
import com.cfh.supporthub.ticket.OutboxEntry;
import com.cfh.supporthub.ticket.Ticket;
import com.cfh.supporthub.ticket.TicketCounter;
import com.cfh.supporthub.ticket.TicketEvent;
import com.cfh.supporthub.ticket.TicketMessage;
import com.cfh.supporthub.ticket.TicketStatus;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What one envelope changes in the database, inside a transaction the {@link TicketWriter} owns:
 * dedupe again, thread, find or create contacts, number the ticket, and write ticket, message,
 * audit event and outbox entry together. Several envelopes share one {@link Batch}.
 */
@Component
public class IntakeStore {

    public static final String TICKET_CREATED = "ticket.created";
    public static final String MESSAGE_RECEIVED = "ticket.message-received";

    @PersistenceContext
    private EntityManager em;

    private final HubProperties properties;
    private final ObjectMapper objectMapper;
    private final Clock clock;

    public IntakeStore(HubProperties properties, ObjectMapper objectMapper, Clock clock) {
        this.properties = properties;
        this.objectMapper = objectMapper;
        this.clock = clock;
    }

    /** State shared by the envelopes of one transaction, so they see each other before the flush. */
    public static final class Batch {
        private final Map<String, Contact> contactsByEmail = new HashMap<>();
        private final Map<String, Contact> contactsByPhone = new HashMap<>();
        private final Map<String, TicketCounter> counters = new HashMap<>();
        private final Map<String, IntakeResult> seen = new LinkedHashMap<>();
    }

    public Batch newBatch() {
        return new Batch();
    }

    public IntakeResult store(Batch batch, TicketIntake intake, Long threadTicketId) {
        String batchKey = batchKey(intake);
        if (batchKey != null && batch.seen.containsKey(batchKey)) {
            IntakeResult earlier = batch.seen.get(batchKey);
            return new IntakeResult(IntakeOutcome.DUPLICATE, earlier.key(), earlier.product(), earlier.status(),
                    earlier.createdAt(), earlier.receivedAt(), earlier.linkedKey());
        }
        Optional<IntakeResult> duplicate = TicketLookup.findDuplicate(em, intake);
        if (duplicate.isPresent()) {
            return duplicate.get();
        }
        Instant now = clock.instant();
        Contact requester = contact(batch, intake.requester(), now);
        Ticket thread = threadTicketId == null ? null : em.find(Ticket.class, threadTicketId);
        IntakeResult result = thread != null && thread.getStatus() != TicketStatus.CLOSED
                ? attach(batch, thread, requester, intake, now)
                : create(batch, requester, intake, thread, now);
        if (batchKey != null) {
            batch.seen.put(batchKey, result);
        }
        return result;
    }

    private IntakeResult create(Batch batch, Contact requester, TicketIntake intake, Ticket closedThread, Instant now) {
        HubProperties.Product product = properties.product(intake.product()).orElseThrow();
        long number = counter(batch, intake.product()).take(1);
        Ticket ticket = new Ticket(product.getKeyPrefix() + "-" + number, intake.product(), intake.channel(),
                intake.subject(), requester, intake.receivedAt(), now);
        if (intake.idempotencyKey() != null) {
            ticket.setIdempotency(intake.idempotencyKey(), RequestHash.of(intake));
        }
        ticket.setLinkedTicket(closedThread);
        em.persist(ticket);
        addParticipants(batch, ticket, intake.participants(), now);
        em.persist(message(ticket, requester, intake, now));
        em.persist(new TicketEvent(ticket, TICKET_CREATED, requester.label(), describe(intake, closedThread), now));
        em.persist(new OutboxEntry(TICKET_CREATED, ticket, payload(TICKET_CREATED, ticket, intake), now));
        return new IntakeResult(IntakeOutcome.CREATED, ticket.getKey(), ticket.getProduct(), ticket.getStatus(),
                ticket.getCreatedAt(), ticket.getReceivedAt(), closedThread == null ? null : closedThread.getKey());
    }

    private IntakeResult attach(Batch batch, Ticket ticket, Contact author, TicketIntake intake, Instant now) {
        em.persist(message(ticket, author, intake, now));
        addParticipants(batch, ticket, intake.participants(), now);
        em.persist(new TicketEvent(ticket, "message.received", author.label(),
                "via " + intake.channel() + attributesText(intake), now));
        if (ticket.getStatus() == TicketStatus.WAITING_ON_CUSTOMER) {
            // P19: the customer answered, the ticket is back with the team
            ticket.setStatus(TicketStatus.OPEN);
            em.persist(new TicketEvent(ticket, "status.changed", author.label(),
                    "WAITING_ON_CUSTOMER -> OPEN (customer replied)", now));
        }
        ticket.touch(now);
        em.persist(new OutboxEntry(MESSAGE_RECEIVED, ticket, payload(MESSAGE_RECEIVED, ticket, intake), now));
        return new IntakeResult(IntakeOutcome.ATTACHED, ticket.getKey(), ticket.getProduct(), ticket.getStatus(),
                ticket.getCreatedAt(), ticket.getReceivedAt(), null);
    }

    private TicketMessage message(Ticket ticket, Contact author, TicketIntake intake, Instant now) {
        return new TicketMessage(ticket, MessageDirection.INBOUND, intake.channel(), author.label(), author,
                intake.body(), intake.externalId(), intake.receivedAt(), now);
    }

    private void addParticipants(Batch batch, Ticket ticket, List<Party> participants, Instant now) {
        for (Party party : participants) {
            if (isSupportAddress(party.email())) {
                continue;
            }
            ticket.addParticipant(contact(batch, party, now), now);
        }
    }

    private boolean isSupportAddress(String email) {
        return email != null && properties.getProducts().values().stream()
                .anyMatch(p -> email.equalsIgnoreCase(p.getSupportAddress()));
    }

    /** The contact with this address (else this phone number), created when new. */
    private Contact contact(Batch batch, Party party, Instant now) {
        if (party.email() != null) {
            Contact contact = batch.contactsByEmail.computeIfAbsent(party.email(), email ->
                    em.createQuery("select c from Contact c where c.email = :email", Contact.class)
                            .setParameter("email", email).setFlushMode(FlushModeType.COMMIT)
                            .getResultStream().findFirst().orElse(null));
            if (contact == null) {
                contact = new Contact(party.email(), party.phone(), party.name(), now);
                em.persist(contact);
                batch.contactsByEmail.put(party.email(), contact);
            } else {
                fillGaps(contact, party);
            }
            return contact;
        }
        String phone = party.phone();
        Contact contact = phone == null ? null : batch.contactsByPhone.computeIfAbsent(phone, p ->
                em.createQuery("select c from Contact c where c.phone = :phone order by c.id", Contact.class)
                        .setParameter("phone", p).setFlushMode(FlushModeType.COMMIT).setMaxResults(1)
                        .getResultStream().findFirst().orElse(null));
        if (contact == null) {
            contact = new Contact(null, phone, party.name(), now);
            em.persist(contact);
            if (phone != null) {
                batch.contactsByPhone.put(phone, contact);
            }
        } else {
            fillGaps(contact, party);
        }
        return contact;
    }

    private static void fillGaps(Contact contact, Party party) {
        if (contact.getDisplayName() == null && party.name() != null) {
            contact.setDisplayName(party.name());
        }
        if (contact.getPhone() == null && party.phone() != null) {
            contact.setPhone(party.phone());
        }
    }

    private TicketCounter counter(Batch batch, String product) {
        return batch.counters.computeIfAbsent(product, p -> {
            TicketCounter counter = em.find(TicketCounter.class, p, LockModeType.PESSIMISTIC_WRITE);
            if (counter == null) {
                counter = new TicketCounter(p);
                em.persist(counter);
            }
            return counter;
        });
    }

    private String payload(String event, Ticket ticket, TicketIntake intake) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("event", event);
        payload.put("ticketKey", ticket.getKey());
        payload.put("product", ticket.getProduct());
        payload.put("channel", intake.channel());
        payload.put("status", ticket.getStatus());
        payload.put("subject", ticket.getSubject());
        payload.put("requester", intake.requester());
        payload.put("externalId", intake.externalId());
        payload.put("receivedAt", intake.receivedAt());
        payload.put("occurredAt", clock.instant());
        try {
            return objectMapper.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("outbox payload of " + ticket.getKey(), e);
        }
    }

    private static String describe(TicketIntake intake, Ticket closedThread) {
        String text = "via " + intake.channel() + attributesText(intake);
        return closedThread == null ? text : text + "; continues closed ticket " + closedThread.getKey();
    }

    private static String attributesText(TicketIntake intake) {
        if (intake.attributes().isEmpty()) {
            return "";
        }
        return IntakeValidator.truncate(" " + new java.util.TreeMap<>(intake.attributes()), 3500);
    }

    private static String batchKey(TicketIntake intake) {
        if (intake.idempotencyKey() != null) {
            return intake.channel() + "|key|" + intake.idempotencyKey();
        }
        if (intake.externalId() != null) {
            return intake.channel() + "|id|" + intake.externalId();
        }
        return null;
    }
}
