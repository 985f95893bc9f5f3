package com.cfh.supporthub.api;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;

import org.apache.camel.Header;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import com.cfh.supporthub.api.TicketViews.ContactView;
import com.cfh.supporthub.api.TicketViews.EventView;
import com.cfh.supporthub.api.TicketViews.MessageView;
import com.cfh.supporthub.api.TicketViews.SlaCycleView;
import com.cfh.supporthub.api.TicketViews.SlaView;
import com.cfh.supporthub.api.TicketViews.TicketDetail;
import com.cfh.supporthub.api.TicketViews.TicketPage;
import com.cfh.supporthub.api.TicketViews.TicketSummary;
import com.cfh.supporthub.config.HubProperties;
import com.cfh.supporthub.sla.SlaClock;
import com.cfh.supporthub.sla.SlaColumns;
import com.cfh.supporthub.sla.SlaPolicy;
import com.cfh.supporthub.ticket.Contact;
import com.cfh.supporthub.ticket.Ticket;
import com.cfh.supporthub.ticket.TicketEvent;
import com.cfh.supporthub.ticket.TicketMessage;
import com.cfh.supporthub.ticket.TicketStatus;
import com.cfh.supporthub.web.FieldError;
import com.cfh.supporthub.web.ProblemException;

/** Read side of the agent API (P06): one ticket with its history, and filtered pages of tickets. */
@Component("ticketQueries")
@Transactional(readOnly = true)
public class TicketQueries {

    public static final int MAX_PAGE_SIZE = 100;

    @PersistenceContext
    private EntityManager em;

    private final HubProperties properties;
    private final JdbcTemplate jdbc;
    private final SlaPolicy slaPolicy;
    private final Clock clock;

    public TicketQueries(HubProperties properties, JdbcTemplate jdbc, SlaPolicy slaPolicy, Clock clock) {
        this.properties = properties;
        this.jdbc = jdbc;
        this.slaPolicy = slaPolicy;
        this.clock = clock;
    }

    public TicketDetail get(@Header("key") String key) {
        List<Ticket> found = em.createQuery(
                        "select t from Ticket t join fetch t.requester left join fetch t.organisation "
                                + "where t.key = :key", Ticket.class)
                .setParameter("key", key == null ? "" : key.toUpperCase(Locale.ROOT))
                .getResultList();
        if (found.isEmpty()) {
            throw ProblemException.notFound("No ticket " + key + ".");
        }
        Ticket t = found.get(0);
        List<ContactView> participants = t.getParticipants().stream().map(p -> contact(p.getContact())).toList();
        List<MessageView> messages = em.createQuery(
                        "select m from TicketMessage m where m.ticket = :t order by m.createdAt, m.id", TicketMessage.class)
                .setParameter("t", t).getResultStream()
                .map(m -> new MessageView(m.getId(), m.getDirection().name(), m.getChannel().name(), m.getAuthor(),
                        m.getBody(), m.getExternalId(), m.getReceivedAt(), m.getCreatedAt()))
                .toList();
        List<EventView> events = em.createQuery(
                        "select e from TicketEvent e where e.ticket = :t order by e.occurredAt, e.id", TicketEvent.class)
                .setParameter("t", t).getResultStream()
                .map(e -> new EventView(e.getType(), e.getActor(), e.getDetail(), e.getOccurredAt()))
                .toList();
        return new TicketDetail(t.getKey(), t.getProduct(), t.getChannel().name(), t.getStatus().name(),
                t.getPriority().name(), t.getTier().name(), t.getAssignee(), t.getSubject(), contact(t.getRequester()),
                t.getOrganisation() == null ? null : t.getOrganisation().getName(), participants,
                t.getLinkedTicket() == null ? null : t.getLinkedTicket().getKey(), t.getJiraKey(),
                t.getReceivedAt(), t.getCreatedAt(), t.getUpdatedAt(), t.getFirstResponseAt(), t.getResolvedAt(),
                t.getClosedAt(), sla(t), messages, events);
    }

    public TicketPage list(@Header("product") String product, @Header("status") String status,
                           @Header("page") String page, @Header("size") String size) {
        int pageNo = number("page", page, 0, 0, Integer.MAX_VALUE);
        int pageSize = number("size", size, 20, 1, MAX_PAGE_SIZE);
        if (product != null && !product.isBlank() && properties.product(product).isEmpty()) {
            throw ProblemException.invalid("Unknown product.", List.of(new FieldError("product",
                    "must be one of " + properties.getProducts().keySet())));
        }
        TicketStatus statusFilter = null;
        if (status != null && !status.isBlank()) {
            try {
                statusFilter = TicketStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalid("Unknown status.", List.of(new FieldError("status",
                        "must be one of " + Arrays.toString(TicketStatus.values()))));
            }
        }
        String productFilter = product == null || product.isBlank() ? null : product;
        StringBuilder where = new StringBuilder(" where 1 = 1");
        if (productFilter != null) {
            where.append(" and t.product = :product");
        }
        if (statusFilter != null) {
            where.append(" and t.status = :status");
        }
        TypedQuery<Long> count = em.createQuery("select count(t) from Ticket t" + where, Long.class);
        TypedQuery<Ticket> items = em.createQuery("select t from Ticket t join fetch t.requester" + where
                + " order by t.createdAt desc, t.id desc", Ticket.class);
        for (TypedQuery<?> q : List.of(count, items)) {
            if (productFilter != null) {
                q.setParameter("product", productFilter);
            }
            if (statusFilter != null) {
                q.setParameter("status", statusFilter);
            }
        }
        List<TicketSummary> summaries = items.setFirstResult(pageNo * pageSize).setMaxResults(pageSize)
                .getResultStream()
                .map(t -> new TicketSummary(t.getKey(), t.getProduct(), t.getChannel().name(), t.getStatus().name(),
                        t.getPriority().name(), t.getTier().name(), t.getAssignee(), t.getSubject(),
                        contact(t.getRequester()), t.getReceivedAt(), t.getCreatedAt(), t.getUpdatedAt()))
                .toList();
        return new TicketPage(summaries, pageNo, pageSize, count.getSingleResult());
    }

    private SlaView sla(Ticket t) {
        SlaClock.State state = jdbc.query("SELECT " + SlaColumns.SELECT + " FROM ticket WHERE id = ?",
                rs -> rs.next() ? SlaColumns.read(rs) : null, t.getId());
        if (state == null || state.firstResponseDue == null || state.resolutionDue == null) {
            return new SlaView(null, null, List.of(), t.getEscalationLevel());
        }
        SlaClock clock = slaPolicy.clock(t.getProduct());
        Instant now = this.clock.instant();
        List<SlaCycleView> completed = jdbc.query("SELECT cycle, goal_min, started_at, due_at, paused_min, met_at, "
                        + "breached_at, closed_at FROM sla_cycle_history WHERE ticket_id = ? AND kind = 'RESOLUTION' "
                        + "ORDER BY cycle", (rs, n) -> view(clock.completedView(new SlaClock.CompletedCycle(
                        rs.getInt("cycle"), rs.getInt("goal_min"), SlaColumns.instant(rs, "started_at"),
                        SlaColumns.instant(rs, "due_at"), rs.getInt("paused_min"), SlaColumns.instant(rs, "met_at"),
                        SlaColumns.instant(rs, "breached_at")), SlaColumns.instant(rs, "closed_at"))),
                t.getId());
        return new SlaView(view(clock.firstResponseView(state, now)), view(clock.resolutionView(state, now)), completed,
                t.getEscalationLevel());
    }

    private static SlaCycleView view(SlaClock.CycleView c) {
        return new SlaCycleView(c.kind(), c.cycle(), c.goal().toString(), c.start(), c.due(), c.elapsed().toString(),
                c.remaining().toString(), c.paused(), c.atRisk(), c.breached(), c.metAt());
    }

    private static ContactView contact(Contact c) {
        return new ContactView(c.getId(), c.getDisplayName(), c.getEmail(), c.getPhone());
    }

    private static int number(String field, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ProblemException.invalid("Invalid paging.", List.of(new FieldError(field,
                "must be a whole number from " + min + " to " + max)));
    }
}
