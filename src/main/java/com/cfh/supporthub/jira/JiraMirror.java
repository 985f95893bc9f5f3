package com.cfh.supporthub.jira;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.cfh.supporthub.jira.JiraHttp.JiraResponse;
import com.cfh.supporthub.jira.JiraProperties.Mode;
import com.cfh.supporthub.jira.JiraRequests.JiraRequest;
import com.cfh.supporthub.jira.JiraRetryPolicy.Kind;
import com.cfh.supporthub.jira.JiraRetryPolicy.Verdict;
import com.cfh.supporthub.outbox.Destinations;
import com.cfh.supporthub.outbox.OutboxPolicy;
import com.cfh.supporthub.sla.SlaColumns;
import com.cfh.supporthub.ticket.TicketStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The steps of the {@code outbox-jira-deliver} route (P20, routes/jira-mirror.camel.yaml): claim → split →
 * send → mark the outbox's {@code jira} rows, per ticket in the order they were written, each once. The route
 * keeps a {@link Run} in the exchange property {@code jiraRun}; the per-kind dispatch is {@code deliver(Row)}.
 *
 * <p>A run takes at most {@code hub.outbox.destinations.jira.batch-size} due rows, each the oldest undelivered
 * row of its ticket (a comment or transition also needs the ticket's Jira key, so it waits for the
 * create). A row is claimed with a conditional update that moves its {@code available_at} one lease
 * ahead, so on several nodes each row goes to one of them, and a node that dies mid-call loses its
 * claim when the lease ends. Failures follow {@link JiraRetryPolicy} (backoff and attempts: {@link OutboxPolicy});
 * the destination's circuit ({@link OutboxPolicy.Circuit}) stops calls
 * while Jira is down. A retried create first searches for the ticket's label, a retried comment for
 * its row's comment property, so neither is made twice.
 */
@Component("jiraMirror")
public class JiraMirror {

    private static final Logger log = LoggerFactory.getLogger(JiraMirror.class);

    /** What one run did. */
    public record Result(int claimed, int delivered, int retried, int dead, boolean circuitOpen) {
    }

    /** A due row; {@code attempts} counts this attempt once claimed. */
    public record Row(long id, long ticketId, String ticketKey, String kind, String payload, int attempts, String jiraKey) {
    }

    /** How a row's delivery ended: DONE (ref: issue key or comment id), SKIPPED, or a failed call. */
    public record Step(String status, String ref, JiraResponse failure, String note) {
        static Step delivered(String ref) { return new Step("DONE", ref, null, null); }
        static Step skipped(String note) { return new Step("SKIPPED", null, null, note); }
        static Step failed(JiraResponse response) { return new Step(null, null, response, null); }
        static Step invalid(String note) { return new Step("FAILED", null, null, note); }
    }

    /** A call's answer as JSON, or the failure that stops the row. */
    private record Answer(JsonNode json, Step failure) {
    }

    private final JiraProperties properties;
    private final JiraRequests requests;
    private final JiraHttp http;
    private final JdbcTemplate jdbc;
    /** Records the Jira key on the ticket: the one writer of the ticket table. */
    private final TicketStore ticketStore;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final Clock clock;
    private final JiraRetryPolicy policy;
    private final OutboxPolicy.Circuit circuit;
    private final OutboxPolicy outbox;
    private final Counter delivered;
    private final Counter retried;
    private final Counter dead;

    public JiraMirror(JiraProperties properties, JiraRequests requests, JiraHttp http, JdbcTemplate jdbc,
                      PlatformTransactionManager transactions, ObjectMapper json, Clock clock, MeterRegistry meters,
                      OutboxPolicy outbox, TicketStore ticketStore) {
        this.ticketStore = ticketStore;
        this.properties = properties;
        this.requests = requests;
        this.http = http;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.json = json;
        this.clock = clock;
        if (properties.isEnabled() && (properties.getBaseUrl() == null || properties.getBaseUrl().isBlank())) {
            throw new IllegalStateException("hub.jira.enabled is true but hub.jira.base-url (HUB_JIRA_BASE_URL) is empty");
        }
        this.outbox = outbox;
        this.policy = new JiraRetryPolicy(outbox.settings(Destinations.JIRA));
        this.circuit = outbox.circuit(Destinations.JIRA);
        this.delivered = Counter.builder("hub.jira.deliveries").tag("outcome", "delivered")
                .description("Jira mirror rows delivered (or skipped: nothing to send)").register(meters);
        this.retried = Counter.builder("hub.jira.deliveries").tag("outcome", "retried")
                .description("Jira mirror attempts that failed and will be retried").register(meters);
        this.dead = Counter.builder("hub.jira.deliveries").tag("outcome", "dead")
                .description("Jira mirror rows that became dead letters").register(meters);
        Gauge.builder("hub.jira.outbox", this, m -> m.count("PENDING")).tag("status", "pending")
                .description("Jira mirror rows waiting for delivery").register(meters);
        Gauge.builder("hub.jira.outbox", this, m -> m.count("FAILED")).tag("status", "dead")
                .description("Jira mirror dead letters").register(meters);
        Gauge.builder("hub.jira.circuit.open", circuit, c -> c.state(clock.instant()) == OutboxPolicy.State.OPEN ? 1 : 0)
                .description("1 while the Jira circuit breaker is open on this node").register(meters);
    }

    public OutboxPolicy.Circuit circuit() {
        return circuit;
    }

    /**
     * What one run of the {@code outbox-jira-deliver} route has done so far; the route keeps it in the exchange
     * property {@code jiraRun} ({@link #start()}), the steps count into it and {@link #result(Run)} reports it.
     */
    public static final class Run {
        private int claimed;
        private int delivered;
        private int retried;
        private int dead;
        /** Whether the last batch ended a row (DONE, SKIPPED or FAILED): the next batch may find that ticket's next row. */
        private boolean progress = true;
    }

    /** A claimed row and the token of this claim. */
    public record Claimed(Row row, String token) {
    }

    /** A row's send: how it ended, or the failed call and the retry policy's verdict on it. */
    public record Sent(Claimed claimed, Step step, Verdict verdict) {
    }

    /** Start of a run (the route's first step). */
    public Run start() {
        return new Run();
    }

    /**
     * Whether the route claims another batch: the last one ended a row (so a ticket's next row may now be due), the
     * run's budget ({@code batch-size} rows) is not spent and the circuit allows. Retries wait in the future, so a
     * batch without an ending ends the run.
     */
    public boolean again(Run run) {
        return properties.isEnabled() && run.progress && run.claimed < budget() && circuit.allows(clock.instant());
    }

    /**
     * Claim: the oldest undelivered row of each ticket that is due (a comment or transition also needs the ticket's
     * Jira key, so it waits for the create), at most the run's remaining budget, one row only while the circuit is
     * half open (the trial). Each is claimed with a conditional update that moves its {@code available_at} one lease
     * ahead, so on several nodes each row goes to one of them.
     */
    public List<Claimed> claim(Run run) {
        run.progress = false;
        Instant now = clock.instant();
        if (!properties.isEnabled() || !circuit.allows(now)) {
            return List.of();
        }
        int limit = circuit.state(now) == OutboxPolicy.State.HALF_OPEN ? 1 : budget() - run.claimed;
        List<Claimed> batch = new ArrayList<>();
        for (Row row : due(now, limit)) {
            String token = UUID.randomUUID().toString();
            if (claim(row, token)) { // else another node has it
                batch.add(new Claimed(new Row(row.id(), row.ticketId(), row.ticketKey(), row.kind(), row.payload(),
                        row.attempts() + 1, row.jiraKey()), token));
                run.claimed++;
            }
        }
        return batch;
    }

    /**
     * Send one claimed row: build its request(s) by kind, call Jira, and decide a failure with {@link JiraRetryPolicy}
     * (the circuit learns of outages and of a 429's Retry-After here). When the circuit opened earlier in this batch
     * the row is not tried (its step is null) and {@link #mark} gives its claim back untouched.
     */
    public Sent send(Claimed claimed) {
        Row row = claimed.row();
        Instant now = clock.instant();
        if (!circuit.allows(now)) {
            return new Sent(claimed, null, null);
        }
        Step step;
        try {
            step = deliver(row);
        } catch (RuntimeException e) {
            log.warn("Jira mirror row {} ({} of {}) failed in the hub", row.id(), row.kind(), row.ticketKey(), e);
            step = Step.failed(new JiraResponse(0, null, null, e.toString()));
        }
        if (step.failure() == null) {
            return new Sent(claimed, step, null);
        }
        JiraResponse failure = step.failure();
        Verdict verdict = policy.judge(failure.status(), failure.retryAfter(), row.attempts(), now);
        if (verdict.outage()) {
            circuit.outage(now);
        }
        if (failure.status() == 429) {
            circuit.pauseUntil(now.plus(verdict.delay()));
        }
        return new Sent(claimed, step, verdict);
    }

    /** Mark: records a sent row's outcome (DONE, SKIPPED, FAILED, or pushed back by the verdict's delay) in the run. */
    public void mark(Sent sent, Run run) {
        Claimed claimed = sent.claimed();
        if (sent.step() == null) {
            release(claimed);
            run.claimed--;
            return;
        }
        switch (finish(claimed.row(), claimed.token(), sent.step(), sent.verdict())) {
            case "DONE", "SKIPPED" -> { run.delivered++; run.progress = true; }
            case "FAILED" -> { run.dead++; run.progress = true; }
            default -> run.retried++;
        }
    }

    /** What the run did (the route's answer). */
    public Result result(Run run) {
        Result result = new Result(run.claimed, run.delivered, run.retried, run.dead,
                circuit.state(clock.instant()) == OutboxPolicy.State.OPEN);
        if (run.claimed > 0 && (run.retried > 0 || run.dead > 0)) {
            log.info("Jira mirror run: {}", result);
        }
        return result;
    }

    private int budget() {
        return Math.max(1, outbox.settings(Destinations.JIRA).getBatchSize());
    }

    /** Gives a claim back as if it had not been made: due now, the attempt not counted. */
    private void release(Claimed claimed) {
        jdbc.update("UPDATE outbox SET available_at = ?, attempts = attempts - 1, claim_token = NULL "
                + "WHERE id = ? AND claim_token = ? AND status = 'PENDING'",
                SlaColumns.ts(clock.instant()), claimed.row().id(), claimed.token());
    }

    private List<Row> due(Instant now, int limit) {
        return jdbc.query("SELECT o.id, o.ticket_id, o.ticket_key, o.event_type, o.payload, o.attempts, t.jira_key "
                        + "FROM outbox o JOIN ticket t ON t.id = o.ticket_id "
                        + "WHERE o.destination = 'jira' AND o.status = 'PENDING' AND o.available_at <= ? "
                        + "AND (o.event_type = 'CREATE' OR t.jira_key IS NOT NULL) "
                        + "AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.ticket_id = o.ticket_id AND e.destination = 'jira' "
                        + "AND e.status = 'PENDING' AND (e.created_at < o.created_at "
                        + "OR (e.created_at = o.created_at AND e.id < o.id))) "
                        + "ORDER BY o.available_at, o.id FETCH FIRST " + limit
                        + " ROWS ONLY",
                (rs, n) -> new Row(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getInt(6), rs.getString(7)), SlaColumns.ts(now));
    }

    private boolean claim(Row row, String token) {
        Instant now = clock.instant();
        return jdbc.update("UPDATE outbox SET available_at = ?, claim_token = ?, attempts = attempts + 1 "
                        + "WHERE id = ? AND status = 'PENDING' AND available_at <= ? AND attempts = ?",
                SlaColumns.ts(now.plus(outbox.settings(Destinations.JIRA).getLease())), token, row.id(), SlaColumns.ts(now),
                row.attempts()) == 1;
    }

    private Step deliver(Row row) {
        JsonNode payload;
        try {
            payload = json.readTree(row.payload());
        } catch (IOException e) {
            return Step.invalid("unreadable payload: " + e.getMessage());
        }
        return switch (row.kind()) {
            case JiraQueue.CREATE -> create(row, payload);
            case JiraQueue.COMMENT -> comment(row, payload);
            case JiraQueue.TRANSITION -> transition(row, payload);
            case JiraQueue.UPDATE -> {
                Answer done = call(requests.update(row.jiraKey(), payload));
                yield done.failure() != null ? done.failure()
                        : new Step("DONE", null, null, JiraRequests.text(payload.path("note")));
            }
            default -> Step.invalid("unknown kind " + row.kind());
        };
    }

    private Step create(Row row, JsonNode ticket) {
        if (row.jiraKey() != null) {
            return Step.delivered(row.jiraKey());
        }
        if (row.attempts() > 1) {
            // an earlier attempt may have created the issue before it failed: look for its label first
            Answer found = call(requests.searchByLabel(row.ticketKey()));
            if (found.failure() != null) {
                return found.failure();
            }
            String key = requests.foundKey(found.json());
            if (key != null) {
                return Step.delivered(key);
            }
        }
        String onBehalfOf = null;
        List<String> participants = new ArrayList<>();
        if (properties.getMode() == Mode.SERVICE_DESK) {
            String email = requests.requesterEmail(ticket);
            if (email != null) {
                Answer account = customer(email, JiraRequests.text(ticket.path("requester").path("name")));
                if (account.failure() != null) {
                    return account.failure();
                }
                onBehalfOf = account.json().asText();
            }
            for (String other : requests.participantEmails(ticket)) {
                Answer account = customer(other, null);
                if (account.failure() != null) {
                    return account.failure();
                }
                participants.add(account.json().asText());
            }
        }
        Answer created = call(requests.create(ticket, onBehalfOf, participants));
        if (created.failure() != null) {
            return created.failure();
        }
        String key = requests.createdKey(created.json());
        return key == null ? Step.invalid("Jira's answer names no issue key: " + created.json()) : Step.delivered(key);
    }

    /** JSM: the customer's accountId (as a text node): an existing user, else a new customer. */
    private Answer customer(String email, String name) {
        Answer found = call(requests.findUser(email));
        if (found.failure() != null) {
            return found;
        }
        String id = requests.foundAccountId(found.json());
        if (id == null) {
            Answer created = call(requests.createCustomer(email, name));
            if (created.failure() != null) {
                return created;
            }
            id = requests.customerAccountId(created.json());
        }
        return new Answer(json.getNodeFactory().textNode(id), null);
    }

    private Step comment(Row row, JsonNode message) {
        if (row.attempts() > 1) {
            Answer existing = call(requests.comments(row.jiraKey()));
            if (existing.failure() != null) {
                return existing.failure();
            }
            String id = requests.existingComment(existing.json(), message, row.id());
            if (id != null) {
                return Step.delivered(id);
            }
        }
        Answer created = call(requests.comment(row.jiraKey(), message, row.id()));
        return created.failure() != null ? created.failure() : Step.delivered(requests.commentId(created.json()));
    }

    private Step transition(Row row, JsonNode change) {
        String to = JiraRequests.text(change.path("to"));
        String configured = requests.transitionFor(to);
        if (configured == null) {
            return Step.skipped("no Jira transition configured for " + to + " (hub.jira.transitions)");
        }
        String id = configured;
        boolean byName = !JiraRequests.isTransitionId(configured);
        if (byName || row.attempts() > 1) {
            Answer available = call(requests.availableTransitions(row.jiraKey()));
            if (available.failure() != null) {
                return available.failure();
            }
            id = byName ? requests.transitionIdByName(available.json(), configured)
                    : requests.transitionIdById(available.json(), configured);
            if (id == null && row.attempts() > 1) {
                // the first attempt failed without an answer, yet the transition is no longer offered: it was made
                return Step.skipped("transition '" + configured + "' no longer available on retry: made by an earlier attempt");
            }
            if (id == null) {
                return Step.invalid("transition '" + configured + "' is not available for " + row.jiraKey()
                        + " now: " + available.json());
            }
        }
        Answer done = call(requests.transition(row.jiraKey(), id));
        return done.failure() != null ? done.failure() : Step.delivered(null);
    }

    private Answer call(JiraRequest request) {
        JiraResponse response = http.send(request);
        if (!response.ok()) {
            return new Answer(null, Step.failed(response));
        }
        circuit.success();
        try {
            String body = response.body();
            return new Answer(body == null || body.isBlank() ? json.createObjectNode() : json.readTree(body), null);
        } catch (IOException e) {
            return new Answer(json.createObjectNode(), null);
        }
    }

    /** Records the outcome of a claimed row; returns its new status (PENDING when it will be retried). */
    private String finish(Row row, String token, Step step, Verdict verdict) {
        Instant now = clock.instant();
        if (step.failure() == null) {
            String status = step.status();
            tx.executeWithoutResult(s -> {
                // A delivered row keeps no copy of the ticket's text or contacts (P15); a dead letter keeps it for its retry.
                jdbc.update("UPDATE outbox SET status = ?, delivered_at = ?, external_ref = ?, last_error = ?, "
                                + ("FAILED".equals(status) ? "" : "payload = '{}', ")
                                + "claim_token = NULL WHERE id = ? AND claim_token = ?",
                        status, "FAILED".equals(status) ? null : SlaColumns.ts(now), step.ref(), cut(step.note()), row.id(), token);
                if (JiraQueue.CREATE.equals(row.kind()) && "DONE".equals(status)) {
                    ticketStore.recordJiraKey(row.ticketId(), step.ref());
                }
            });
            (("FAILED".equals(status)) ? dead : delivered).increment();
            return status;
        }
        JiraResponse failure = step.failure();
        String error = describe(failure);
        if (verdict.kind() == Kind.DEAD) {
            jdbc.update("UPDATE outbox SET status = 'FAILED', last_status = ?, last_error = ?, claim_token = NULL "
                    + "WHERE id = ? AND claim_token = ?", failure.status(), error, row.id(), token);
            log.warn("Jira mirror row {} ({} of {}) is a dead letter: {}", row.id(), row.kind(), row.ticketKey(), error);
            dead.increment();
            return "FAILED";
        }
        Duration wait = verdict.delay();
        jdbc.update("UPDATE outbox SET available_at = ?, last_status = ?, last_error = ?, claim_token = NULL "
                + "WHERE id = ? AND claim_token = ?", SlaColumns.ts(now.plus(wait)), failure.status(), error, row.id(), token);
        retried.increment();
        return "PENDING";
    }

    private static String describe(JiraResponse r) {
        String text = r.status() == 0 ? "no answer: " + r.error() : "HTTP " + r.status() + ": " + (r.body() == null ? "" : r.body());
        return cut(text);
    }

    private static String cut(String text) {
        return text == null || text.length() <= 2000 ? text : text.substring(0, 1999) + "…";
    }

    long count(String status) {
        if (!properties.isEnabled()) {
            return 0;
        }
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM outbox WHERE destination = 'jira' AND status = ?", Long.class,
                status);
        return n == null ? 0 : n;
    }
}
