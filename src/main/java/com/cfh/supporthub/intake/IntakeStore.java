package com.cfh.supporthub.intake;

import static com.cfh.supporthub.intake.IntakeSql.timestamp;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.cfh.supporthub.agent.AgentNotices;
import com.cfh.supporthub.jira.JiraQueue;
import com.cfh.supporthub.report.ReportHours;
import com.cfh.supporthub.outbox.Destinations;
import com.cfh.supporthub.outbox.MailMessageIds;
import com.cfh.supporthub.config.HubProperties;
import com.cfh.supporthub.intake.IntakeSql.TicketRow;
import com.cfh.supporthub.sla.CalendarCoverageException;
import com.cfh.supporthub.sla.SlaClock;
import com.cfh.supporthub.sla.SlaColumns;
import com.cfh.supporthub.sla.SlaPolicy;
import com.cfh.supporthub.ticket.MessageDirection;
import com.cfh.supporthub.ticket.Priority;
import com.cfh.supporthub.ticket.TicketStatus;
import com.cfh.supporthub.ticket.Tier;
import com.cfh.supporthub.ticket.TicketStateMachine;
import com.cfh.supporthub.ticket.TicketStateMachine.Step;
import com.cfh.supporthub.ticket.TicketStore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a batch of envelopes changes in the database, inside the transaction {@link TicketWriter}
 * owns: dedupe again, thread, find or create contacts, number new tickets, and write tickets,
 * messages, participants, audit events and outbox entries with one JDBC batch per table.
 *
 * <p>Plain JDBC rather than JPA entities on purpose: this is the hot path of every channel and
 * Hibernate cost a third of the writer's time (BENCHMARKS.md). The rows are the ones the JPA
 * entities of {@code com.cfh.supporthub.ticket} map, and ids come from the same sequences.
 */
@Component
public class IntakeStore {

    public static final String TICKET_CREATED = "ticket.created";

    private final JdbcTemplate jdbc;
    /** The one writer of the ticket's tables. */
    private final TicketStore store;
    private final IntakeSql sql;
    private final IdAllocator ids;
    private final HubProperties properties;
    private final ObjectMapper objectMapper;
    private final SlaPolicy slaPolicy;
    private final Clock clock;
    /** The Jira mirror's queue (P20): rows go into the same batch and transaction; nothing when it is off. */
    private final JiraQueue jiraQueue;
    private final ReportHours reportHours;
    /** The agents' notifications of new tickets and customer replies (issue 16.1), in the same transaction. */
    private final AgentNotices agentNotices;
    /** Message-IDs of outbox mail rows, fixed when the row is written (issue 14.5). */
    private final MailMessageIds messageIds;

    public IntakeStore(JdbcTemplate jdbc, IntakeSql sql, IdAllocator ids, HubProperties properties,
                       ObjectMapper objectMapper, SlaPolicy slaPolicy, Clock clock, JiraQueue jiraQueue, TicketStore store,
                       ReportHours reportHours, AgentNotices agentNotices, MailMessageIds messageIds) {
        this.store = store;
        this.jdbc = jdbc;
        this.agentNotices = agentNotices;
        this.messageIds = messageIds;
        this.jiraQueue = jiraQueue;
        this.reportHours = reportHours;
        this.sql = sql;
        this.ids = ids;
        this.properties = properties;
        this.objectMapper = objectMapper;
        this.slaPolicy = slaPolicy;
        this.clock = clock;
    }

    /** One envelope of a batch and, once stored, its result or the error that is its alone. */
    public static final class Item {
        final TicketIntake intake;
        final Long threadTicketId;
        IntakeResult result;
        RuntimeException error;
        Item sameAs;

        public Item(TicketIntake intake, Long threadTicketId) {
            this.intake = intake;
            this.threadTicketId = threadTicketId;
        }

        public IntakeResult result() {
            return sameAs == null ? result : sameAs.result == null ? null : sameAs.result.asDuplicate();
        }

        public RuntimeException error() {
            return sameAs == null ? error : sameAs.error;
        }
    }

    /** {@code revoked}: P18, the contact's access was revoked, so intake does not add it to a ticket again. */
    private record ContactRef(long id, boolean isNew, boolean revoked) {
    }

    /** Rows of one batch, written table by table in foreign-key order. */
    private static final class Rows {
        final List<Object[]> contacts = new ArrayList<>();
        final List<Object[]> contactUpdates = new ArrayList<>();
        final List<Object[]> tickets = new ArrayList<>();
        final List<Object[]> ticketUpdates = new ArrayList<>();
        final List<Object[]> slaUpdates = new ArrayList<>();
        final List<Object[]> reopened = new ArrayList<>();
        final List<Object[]> participants = new ArrayList<>();
        final List<Object[]> messages = new ArrayList<>();
        final List<Object[]> events = new ArrayList<>();
        final List<Object[]> outbox = new ArrayList<>();
        final List<Object[]> jira = new ArrayList<>();
        /** Tickets a customer message was added to: {id, key} (agent notifications, issue 16.1). */
        final List<Object[]> replied = new ArrayList<>();
        final Map<String, ContactRef> contactsByEmail = new HashMap<>();
        final Map<String, ContactRef> contactsByPhone = new HashMap<>();
        final Map<Long, TicketStatus> attachedStatus = new HashMap<>();
    }

    /** Stores the batch; each item ends with a result or an error of its own. Database failures throw. */
    public void store(List<Item> items) {
        Instant now = clock.instant();
        Map<String, Item> seen = new HashMap<>();
        Map<Item, TicketRow> attachTo = new LinkedHashMap<>();
        Map<Item, TicketRow> create = new LinkedHashMap<>(); // value: closed ticket it continues, or null
        Map<String, Integer> newPerProduct = new TreeMap<>();

        for (Item item : items) {
            TicketIntake intake = item.intake;
            String batchKey = batchKey(intake);
            Item earlier = batchKey == null ? null : seen.get(batchKey);
            if (earlier != null) {
                if (intake.idempotencyKey() != null && !RequestHash.of(intake).equals(RequestHash.of(earlier.intake))) {
                    item.error = IntakeSql.reusedKey(intake, "earlier in this batch");
                } else {
                    item.sameAs = earlier;
                }
                continue;
            }
            try {
                Optional<IntakeResult> duplicate = sql.findDuplicate(intake);
                if (duplicate.isPresent()) {
                    item.result = duplicate.get();
                    continue;
                }
            } catch (com.cfh.supporthub.web.ProblemException e) {
                item.error = e;
                continue;
            }
            if (batchKey != null) {
                seen.put(batchKey, item);
            }
            TicketRow thread = item.threadTicketId == null ? null : sql.ticket(item.threadTicketId).orElse(null);
            if (thread != null && continues(thread, now)) {
                attachTo.put(item, thread);
            } else {
                create.put(item, thread);
                newPerProduct.merge(intake.product(), 1, Integer::sum);
            }
        }

        Map<String, long[]> numbers = allocateNumbers(newPerProduct);
        Rows rows = new Rows();
        create.forEach((item, closedThread) -> item.result = create(rows, item.intake, closedThread,
                numbers.get(item.intake.product()), now));
        attachTo.forEach((item, ticket) -> item.result = attach(rows, item.intake, ticket, now));
        write(rows);
    }

    private IntakeResult create(Rows rows, TicketIntake intake, TicketRow closedThread, long[] numbers, Instant now) {
        HubProperties.Product product = properties.product(intake.product()).orElseThrow();
        String key = product.getKeyPrefix() + "-" + numbers[0]++;
        long ticketId = ids.next("ticket_seq");
        long requester = contact(rows, intake.requester(), now);
        SlaClock.State sla = startSla(rows, ticketId, intake, now);
        rows.tickets.add(SlaColumns.args(new Object[] {ticketId, key, intake.product(), intake.channel().name(),
                TicketStatus.NEW.name(), Priority.NORMAL.name(), Tier.TIER1.name(), intake.subject(), requester,
                closedThread == null ? null : closedThread.id(), intake.idempotencyKey(),
                intake.idempotencyKey() == null ? null : RequestHash.of(intake),
                timestamp(now), timestamp(intake.receivedAt()), timestamp(now)}, SlaColumns.values(sla)));
        String promise = sla.firstResponseDue == null ? null
                : slaPolicy.promise(intake.product(), intake.receivedAt(), sla.firstResponseDue);
        participants(rows, ticketId, requester, intake.participants(), now);
        message(rows, ticketId, requester, intake, now);
        event(rows, ticketId, TICKET_CREATED, label(intake.requester()),
                describe(intake) + (closedThread == null ? "" : "; continues closed ticket " + closedThread.key()), now);
        Map<String, Object> sent = new LinkedHashMap<>();
        sent.put("firstResponseDue", sla.firstResponseDue);
        sent.put("resolutionDue", sla.resolutionDue);
        sent.put("promise", promise);
        outbox(rows, ticketId, key, TICKET_CREATED, intake, TicketStatus.NEW, intake.subject(), sent, now);
        jiraQueue.ticketCreated(rows.jira, ticketId, key, intake, now);
        reportHours.reopen(intake.receivedAt());
        return new IntakeResult(IntakeOutcome.CREATED, key, intake.product(), TicketStatus.NEW, now,
                intake.receivedAt(), closedThread == null ? null : closedThread.key(), sla.firstResponseDue, promise);
    }

    /**
     * The SLA clocks of a new ticket (P07, P08). A receipt the holiday data cannot cover still makes a
     * ticket, without due instants, and says so in its audit trail: intake never loses a request.
     */
    private SlaClock.State startSla(Rows rows, long ticketId, TicketIntake intake, Instant now) {
        try {
            return slaPolicy.start(intake.product(), Priority.NORMAL, intake.receivedAt());
        } catch (CalendarCoverageException e) {
            SlaPolicy.Goals goals = slaPolicy.goals(intake.product(), Priority.NORMAL);
            SlaClock.State none = new SlaClock.State();
            none.receivedAt = intake.receivedAt();
            none.firstResponseGoal = (int) goals.firstResponse().toMinutes();
            none.resolutionGoal = (int) goals.resolution().toMinutes();
            none.resolutionStartedAt = intake.receivedAt();
            event(rows, ticketId, "sla.unavailable", "intake", IntakeValidator.truncate(e.getMessage(), 3500), now);
            return none;
        }
    }

    /** P19: the customer answered a ticket waiting on them; the resolution clock runs again. */
    private void resumeSla(Rows rows, TicketRow ticket, TicketIntake intake, Step step, Instant now) {
        SlaClock.State state = jdbc.query("SELECT " + SlaColumns.SELECT + " FROM ticket WHERE id = ?",
                rs -> rs.next() ? SlaColumns.read(rs) : null, ticket.id());
        if (state == null || state.pausedAt == null || state.resolutionDue == null) {
            return;
        }
        Instant answered = intake.receivedAt().isAfter(now) ? now : intake.receivedAt();
        if (answered.isBefore(state.pausedAt)) {
            answered = state.pausedAt;
        }
        step.applySla(slaPolicy.clock(ticket.product()), state, answered);
        rows.slaUpdates.add(SlaColumns.args(SlaColumns.values(state), ticket.id()));
    }

    /**
     * Whether a message joins the ticket it refers to: not when CLOSED, nor when RESOLVED longer ago than
     * hub.intake.reopen-window; then it opens a new ticket linked to the old one.
     */
    private boolean continues(TicketRow thread, Instant now) {
        if (thread.status() == TicketStatus.CLOSED) {
            return false;
        }
        if (thread.status() != TicketStatus.RESOLVED) {
            return true;
        }
        Instant resolvedAt = jdbc.query("SELECT resolved_at FROM ticket WHERE id = ?",
                rs -> rs.next() ? IntakeSql.instant(rs, 1) : null, thread.id());
        return resolvedAt == null || !now.isAfter(resolvedAt.plus(properties.getIntake().getReopenWindow()));
    }

    /** A customer message to a RESOLVED ticket within the window: it is open again, with a new resolution cycle (P08). */
    private void reopen(Rows rows, TicketRow ticket, TicketIntake intake, Step step, Instant now) {
        SlaClock.State state = jdbc.query("SELECT " + SlaColumns.SELECT + " FROM ticket WHERE id = ?",
                rs -> rs.next() ? SlaColumns.read(rs) : null, ticket.id());
        event(rows, ticket.id(), "status.changed", label(intake.requester()), step.describe("customer replied"), now);
        rows.reopened.add(new Object[] {ticket.id()});
        if (state == null || state.resolutionDue == null) {
            return;
        }
        SlaClock.CompletedCycle done = step.applySla(slaPolicy.clock(ticket.product()), state, now);
        store.fileCycle(ticket.id(), done, now);
        rows.slaUpdates.add(SlaColumns.args(SlaColumns.values(state), ticket.id()));
        event(rows, ticket.id(), "sla.resolution.cycle-started", label(intake.requester()),
                "cycle " + state.resolutionCycle + ", due " + state.resolutionDue, now);
    }

    private IntakeResult attach(Rows rows, TicketIntake intake, TicketRow ticket, Instant now) {
        long author = contact(rows, intake.requester(), now);
        TicketStatus status = rows.attachedStatus.getOrDefault(ticket.id(), ticket.status());
        TicketStatus before = status;
        message(rows, ticket.id(), author, intake, now);
        participants(rows, ticket.id(), null, intake.participants(), now);
        event(rows, ticket.id(), "message.received", label(intake.requester()), describe(intake), now);
        // P19, P08: the state machine says what a customer message does (resume a waiting ticket, reopen a
        // resolved one); a CLOSED ticket never gets here (continues() opens a linked new ticket instead)
        for (Step step : TicketStateMachine.customerMessage(status)) {
            status = step.to();
            if (step.sla() == TicketStateMachine.SlaEffect.NEW_CYCLE) {
                reopen(rows, ticket, intake, step, now);
            } else {
                event(rows, ticket.id(), "status.changed", label(intake.requester()), step.describe("customer replied"), now);
                resumeSla(rows, ticket, intake, step, now);
            }
        }
        rows.attachedStatus.put(ticket.id(), status);
        rows.ticketUpdates.add(new Object[] {status.name(), timestamp(now), ticket.id()});
        // no outbox row: nothing delivers a "message received" (issue 15.5); the Jira mirror has its own row
        rows.replied.add(new Object[] {ticket.id(), ticket.key()});
        jiraQueue.customerMessage(rows.jira, ticket.id(), ticket.key(), intake, before, status, now);
        return new IntakeResult(IntakeOutcome.ATTACHED, ticket.key(), ticket.product(), status, ticket.createdAt(),
                ticket.receivedAt(), null, null, null);
    }

    /** Numbers for the new tickets of each product: one locked counter update per product and batch. */
    private Map<String, long[]> allocateNumbers(Map<String, Integer> newPerProduct) {
        Map<String, long[]> first = new HashMap<>();
        newPerProduct.forEach((product, count) -> {
            int updated = jdbc.update("UPDATE ticket_counter SET next_number = next_number + ? WHERE product = ?",
                    count, product);
            if (updated == 0) {
                jdbc.update("INSERT INTO ticket_counter (product, next_number) VALUES (?, ?)", product, 1L + count);
            }
            Long next = jdbc.queryForObject("SELECT next_number FROM ticket_counter WHERE product = ?", Long.class, product);
            first.put(product, new long[] {next - count});
        });
        return first;
    }

    private void participants(Rows rows, long ticketId, Long requester, List<Party> parties, Instant now) {
        List<Long> added = new ArrayList<>();
        for (Party party : parties) {
            if (isSupportAddress(party.email())) {
                continue;
            }
            ContactRef ref = contactRef(rows, party, now);
            long contact = ref.id();
            if ((requester != null && contact == requester) || added.contains(contact) || ref.revoked()) {
                continue;
            }
            if (requester == null && alreadyParticipant(rows, ticketId, contact)) {
                continue;
            }
            added.add(contact);
            rows.participants.add(new Object[] {ticketId, contact, timestamp(now)});
        }
    }

    private boolean alreadyParticipant(Rows rows, long ticketId, long contact) {
        for (Object[] p : rows.participants) {
            if (p[0].equals(ticketId) && p[1].equals(contact)) {
                return true;
            }
        }
        Integer participant = jdbc.queryForObject(
                "SELECT COUNT(*) FROM ticket_participant WHERE ticket_id = ? AND contact_id = ?", Integer.class,
                ticketId, contact);
        Integer requester = jdbc.queryForObject("SELECT COUNT(*) FROM ticket WHERE id = ? AND requester_id = ?",
                Integer.class, ticketId, contact);
        return (participant != null && participant > 0) || (requester != null && requester > 0);
    }

    private boolean isSupportAddress(String email) {
        return email != null && properties.getProducts().values().stream()
                .anyMatch(p -> email.equalsIgnoreCase(p.getSupportAddress()));
    }

    /** The contact with this address (else this phone number), created when new. */
    private long contact(Rows rows, Party party, Instant now) {
        return contactRef(rows, party, now).id();
    }

    private ContactRef contactRef(Rows rows, Party party, Instant now) {
        if (party.email() != null) {
            ContactRef ref = rows.contactsByEmail.get(party.email());
            if (ref == null) {
                ref = jdbc.query("SELECT id, display_name, phone, access_revoked_at FROM contact WHERE email = ?", rs -> {
                    if (!rs.next()) {
                        return null;
                    }
                    long id = rs.getLong(1);
                    fillGaps(rows, id, rs.getString(2), rs.getString(3), party);
                    return new ContactRef(id, false, rs.getObject(4) != null);
                }, party.email());
                if (ref == null) {
                    ref = newContact(rows, party, now);
                }
                rows.contactsByEmail.put(party.email(), ref);
            }
            return ref;
        }
        if (party.phone() != null) {
            ContactRef ref = rows.contactsByPhone.get(party.phone());
            if (ref == null) {
                ref = jdbc.query("SELECT id, display_name, phone, access_revoked_at FROM contact WHERE phone = ? ORDER BY id", rs -> {
                    if (!rs.next()) {
                        return null;
                    }
                    long id = rs.getLong(1);
                    fillGaps(rows, id, rs.getString(2), rs.getString(3), party);
                    return new ContactRef(id, false, rs.getObject(4) != null);
                }, party.phone());
                if (ref == null) {
                    ref = newContact(rows, party, now);
                }
                rows.contactsByPhone.put(party.phone(), ref);
            }
            return ref;
        }
        return newContact(rows, party, now); // a withheld caller: a contact of its own
    }

    private ContactRef newContact(Rows rows, Party party, Instant now) {
        long id = ids.next("contact_seq");
        rows.contacts.add(new Object[] {id, party.email(), party.phone(), party.name(), timestamp(now)});
        return new ContactRef(id, true, false);
    }

    private static void fillGaps(Rows rows, long id, String name, String phone, Party party) {
        String newName = name == null ? party.name() : name;
        String newPhone = phone == null ? party.phone() : phone;
        if (!java.util.Objects.equals(newName, name) || !java.util.Objects.equals(newPhone, phone)) {
            rows.contactUpdates.add(new Object[] {newName, newPhone, id});
        }
    }

    private void message(Rows rows, long ticketId, long author, TicketIntake intake, Instant now) {
        rows.messages.add(new Object[] {ids.next("ticket_message_seq"), ticketId, MessageDirection.INBOUND.name(),
                intake.channel().name(), label(intake.requester()), author, intake.body(), intake.externalId(),
                timestamp(intake.receivedAt()), timestamp(now)});
    }

    private void event(Rows rows, long ticketId, String type, String actor, String detail, Instant now) {
        rows.events.add(new Object[] {ids.next("ticket_event_seq"), ticketId, type, actor, detail, timestamp(now)});
    }

    private void outbox(Rows rows, long ticketId, String key, String type, TicketIntake intake, TicketStatus status,
                        String subject, Map<String, Object> extra, Instant now) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("event", type);
        payload.put("ticketKey", key);
        payload.put("product", intake.product());
        payload.put("channel", intake.channel());
        payload.put("status", status);
        payload.put("subject", subject == null ? intake.subject() : subject);
        payload.put("requester", intake.requester());
        payload.put("externalId", intake.externalId());
        payload.put("receivedAt", intake.receivedAt());
        payload.put("occurredAt", now);
        payload.putAll(extra);
        String json;
        try {
            json = objectMapper.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("outbox payload of " + key, e);
        }
        long id = ids.next("outbox_seq");
        String destination = Destinations.mailDestination(type);
        rows.outbox.add(new Object[] {id, type, ticketId, key, json, "PENDING", timestamp(now), timestamp(now),
                destination, Destinations.priority(type), messageIds.forRow(destination, key, id)});
    }

    private void write(Rows rows) {
        batch("INSERT INTO contact (id, email, phone, display_name, created_at) VALUES (?, ?, ?, ?, ?)", rows.contacts);
        batch("UPDATE contact SET display_name = ?, phone = ? WHERE id = ?", rows.contactUpdates);
        store.writeIntake(new TicketStore.IntakeRows(rows.tickets, rows.ticketUpdates, rows.slaUpdates, rows.reopened,
                rows.participants, rows.messages, rows.events));
        batch("INSERT INTO outbox (id, event_type, ticket_id, ticket_key, payload, status, available_at, created_at, "
                + "destination, priority, message_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows.outbox);
        agentNotices.afterIntake(rows.outbox, rows.replied);
        jiraQueue.insert(rows.jira);
    }

    private void batch(String statement, List<Object[]> args) {
        if (!args.isEmpty()) {
            jdbc.batchUpdate(statement, args);
        }
    }

    private static String label(Party party) {
        if (party.email() != null) return party.email();
        if (party.phone() != null) return party.phone();
        return "unknown";
    }

    private static String describe(TicketIntake intake) {
        String text = "via " + intake.channel();
        if (!intake.attributes().isEmpty()) {
            text += " " + new TreeMap<>(intake.attributes());
        }
        return IntakeValidator.truncate(text, 3500);
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
