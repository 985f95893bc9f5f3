package com.cfh.supporthub.lifecycle;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.cfh.supporthub.jira.JiraQueue;
import com.cfh.supporthub.config.HubProperties;
import com.cfh.supporthub.pages.Templates;
import com.cfh.supporthub.sla.SlaColumns;
import com.cfh.supporthub.ticket.TicketJournal;
import com.cfh.supporthub.ticket.TicketStateMachine;
import com.cfh.supporthub.ticket.TicketStateMachine.Step;
import com.cfh.supporthub.ticket.TicketStatus;
import com.cfh.supporthub.ticket.TicketStore;
import com.cfh.supporthub.ticket.TicketJournal.Event;
import com.cfh.supporthub.ticket.TicketJournal.Notice;

/**
 * The work of the {@code auto-close} route (P10): closes tickets that have waited on the customer for
 * {@code hub.lifecycle.auto-close.after-days} calendar days (in the product's time zone) with no answer,
 * with an audit event and a closure notice to the requester ({@code mail.notice}); a feedback request too
 * when {@code hub.lifecycle.feedback.after-auto-close}.
 *
 * <p>"Waiting since" is {@code sla_paused_at}, set when the ticket went to WAITING_ON_CUSTOMER and cleared
 * when the customer answers. Rows are read per product through the (product, status) index in batches;
 * each is closed by a conditional UPDATE on its {@code version} and status, so a second run or a second node
 * closes nothing twice and sends no second notice.
 */
@Component("autoClose")
public class AutoClose {

    private static final Logger log = LoggerFactory.getLogger(AutoClose.class);

    /** The Jira mirror's queue (P20): the closure reaches Jira as a transition; nothing when the mirror is off. */
    private final JiraQueue jiraQueue;

    public record Result(int selected, int closed, int conflicts) {
    }

    private record Due(long id, String key, String product, long version) {
    }

    /** P10: the state machine's auto-close step (WAITING_ON_CUSTOMER → CLOSED). */
    private static final Step CLOSE = TicketStateMachine.next(TicketStatus.WAITING_ON_CUSTOMER,
            TicketStateMachine.Trigger.AUTO_CLOSE);

    private final JdbcTemplate jdbc;
    private final TicketStore store;
    private final TransactionTemplate tx;
    private final TicketJournal journal;
    private final FeedbackRequests feedback;
    private final HubProperties hub;
    private final LifecycleProperties.AutoClose config;
    private final boolean feedbackAfterAutoClose;
    private final Clock clock;
    private final Templates templates;

    public AutoClose(JdbcTemplate jdbc, PlatformTransactionManager transactions, TicketJournal journal,
                     FeedbackRequests feedback, HubProperties hub, LifecycleProperties properties, Clock clock,
                     JiraQueue jiraQueue, Templates templates, TicketStore store) {
        this.store = store;
        this.jdbc = jdbc;
        this.templates = templates;
        this.jiraQueue = jiraQueue;
        this.tx = new TransactionTemplate(transactions);
        this.journal = journal;
        this.feedback = feedback;
        this.hub = hub;
        this.config = properties.getAutoClose();
        this.feedbackAfterAutoClose = properties.getFeedback().isAfterAutoClose();
        this.clock = clock;
    }

    /** One run at the clock's current instant. */
    public Result run() {
        Instant now = clock.instant();
        int selected = 0;
        int closed = 0;
        int conflicts = 0;
        for (Map.Entry<String, HubProperties.Product> product : hub.getProducts().entrySet()) {
            Instant cutoff = now.atZone(product.getValue().getTimeZone()).minusDays(config.getAfterDays()).toInstant();
            for (int batch = 0; batch < config.getSchedule().getMaxBatches(); batch++) {
                List<Due> due = jdbc.query("SELECT id, ticket_key, product, version FROM ticket WHERE product = ? "
                                + "AND status = 'WAITING_ON_CUSTOMER' AND sla_paused_at <= ? ORDER BY sla_paused_at, id "
                                + "FETCH FIRST " + config.getSchedule().getBatchSize() + " ROWS ONLY",
                        (rs, n) -> new Due(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4)),
                        product.getKey(), SlaColumns.ts(cutoff));
                if (due.isEmpty()) {
                    break;
                }
                selected += due.size();
                int done = tx.execute(status -> close(due, now));
                closed += done;
                conflicts += due.size() - done;
                if (due.size() < config.getSchedule().getBatchSize() || done == 0) {
                    break;
                }
            }
        }
        Result result = new Result(selected, closed, conflicts);
        if (selected > 0) {
            log.info("Auto-close at {}: {}", now, result);
        }
        return result;
    }

    private int close(List<Due> due, Instant now) {
        List<Event> events = new ArrayList<>();
        List<Notice> notices = new ArrayList<>();
        int closed = 0;
        for (Due d : due) {
            int updated = store.close(d.id(), d.version(), CLOSE, now);
            if (updated == 0) {
                continue;
            }
            closed++;
            jiraQueue.statusChanged(d.id(), d.key(), CLOSE.from(), CLOSE.to(), "auto-close", now);
            events.add(new Event(d.id(), "status.changed", "auto-close", CLOSE.describe("no answer for "
                    + config.getAfterDays() + " days, P10"), now));
            Requester requester = Requester.of(jdbc, d.id());
            if (requester != null && requester.mailable()) {
                Templates.Mail mail = notice(d, now);
                notices.add(MailNotices.mail(d.id(), d.key(), requester.email(), mail.subject(), mail.text(), now));
                events.add(new Event(d.id(), "closure.notice", "auto-close", "closure notice to the requester (P10)", now));
            }
            if (feedbackAfterAutoClose) {
                feedback.onResolved(d.id(), d.key(), d.product(), now, events, notices);
            }
        }
        journal.events(events);
        journal.notices(notices);
        return closed;
    }

    /** The words of the closure notice: template {@code auto-close-notice} (docs/templates.md). */
    private Templates.Mail notice(Due d, Instant now) {
        Map<String, Object> model = new HashMap<>();
        model.put("ticketKey", d.key());
        model.put("subject", jdbc.queryForObject("SELECT subject FROM ticket WHERE id = ?", String.class, d.id()));
        model.put("afterDays", config.getAfterDays());
        model.put("closedAt", now);
        return templates.mail("auto-close-notice", d.product(), model);
    }
}
