package com.cfh.supporthub.agent;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

import org.apache.camel.Header;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.cfh.supporthub.config.HubProperties;
import com.cfh.supporthub.intake.EmailAddresses;
import com.cfh.supporthub.intake.IdAllocator;
import com.cfh.supporthub.security.Role;
import com.cfh.supporthub.sla.SlaColumns;
import com.cfh.supporthub.web.FieldError;
import com.cfh.supporthub.web.ProblemException;

/**
 * The agent accounts (issue 16.1, P06, P15): the {@code agent} table behind authentication, assignment and
 * the agent notifications. Administration ({@code /api/v1/agents}) is for ADMIN accounts, checked here against
 * the table on every call; an agent changes their own password. Every change writes an {@code agent_audit} row
 * (actor, change, time), never a password or its hash. Nothing is cached: a change holds from the next request.
 */
@Component("agentDirectory")
public class AgentDirectory {

    /** Which notifications an agent gets (all mail.notice rows, marked internal; docs/agents.md). */
    public record Notifications(Boolean newTicket, Boolean customerReply, Boolean assigned) {
    }

    /** An account as the API shows it: never the password hash. */
    public record AgentView(String username, String displayName, String email, String role, boolean enabled,
                            String jiraAccountId, List<String> products, Notifications notifications,
                            Instant createdAt, Instant updatedAt) {
    }

    public record AgentList(List<AgentView> items) {
    }

    /** POST /api/v1/agents: {@code password} is the initial password the administrator hands over. */
    public record CreateRequest(String username, String displayName, String email, String role, Boolean enabled,
                                String jiraAccountId, List<String> products, Notifications notifications,
                                String password) {
    }

    /** PATCH /api/v1/agents/{username}: only the fields given change; "" clears email and Jira account id. */
    public record UpdateRequest(String displayName, String email, String role, Boolean enabled, String jiraAccountId,
                                List<String> products, Notifications notifications, String password) {
    }

    /** PUT /api/v1/agents/me/password. */
    public record PasswordChange(String currentPassword, String newPassword) {
    }

    /** Same rule as the bootstrap administrator's password (HUB_ADMIN_PASSWORD); 72 bytes is bcrypt's limit. */
    public static final int MIN_PASSWORD = 12;
    public static final int MAX_PASSWORD_BYTES = 72;

    /** Lower case, digits, dot, dash, underscore; "me" and "none" mean something else in the API. */
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");
    private static final List<String> RESERVED = List.of("me", "none");
    private static final String COLUMNS = "username, display_name, email, role, enabled, jira_account_id, products, "
            + "notify_new_ticket, notify_customer_reply, notify_assigned, created_at, updated_at";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final PasswordEncoder encoder;
    private final IdAllocator ids;
    private final HubProperties properties;
    private final Clock clock;

    public AgentDirectory(JdbcTemplate jdbc, PlatformTransactionManager transactions, PasswordEncoder encoder,
                          IdAllocator ids, HubProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.encoder = encoder;
        this.ids = ids;
        this.properties = properties;
        this.clock = clock;
    }

    // ---- used by other parts of the hub -------------------------------------------------------------

    /** For assignment: 422 on {@code field} unless the name is an enabled agent account. */
    public void requireEnabled(String username, String field) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM agent WHERE username = ? AND enabled = TRUE",
                Integer.class, username);
        if (n == null || n == 0) {
            throw ProblemException.invalid("Unknown or disabled agent.", List.of(new FieldError(field,
                    "is not an enabled agent account")));
        }
    }

    /** Whether an account of that name exists, enabled or not. */
    public boolean exists(String username) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM agent WHERE username = ?", Integer.class, username);
        return n != null && n > 0;
    }

    /**
     * The enabled account whose Jira account id this is, for mapping Jira's assignee onto the hub (issue 16.4);
     * empty for an unknown or disabled one.
     */
    public java.util.Optional<String> usernameForJiraAccount(String jiraAccountId) {
        if (jiraAccountId == null || jiraAccountId.isBlank()) {
            return java.util.Optional.empty();
        }
        return jdbc.query("SELECT username FROM agent WHERE jira_account_id = ? AND enabled = TRUE",
                rs -> rs.next() ? java.util.Optional.of(rs.getString(1)) : java.util.Optional.<String>empty(),
                jiraAccountId.trim());
    }

    /** The bootstrap administrator (AdminAccountBootstrap): created once, audited as such. */
    public boolean createBootstrapAdmin(String username, String password) {
        return tx.execute(s -> {
            if (exists(username)) {
                return false;
            }
            Instant now = clock.instant();
            insert(username, username, null, Role.ADMIN, true, null, null, new Notifications(false, true, true),
                    encoder.encode(password), now);
            audit(username, "bootstrap", "agent.created", "role ADMIN (HUB_ADMIN_USERNAME)", now);
            return true;
        });
    }

    // ---- the REST API -------------------------------------------------------------------------------

    public AgentList list(@Header("hubActor") String actor) {
        requireAdmin(actor);
        return new AgentList(jdbc.query("SELECT " + COLUMNS + " FROM agent ORDER BY username", AgentDirectory::view));
    }

    public AgentView get(@Header("username") String username, @Header("hubActor") String actor) {
        requireAdmin(actor);
        return load(username);
    }

    public AgentView create(CreateRequest request, @Header("hubActor") String actor) {
        requireAdmin(actor);
        if (request == null) {
            throw ProblemException.invalid("The account needs a body.", List.of(new FieldError("username", "is required")));
        }
        List<FieldError> errors = new ArrayList<>();
        String username = request.username() == null ? "" : request.username().trim();
        if (!USERNAME.matcher(username).matches()) {
            errors.add(new FieldError("username", "is required: 2 to 64 of a-z 0-9 . _ - (lower case), "
                    + "starting with a letter or digit"));
        } else if (RESERVED.contains(username)) {
            errors.add(new FieldError("username", "'" + username + "' is reserved"));
        }
        String displayName = displayName(request.displayName(), true, errors);
        String email = email(request.email(), errors);
        Role role = request.role() == null || request.role().isBlank() ? null : role(request.role(), errors);
        if (request.role() == null || request.role().isBlank()) {
            errors.add(new FieldError("role", "is required: one of " + Arrays.toString(Role.values())));
        }
        String jira = jiraAccountId(request.jiraAccountId(), errors);
        String products = products(request.products(), errors);
        password("password", request.password(), errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The account is not valid.", errors);
        }
        Notifications n = request.notifications() == null ? new Notifications(null, null, null) : request.notifications();
        Notifications notify = new Notifications(or(n.newTicket(), false), or(n.customerReply(), true), or(n.assigned(), true));
        boolean enabled = or(request.enabled(), true);
        Instant now = clock.instant();
        String hash = encoder.encode(request.password());
        try {
            tx.executeWithoutResult(s -> {
                if (exists(username)) {
                    throw ProblemException.conflict("An agent account '" + username + "' already exists.");
                }
                jiraUnused(jira, null);
                insert(username, displayName, email, role, enabled, jira, products, notify, hash, now);
                audit(username, actor, "agent.created", "role " + role + ", " + (enabled ? "enabled" : "disabled")
                        + (email == null ? "" : ", email " + email) + (jira == null ? "" : ", Jira account " + jira)
                        + ", initial password set", now);
            });
        } catch (DuplicateKeyException e) {
            throw ProblemException.conflict("An agent account '" + username + "' (or its Jira account id) already exists.");
        }
        return load(username);
    }

    public AgentView update(@Header("username") String username, UpdateRequest request, @Header("hubActor") String actor) {
        requireAdmin(actor);
        AgentView current = load(username);
        if (request == null) {
            throw ProblemException.invalid("Nothing to change.", List.of(new FieldError("displayName",
                    "or another field is required")));
        }
        List<FieldError> errors = new ArrayList<>();
        String displayName = request.displayName() == null ? current.displayName()
                : displayName(request.displayName(), true, errors);
        String email = request.email() == null ? current.email() : email(request.email(), errors);
        Role role = request.role() == null ? Role.valueOf(current.role()) : role(request.role(), errors);
        boolean enabled = request.enabled() == null ? current.enabled() : request.enabled();
        String jira = request.jiraAccountId() == null ? current.jiraAccountId() : jiraAccountId(request.jiraAccountId(), errors);
        String products = request.products() == null ? join(current.products()) : products(request.products(), errors);
        if (request.password() != null) {
            password("password", request.password(), errors);
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The change is not valid.", errors);
        }
        Notifications was = current.notifications();
        Notifications n = request.notifications() == null ? was : request.notifications();
        Notifications notify = new Notifications(or(n.newTicket(), was.newTicket()),
                or(n.customerReply(), was.customerReply()), or(n.assigned(), was.assigned()));

        List<String> changes = new ArrayList<>();
        diff(changes, "displayName", current.displayName(), displayName);
        diff(changes, "email", current.email(), email);
        diff(changes, "role", current.role(), role == null ? null : role.name());
        diff(changes, "enabled", current.enabled(), enabled);
        diff(changes, "jiraAccountId", current.jiraAccountId(), jira);
        diff(changes, "products", join(current.products()), products);
        diff(changes, "notifications.newTicket", was.newTicket(), notify.newTicket());
        diff(changes, "notifications.customerReply", was.customerReply(), notify.customerReply());
        diff(changes, "notifications.assigned", was.assigned(), notify.assigned());
        String hash = request.password() == null ? null : encoder.encode(request.password());
        if (hash != null) {
            changes.add("password set by an administrator");
        }
        if (changes.isEmpty()) {
            return current;
        }
        Instant now = clock.instant();
        try {
            tx.executeWithoutResult(s -> {
                boolean wasActiveAdmin = Role.ADMIN.name().equals(current.role()) && current.enabled();
                if (wasActiveAdmin && (role != Role.ADMIN || !enabled)) {
                    Integer admins = jdbc.queryForObject("SELECT COUNT(*) FROM agent WHERE role = 'ADMIN' AND enabled = TRUE",
                            Integer.class);
                    if (admins == null || admins <= 1) {
                        throw ProblemException.conflict(current.username() + " is the last enabled ADMIN account; "
                                + "make another account ADMIN first.");
                    }
                }
                jiraUnused(jira, current.username());
                jdbc.update("UPDATE agent SET display_name = ?, email = ?, role = ?, enabled = ?, jira_account_id = ?, "
                                + "products = ?, notify_new_ticket = ?, notify_customer_reply = ?, notify_assigned = ?, "
                                + "updated_at = ? WHERE username = ?", displayName, email, role.name(), enabled, jira,
                        products, notify.newTicket(), notify.customerReply(), notify.assigned(), SlaColumns.ts(now),
                        current.username());
                if (hash != null) {
                    jdbc.update("UPDATE agent SET password_hash = ? WHERE username = ?", hash, current.username());
                }
                audit(current.username(), actor, "agent.updated", String.join("; ", changes), now);
            });
        } catch (DuplicateKeyException e) {
            throw ProblemException.conflict("The Jira account id is already another agent's.");
        }
        return load(current.username());
    }

    /** Any signed-in agent changes their own password, proving the current one. */
    public AgentView changeOwnPassword(PasswordChange request, @Header("hubActor") String actor) {
        List<FieldError> errors = new ArrayList<>();
        String stored = jdbc.query("SELECT password_hash FROM agent WHERE username = ?",
                rs -> rs.next() ? rs.getString(1) : null, actor);
        if (stored == null) {
            throw ProblemException.notFound("No agent account " + actor + ".");
        }
        String current = request == null ? null : request.currentPassword();
        String next = request == null ? null : request.newPassword();
        if (current == null || current.isEmpty() || !encoder.matches(current, stored)) {
            errors.add(new FieldError("currentPassword", "is not your current password"));
        }
        password("newPassword", next, errors);
        if (errors.isEmpty() && next.equals(current)) {
            errors.add(new FieldError("newPassword", "must differ from the current password"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The password was not changed.", errors);
        }
        Instant now = clock.instant();
        String hash = encoder.encode(next);
        tx.executeWithoutResult(s -> {
            jdbc.update("UPDATE agent SET password_hash = ?, updated_at = ? WHERE username = ?", hash,
                    SlaColumns.ts(now), actor);
            audit(actor, actor, "agent.password-changed", "by the agent", now);
        });
        return load(actor);
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private void requireAdmin(String actor) {
        String role = jdbc.query("SELECT role FROM agent WHERE username = ? AND enabled = TRUE",
                rs -> rs.next() ? rs.getString(1) : null, actor);
        if (!Role.ADMIN.name().equals(role)) {
            throw ProblemException.forbidden("Managing agent accounts needs the ADMIN role.");
        }
    }

    private AgentView load(String username) {
        List<AgentView> found = jdbc.query("SELECT " + COLUMNS + " FROM agent WHERE username = ?",
                AgentDirectory::view, username == null ? "" : username.trim());
        if (found.isEmpty()) {
            throw ProblemException.notFound("No agent account " + username + ".");
        }
        return found.get(0);
    }

    private void insert(String username, String displayName, String email, Role role, boolean enabled, String jira,
                        String products, Notifications notify, String hash, Instant now) {
        jdbc.update("INSERT INTO agent (username, display_name, email, role, enabled, jira_account_id, products, "
                        + "notify_new_ticket, notify_customer_reply, notify_assigned, password_hash, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", username, displayName, email, role.name(),
                enabled, jira, products, notify.newTicket(), notify.customerReply(), notify.assigned(), hash,
                SlaColumns.ts(now), SlaColumns.ts(now));
    }

    private void audit(String username, String actor, String type, String detail, Instant now) {
        String text = detail == null || detail.length() <= 2000 ? detail : detail.substring(0, 1999) + "…";
        jdbc.update("INSERT INTO agent_audit (id, username, actor, change_type, detail, occurred_at) VALUES (?, ?, ?, ?, ?, ?)",
                ids.next("agent_audit_seq"), username, actor, type, text, SlaColumns.ts(now));
    }

    private void jiraUnused(String jira, String self) {
        if (jira == null) {
            return;
        }
        String owner = jdbc.query("SELECT username FROM agent WHERE jira_account_id = ?",
                rs -> rs.next() ? rs.getString(1) : null, jira);
        if (owner != null && !owner.equals(self)) {
            throw ProblemException.conflict("The Jira account id " + jira + " is already the account " + owner + "'s.");
        }
    }

    private static AgentView view(ResultSet rs, int row) throws SQLException {
        String products = rs.getString("products");
        return new AgentView(rs.getString("username"), rs.getString("display_name"), rs.getString("email"),
                rs.getString("role"), rs.getBoolean("enabled"), rs.getString("jira_account_id"),
                products == null ? null : List.of(products.split(",")),
                new Notifications(rs.getBoolean("notify_new_ticket"), rs.getBoolean("notify_customer_reply"),
                        rs.getBoolean("notify_assigned")),
                SlaColumns.instant(rs, "created_at"), SlaColumns.instant(rs, "updated_at"));
    }

    private static String displayName(String value, boolean required, List<FieldError> errors) {
        String v = value == null ? "" : value.strip();
        if ((required && v.isEmpty()) || v.length() > 200 || v.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError("displayName", "is required, 1 to 200 characters, one line"));
        }
        return v;
    }

    private static String email(String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return EmailAddresses.normalize(value).orElseGet(() -> {
            errors.add(new FieldError("email", "must be one plain address like name@example.com"));
            return null;
        });
    }

    private static Role role(String value, List<FieldError> errors) {
        try {
            return Role.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("role", "must be one of " + Arrays.toString(Role.values())));
            return null;
        }
    }

    private static String jiraAccountId(String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        if (v.length() > 128 || !v.matches("[A-Za-z0-9:_-]+")) {
            errors.add(new FieldError("jiraAccountId", "must be a Jira account id (letters, digits, ':', '-', '_'; "
                    + "at most 128)"));
        }
        return v;
    }

    private String products(List<String> values, List<FieldError> errors) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (String p : values) {
            String id = p == null ? "" : p.trim();
            if (properties.product(id).isEmpty()) {
                errors.add(new FieldError("products", "'" + id + "' is not one of " + properties.getProducts().keySet()));
            } else if (!out.contains(id)) {
                out.add(id);
            }
        }
        return String.join(",", out);
    }

    private static void password(String field, String value, List<FieldError> errors) {
        if (value == null || value.length() < MIN_PASSWORD
                || value.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            errors.add(new FieldError(field, "is required: at least " + MIN_PASSWORD + " characters, at most "
                    + MAX_PASSWORD_BYTES + " bytes in UTF-8"));
        }
    }

    private static String join(List<String> products) {
        return products == null || products.isEmpty() ? null : String.join(",", products);
    }

    private static boolean or(Boolean value, boolean fallback) {
        return value == null ? fallback : value;
    }

    private static void diff(List<String> changes, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changes.add(field + ": " + before + " -> " + after);
        }
    }
}
