package com.cfh.supporthub.api;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.apache.camel.Header;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import com.cfh.supporthub.agent.AgentDirectory;
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
import com.cfh.supporthub.security.AgentHeaderFilter;
import com.cfh.supporthub.ticket.Channel;
import com.cfh.supporthub.ticket.Contact;
import com.cfh.supporthub.ticket.Ticket;
import com.cfh.supporthub.ticket.TicketEvent;
import com.cfh.supporthub.ticket.TicketMessage;
import com.cfh.supporthub.ticket.TicketStatus;
import com.cfh.supporthub.ticket.Tier;
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

    private final AgentDirectory agents;

    public TicketQueries(HubProperties properties, JdbcTemplate jdbc, SlaPolicy slaPolicy, Clock clock,
                         AgentDirectory agents) {
        this.agents = agents;
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

    /** Values of {@code sort}: newest first (the default) or the next due instant first. */
    public static final List<String> SORTS = List.of("created", "due");
    public static final int MAX_QUERY = 200;

    /**
     * A page of tickets, filtered (issue 16.2): product, status, assignee (a username, {@code me}, {@code none}),
     * channel, tier, atRisk and breached (as the SLA sweep marked the current cycle), q (part of the key, the
     * subject, the requester's name or address, any case), sorted newest first or by {@code sort=due}: the
     * pending first-response due instant, else the resolution due instant, earliest first. Plain JDBC with
     * bound parameters only; a bad value is 422 naming the parameter.
     */
    public TicketPage list(@Header("product") String product, @Header("status") String status,
                           @Header("page") String page, @Header("size") String size,
                           @Header("assignee") String assignee, @Header("channel") String channel,
                           @Header("tier") String tier, @Header("atRisk") String atRisk,
                           @Header("breached") String breached, @Header("q") String q, @Header("sort") String sort,
                           @Header(AgentHeaderFilter.HEADER) String agent) {
        int pageNo = number("page", page, 0, 0, Integer.MAX_VALUE / MAX_PAGE_SIZE);
        int pageSize = number("size", size, 20, 1, MAX_PAGE_SIZE);
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (given(product)) {
            if (properties.product(product.trim()).isEmpty()) {
                throw ProblemException.invalid("Unknown product.", List.of(new FieldError("product",
                        "must be one of " + properties.getProducts().keySet())));
            }
            where.append(" AND t.product = ?");
            args.add(product.trim());
        }
        if (given(status)) {
            where.append(" AND t.status = ?");
            args.add(value(TicketStatus.class, "status", status).name());
        }
        if (given(channel)) {
            where.append(" AND t.channel = ?");
            args.add(value(Channel.class, "channel", channel).name());
        }
        if (given(tier)) {
            where.append(" AND t.tier = ?");
            args.add(value(Tier.class, "tier", tier).name());
        }
        if (given(assignee)) {
            String who = assignee.trim();
            if ("none".equalsIgnoreCase(who)) {
                where.append(" AND t.assignee IS NULL");
            } else {
                if ("me".equalsIgnoreCase(who)) {
                    who = agent;
                } else if (!agents.exists(who)) {
                    throw ProblemException.invalid("Unknown assignee.", List.of(new FieldError("assignee",
                            "must be an agent account's username, me or none")));
                }
                where.append(" AND t.assignee = ?");
                args.add(who);
            }
        }
        Boolean risk = bool("atRisk", atRisk);
        if (risk != null) {
            where.append(risk ? " AND (" : " AND NOT (").append(AT_RISK).append(")");
        }
        Boolean missed = bool("breached", breached);
        if (missed != null) {
            where.append(missed ? " AND (" : " AND NOT (").append(BREACHED).append(")");
        }
        if (q != null && !q.isBlank()) {
            String text = q.strip().toLowerCase(Locale.ROOT);
            if (text.length() > MAX_QUERY) {
                throw ProblemException.invalid("The search text is too long.", List.of(new FieldError("q",
                        "at most " + MAX_QUERY + " characters")));
            }
            String like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            // one branch per indexed column, so PostgreSQL uses each trigram index (an OR across the requester's
            // table would scan every ticket); HSQLDB scans either way
            where.append(" AND t.id IN (SELECT s.id FROM ticket s WHERE LOWER(s.ticket_key) LIKE ? ESCAPE '\\'"
                    + " UNION SELECT s.id FROM ticket s WHERE LOWER(s.subject) LIKE ? ESCAPE '\\'"
                    + " UNION SELECT s.id FROM ticket s JOIN contact c2 ON c2.id = s.requester_id"
                    + " WHERE LOWER(c2.display_name) LIKE ? ESCAPE '\\' OR LOWER(c2.email) LIKE ? ESCAPE '\\')");
            args.addAll(List.of(like, like, like, like));
        }
        String order;
        if (!given(sort) || "created".equalsIgnoreCase(sort.trim())) {
            order = " ORDER BY t.created_at DESC, t.id DESC";
        } else if ("due".equalsIgnoreCase(sort.trim())) {
            order = " ORDER BY " + NEXT_DUE + " ASC NULLS LAST, t.id ASC";
        } else {
            throw ProblemException.invalid("Unknown sort.", List.of(new FieldError("sort", "must be one of " + SORTS)));
        }
        Long total = jdbc.queryForObject("SELECT COUNT(*) FROM ticket t" + where, Long.class, args.toArray());
        List<Object> pageArgs = new ArrayList<>(args);
        pageArgs.add(pageSize);
        pageArgs.add((long) pageNo * pageSize);
        List<TicketSummary> summaries = jdbc.query("SELECT t.ticket_key, t.product, t.channel, t.status, t.priority, "
                + "t.tier, t.assignee, t.subject, c.id AS contact_id, c.display_name, c.email, c.phone, t.received_at, "
                + "t.created_at, t.updated_at, " + NEXT_DUE + " AS next_due, CASE WHEN " + AT_RISK
                + " THEN 1 ELSE 0 END AS at_risk, CASE WHEN " + BREACHED + " THEN 1 ELSE 0 END AS breached "
                + "FROM ticket t JOIN contact c ON c.id = t.requester_id" + where + order + " LIMIT ? OFFSET ?",
                (rs, n) -> new TicketSummary(rs.getString("ticket_key"), rs.getString("product"), rs.getString("channel"),
                        rs.getString("status"), rs.getString("priority"), rs.getString("tier"), rs.getString("assignee"),
                        rs.getString("subject"), new ContactView(rs.getLong("contact_id"), rs.getString("display_name"),
                                rs.getString("email"), rs.getString("phone")),
                        SlaColumns.instant(rs, "received_at"), SlaColumns.instant(rs, "created_at"),
                        SlaColumns.instant(rs, "updated_at"), SlaColumns.instant(rs, "next_due"),
                        rs.getInt("at_risk") == 1, rs.getInt("breached") == 1),
                pageArgs.toArray());
        return new TicketPage(summaries, pageNo, pageSize, total == null ? 0 : total);
    }

    /** A target of the current cycles is at risk (the sweep marked it) and neither met nor breached yet. */
    static final String AT_RISK = "(t.first_response_at IS NULL AND t.first_response_at_risk_at IS NOT NULL "
            + "AND t.first_response_breached_at IS NULL) OR (t.resolution_met_at IS NULL "
            + "AND t.resolution_at_risk_at IS NOT NULL AND t.resolution_breached_at IS NULL)";
    /** A target of the current cycles was missed: the first response, or the current resolution cycle. */
    static final String BREACHED = "t.first_response_breached_at IS NOT NULL OR t.resolution_breached_at IS NOT NULL";
    /** What is due next: the first response while there is none, else the current resolution cycle (if not met). */
    static final String NEXT_DUE = "CASE WHEN t.first_response_at IS NULL AND t.first_response_due IS NOT NULL "
            + "THEN t.first_response_due WHEN t.resolution_met_at IS NULL THEN t.resolution_due END";

    private static boolean given(String value) {
        return value != null && !value.isBlank();
    }

    private static <E extends Enum<E>> E value(Class<E> type, String field, String value) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("Unknown " + field + ".", List.of(new FieldError(field,
                    "must be one of " + Arrays.toString(type.getEnumConstants()))));
        }
    }

    private static Boolean bool(String field, String value) {
        if (!given(value)) {
            return null;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ProblemException.invalid("Invalid " + field + ".", List.of(new FieldError(field,
                    "must be true or false")));
        };
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
