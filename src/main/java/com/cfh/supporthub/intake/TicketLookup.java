package com.cfh.supporthub.intake;

import java.util.List;
import java.util.Optional;

import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.PersistenceContext;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.cfh.supporthub.ticket.Ticket;
import com.cfh.supporthub.ticket.TicketMessage;
import com.cfh.supporthub.web.ProblemException;

/**
 * Read steps of the intake pipeline: finding an exact duplicate and the ticket an envelope
 * continues. The writer repeats both inside its transaction, so a race between two requests
 * still ends in one ticket.
 */
@Component("ticketLookup")
public class TicketLookup {

    @PersistenceContext
    private EntityManager em;

    private final TransactionTemplate readOnly;

    public TicketLookup(PlatformTransactionManager transactionManager) {
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
    }

    /** The earlier result when this envelope was already taken in, else {@code null}. */
    public IntakeResult findDuplicate(TicketIntake intake) {
        if (intake.idempotencyKey() == null && intake.externalId() == null) {
            return null; // nothing to match on: no database round trip
        }
        return readOnly.execute(s -> findDuplicate(em, intake).orElse(null));
    }

    /** The id of the ticket the envelope refers to (ticket key first, then replied-to ids), else {@code null}. */
    public Long resolveThread(TicketIntake intake) {
        if (!intake.references()) {
            return null;
        }
        return readOnly.execute(s -> resolveThread(em, intake).map(Ticket::getId).orElse(null));
    }

    static Optional<IntakeResult> findDuplicate(EntityManager em, TicketIntake intake) {
        if (intake.idempotencyKey() != null) {
            List<Ticket> found = em.createQuery(
                            "select t from Ticket t where t.channel = :channel and t.idempotencyKey = :key", Ticket.class)
                    .setParameter("channel", intake.channel())
                    .setParameter("key", intake.idempotencyKey())
                    .setFlushMode(FlushModeType.COMMIT)
                    .getResultList();
            if (!found.isEmpty()) {
                Ticket ticket = found.get(0);
                if (!RequestHash.of(intake).equals(ticket.getRequestHash())) {
                    throw ProblemException.unprocessable("idempotency-key-reused", "Idempotency-Key reused",
                            "Idempotency-Key '" + intake.idempotencyKey() + "' was already used for a different request ("
                                    + ticket.getKey() + "); use a new key for a new request.");
                }
                return Optional.of(duplicate(ticket));
            }
        }
        if (intake.externalId() != null) {
            List<TicketMessage> found = em.createQuery(
                            "select m from TicketMessage m join fetch m.ticket "
                                    + "where m.channel = :channel and m.externalId = :id", TicketMessage.class)
                    .setParameter("channel", intake.channel())
                    .setParameter("id", intake.externalId())
                    .setFlushMode(FlushModeType.COMMIT)
                    .getResultList();
            if (!found.isEmpty()) {
                return Optional.of(duplicate(found.get(0).getTicket()));
            }
        }
        return Optional.empty();
    }

    static Optional<Ticket> resolveThread(EntityManager em, TicketIntake intake) {
        if (intake.ticketReference() != null) {
            List<Ticket> byKey = em.createQuery(
                            "select t from Ticket t where t.key = :key and t.product = :product", Ticket.class)
                    .setParameter("key", intake.ticketReference())
                    .setParameter("product", intake.product())
                    .setFlushMode(FlushModeType.COMMIT)
                    .getResultList();
            if (!byKey.isEmpty()) {
                return Optional.of(byKey.get(0));
            }
        }
        for (String id : intake.inReplyTo()) {
            List<Ticket> byMessage = em.createQuery(
                            "select m.ticket from TicketMessage m where m.externalId = :id "
                                    + "and m.ticket.product = :product", Ticket.class)
                    .setParameter("id", id)
                    .setParameter("product", intake.product())
                    .setMaxResults(1)
                    .setFlushMode(FlushModeType.COMMIT)
                    .getResultList();
            if (!byMessage.isEmpty()) {
                return Optional.of(byMessage.get(0));
            }
        }
        return Optional.empty();
    }

    static IntakeResult duplicate(Ticket ticket) {
        return new IntakeResult(IntakeOutcome.DUPLICATE, ticket.getKey(), ticket.getProduct(), ticket.getStatus(),
                ticket.getCreatedAt(), ticket.getReceivedAt(),
                ticket.getLinkedTicket() == null ? null : ticket.getLinkedTicket().getKey());
    }
}
