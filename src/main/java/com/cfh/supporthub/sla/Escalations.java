package com.cfh.supporthub.sla;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.cfh.supporthub.config.HubProperties;
import com.cfh.supporthub.pages.Templates;
import com.cfh.supporthub.ticket.TicketJournal;
import com.cfh.supporthub.ticket.TicketJournal.Event;
import com.cfh.supporthub.ticket.TicketJournal.Notice;
import com.cfh.supporthub.ticket.TicketStatus;
import com.cfh.supporthub.ticket.Tier;
import com.cfh.supporthub.ticket.TicketStore;

/**
 * The work of the {@code escalation} route, the ladder of P09: a first-response breach moves the
 * ticket to tier 2; a resolution cycle at risk moves it to tier 2; a resolution breach puts it
 * under managerial oversight. Each step happens once per ticket (first response) or once per
 * ticket and resolution cycle, is recorded as an audit event, and queues an {@code escalation.notice}
 * in the outbox for the tier's configured address, held until the next opening of the product's
 * business calendar unless {@code hub.escalation.notify-outside-hours} is true.
 *
 * <p>Reads only tickets the SLA sweep marked ({@code escalation_due_at}, indexed) in bounded batches,
 * and updates a ticket only at the version it read, so two runs or two nodes never take a step twice.
 */
@Component("escalations")
public class Escalations {

    private static final Logger log = LoggerFactory.getLogger(Escalations.class);

    /** A rung of the ladder. */
    public enum Step {
        FIRST_RESPONSE_BREACHED(Tier.TIER2), RESOLUTION_AT_RISK(Tier.TIER2), RESOLUTION_BREACHED(Tier.MANAGER);

        final Tier tier;

        Step(Tier tier) {
            this.tier = tier;
        }
    }

    public record Result(int batches, int selected, int escalated, int steps, int conflicts) {
    }

    private record Due(long id, String key, String product, String subject, TicketStatus status, Tier tier,
                       int level, long version, Instant firstResponseDue, Instant firstResponseBreachedAt,
                       Instant escalatedFirstResponseAt, int cycle, Instant resolutionDue, Instant resolutionAtRiskAt,
                       Instant resolutionBreachedAt, Integer escalatedRiskCycle, Integer escalatedBreachCycle) {
    }

    private final JdbcTemplate jdbc;
    /** The one writer of the ticket's tables. */
    private final TicketStore store;
    private final TransactionTemplate tx;
    private final SlaPolicy policy;
    private final TicketJournal journal;
    private final HubProperties.Escalation config;
    private final Clock clock;
    private final Templates templates;

    public Escalations(JdbcTemplate jdbc, PlatformTransactionManager transactions, SlaPolicy policy,
                       TicketJournal journal, HubProperties properties, Clock clock, Templates templates, TicketStore store) {
        this.store = store;
        this.jdbc = jdbc;
        this.templates = templates;
        this.tx = new TransactionTemplate(transactions);
        this.policy = policy;
        this.journal = journal;
        this.config = properties.getEscalation();
        this.clock = clock;
    }

    public Result run() {
        Instant now = clock.instant();
        HubProperties.Schedule schedule = config.getSchedule();
        int batches = 0;
        int selected = 0;
        int escalated = 0;
        int steps = 0;
        int conflicts = 0;
        while (batches < schedule.getMaxBatches()) {
            List<Due> due = jdbc.query("SELECT id, ticket_key, product, subject, status, tier, escalation_level, version, "
                    + "first_response_due, first_response_breached_at, escalated_first_response_at, resolution_cycle, "
                    + "resolution_due, resolution_at_risk_at, resolution_breached_at, escalated_risk_cycle, "
                    + "escalated_breach_cycle FROM ticket WHERE escalation_due_at <= ? "
                    + "ORDER BY escalation_due_at, id FETCH FIRST " + schedule.getBatchSize() + " ROWS ONLY",
                    (rs, n) -> new Due(rs.getLong("id"), rs.getString("ticket_key"), rs.getString("product"),
                            rs.getString("subject"), TicketStatus.valueOf(rs.getString("status")),
                            Tier.valueOf(rs.getString("tier")), rs.getInt("escalation_level"), rs.getLong("version"),
                            SlaColumns.instant(rs, "first_response_due"),
                            SlaColumns.instant(rs, "first_response_breached_at"),
                            SlaColumns.instant(rs, "escalated_first_response_at"), rs.getInt("resolution_cycle"),
                            SlaColumns.instant(rs, "resolution_due"), SlaColumns.instant(rs, "resolution_at_risk_at"),
                            SlaColumns.instant(rs, "resolution_breached_at"),
                            (Integer) rs.getObject("escalated_risk_cycle", Integer.class),
                            (Integer) rs.getObject("escalated_breach_cycle", Integer.class)),
                    SlaColumns.ts(now));
            if (due.isEmpty()) {
                break;
            }
            batches++;
            selected += due.size();
            int[] counts = tx.execute(status -> escalate(due, now));
            escalated += counts[0];
            steps += counts[1];
            conflicts += counts[2];
            if (due.size() < schedule.getBatchSize() || counts[0] + counts[3] == 0) {
                break;
            }
        }
        Result result = new Result(batches, selected, escalated, steps, conflicts);
        if (steps > 0 || conflicts > 0) {
            log.info("Escalation at {}: {}", now, result);
        }
        return result;
    }

    /** Returns {tickets escalated, steps taken, conflicts, rows cleared without a step}. */
    private int[] escalate(List<Due> due, Instant now) {
        List<TicketStore.Escalation> updates = new ArrayList<>(due.size());
        List<List<Step>> taken = new ArrayList<>(due.size());
        for (Due d : due) {
            List<Step> steps = new ArrayList<>();
            boolean live = d.status() != TicketStatus.RESOLVED && d.status() != TicketStatus.CLOSED;
            if (live && d.firstResponseBreachedAt() != null && d.escalatedFirstResponseAt() == null) {
                steps.add(Step.FIRST_RESPONSE_BREACHED);
            }
            if (live && d.resolutionAtRiskAt() != null
                    && (d.escalatedRiskCycle() == null || d.escalatedRiskCycle() < d.cycle())) {
                steps.add(Step.RESOLUTION_AT_RISK);
            }
            if (live && d.resolutionBreachedAt() != null
                    && (d.escalatedBreachCycle() == null || d.escalatedBreachCycle() < d.cycle())) {
                steps.add(Step.RESOLUTION_BREACHED);
            }
            Tier tier = d.tier();
            int level = d.level();
            for (Step s : steps) {
                if (s.tier.ordinal() > tier.ordinal()) {
                    tier = s.tier;
                }
                level = Math.max(level, s.tier.ordinal());
            }
            taken.add(steps);
            updates.add(new TicketStore.Escalation(d.id(), d.version(), tier.name(), level,
                    steps.contains(Step.FIRST_RESPONSE_BREACHED) ? now : d.escalatedFirstResponseAt(),
                    steps.contains(Step.RESOLUTION_AT_RISK) ? (Integer) d.cycle() : d.escalatedRiskCycle(),
                    steps.contains(Step.RESOLUTION_BREACHED) ? (Integer) d.cycle() : d.escalatedBreachCycle()));
        }
        int[] counts = store.escalate(updates, now);
        List<Event> events = new ArrayList<>();
        List<Notice> notices = new ArrayList<>();
        int escalated = 0;
        int conflicts = 0;
        int cleared = 0;
        for (int i = 0; i < due.size(); i++) {
            Due d = due.get(i);
            if (counts[i] == 0) {
                conflicts++;
                continue;
            }
            if (taken.get(i).isEmpty()) {
                cleared++;
                continue;
            }
            escalated++;
            Tier from = d.tier();
            for (Step step : taken.get(i)) {
                String to = config.address(d.product(), step.tier).orElse(null);
                String detail = describe(step, d) + "; " + from + " -> " + (step.tier.ordinal() > from.ordinal() ? step.tier : from)
                        + (to == null ? "; no address configured for " + step.tier : "; notice to " + to);
                events.add(new Event(d.id(), "escalation." + step.name().toLowerCase().replace('_', '-'),
                        "escalation", detail, now));
                if (step.tier.ordinal() > from.ordinal()) {
                    from = step.tier;
                }
                if (to != null) {
                    notices.add(notice(d, step, to, now));
                }
            }
        }
        journal.events(events);
        journal.notices(notices);
        return new int[] {escalated, events.size(), conflicts, cleared};
    }

    private Notice notice(Due d, Step step, String to, Instant now) {
        BusinessCalendar calendar = policy.calendar(d.product());
        Instant available = config.isNotifyOutsideHours() ? now : calendar.nextOpening(now);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("event", "escalation.notice");
        payload.put("ticketKey", d.key());
        payload.put("product", d.product());
        payload.put("step", step.name());
        payload.put("tier", step.tier.name());
        payload.put("to", to);
        Templates.Mail mail = mail(d, step);
        payload.put("subject", mail.subject());
        payload.put("text", mail.text());
        payload.put("occurredAt", now);
        return new Notice(d.id(), d.key(), "escalation.notice", payload, available, now).toStaff();
    }

    /** The words of the notice: template {@code escalation-notice} (docs/templates.md). */
    private Templates.Mail mail(Due d, Step step) {
        Map<String, Object> model = new HashMap<>();
        model.put("ticketKey", d.key());
        model.put("subject", d.subject());
        model.put("step", Map.of(step.name(), true));
        model.put("cycle", d.cycle());
        model.put("firstResponseDue", d.firstResponseDue());
        model.put("resolutionDue", d.resolutionDue());
        model.put("tier", step.tier.name());
        model.put("tierLabel", label(step.tier));
        return templates.mail("escalation-notice", d.product(), model);
    }

    private static String describe(Step step, Due d) {
        return switch (step) {
            case FIRST_RESPONSE_BREACHED -> "First response was due " + d.firstResponseDue() + " (P07)";
            case RESOLUTION_AT_RISK -> "Resolution cycle " + d.cycle() + " is at risk, due " + d.resolutionDue() + " (P08)";
            case RESOLUTION_BREACHED -> "Resolution cycle " + d.cycle() + " was due " + d.resolutionDue() + " (P08)";
        };
    }

    private static String label(Tier tier) {
        return switch (tier) {
            case TIER1 -> "tier 1";
            case TIER2 -> "tier 2";
            case MANAGER -> "managerial oversight";
        };
    }
}
