package com.cfh.supporthub.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.cfh.supporthub.intake.IntakeOutcome;
import com.cfh.supporthub.intake.IntakeResult;
import com.cfh.supporthub.intake.Party;
import com.cfh.supporthub.intake.TicketIntake;
import com.cfh.supporthub.support.HubHttp;
import com.cfh.supporthub.support.HubHttp.Reply;
import com.cfh.supporthub.support.HubIT;
import com.cfh.supporthub.ticket.Channel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Agent accounts end to end over HTTP (issue 16.1; P06, P15): an administrator creates an account, the agent
 * signs in with it, is refused from the request after being disabled, changes their own password; every change
 * is an audit row without the password; assignment takes only enabled agents; the agents' notifications are
 * mail.notice outbox rows marked internal, each switchable.
 */
class AgentAccountsIT extends HubIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "agent-password-16";

    @Autowired
    ProducerTemplate producer;

    @Autowired
    AgentDirectory directory;

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private HttpRequest.Builder as(String user, String password, HttpRequest.Builder request) {
        return request.header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private HttpRequest.Builder call(String method, String path, String json) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    }

    private Reply create(String username, String role, String email, String extra) {
        return http.send(http.asAdmin(http.post("/api/v1/agents", "{\"username\":\"" + username
                + "\",\"displayName\":\"Agent " + username + "\",\"role\":\"" + role + "\""
                + (email == null ? "" : ",\"email\":\"" + email + "\"") + ",\"password\":\"" + PASSWORD + "\""
                + (extra == null ? "" : "," + extra) + "}")));
    }

    private Reply patch(String username, String json) {
        return http.send(http.asAdmin(call("PATCH", "/api/v1/agents/" + username, json)));
    }

    private String widgetTicket(String product) {
        Reply r = http.send(http.widget(HubHttp.widgetJson(product, unique("customer") + "@example.com",
                "Cannot print labels", "The labels come out blank")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("key").asText();
    }

    private Reply assign(String key, String assignee) {
        return http.send(http.asAdmin(http.post("/api/v1/tickets/" + key + "/assignment",
                assignee == null ? "{\"assignee\":null}" : "{\"assignee\":\"" + assignee + "\"}")));
    }

    /** The agent notifications (internal mail.notice rows) of a ticket: payloads. */
    private List<JsonNode> agentNotices(String key) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String payload : jdbc.queryForList("SELECT payload FROM outbox WHERE ticket_key = ? AND event_type = "
                + "'mail.notice' ORDER BY id", String.class, key)) {
            JsonNode p = JSON.readTree(payload);
            if (p.path("internal").asBoolean(false)) {
                out.add(p);
            }
        }
        return out;
    }

    private static void assertFieldErrors(Reply reply, String... fields) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(422);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        List<String> named = new ArrayList<>();
        reply.json().get("errors").forEach(e -> named.add(e.get("field").asText()));
        assertThat(named).contains(fields);
    }

    @Test
    @DisplayName("P06 P15: an ADMIN creates an account, the agent signs in with it, is refused (401) from the next request once disabled; every change audited without the password")
    void createSignInDisable_P06_P15() {
        String sam = unique("sam");
        Reply created = create(sam, "AGENT", sam + "@staff.example", null);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/api/v1/agents/" + sam);
        assertThat(created.json().get("role").asText()).isEqualTo("AGENT");
        assertThat(created.json().get("enabled").asBoolean()).isTrue();
        assertThat(created.json().has("password")).isFalse();
        assertThat(created.body()).doesNotContain(PASSWORD).doesNotContain("bcrypt");
        String hash = jdbc.queryForObject("SELECT password_hash FROM agent WHERE username = ?", String.class, sam);
        assertThat(hash).startsWith("{bcrypt}").doesNotContain(PASSWORD);

        // the account works at once, with the role it was given
        assertThat(http.send(as(sam, PASSWORD, http.get("/api/v1/tickets"))).status()).isEqualTo(200);
        Reply notAdmin = http.send(as(sam, PASSWORD, http.get("/api/v1/agents")));
        assertThat(notAdmin.status()).isEqualTo(403);
        assertThat(notAdmin.contentType()).startsWith("application/problem+json");
        assertThat(http.send(as(sam, PASSWORD, http.get("/api/v1/reports/sla"))).status()).isEqualTo(403);

        // the administrator sees it
        Reply one = http.send(http.asAdmin(http.get("/api/v1/agents/" + sam)));
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("email").asText()).isEqualTo(sam + "@staff.example");
        Reply all = http.send(http.asAdmin(http.get("/api/v1/agents")));
        List<String> names = new ArrayList<>();
        all.json().get("items").forEach(a -> names.add(a.get("username").asText()));
        assertThat(names).contains(sam, HubHttp.ADMIN_USER);

        // disabled: the very next request is refused
        Reply disabled = patch(sam, "{\"enabled\":false}");
        assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
        assertThat(disabled.json().get("enabled").asBoolean()).isFalse();
        Reply refused = http.send(as(sam, PASSWORD, http.get("/api/v1/tickets")));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.contentType()).startsWith("application/problem+json");

        // enabled again, as MANAGER: the new role holds from the next request
        assertThat(patch(sam, "{\"enabled\":true,\"role\":\"MANAGER\"}").status()).isEqualTo(200);
        assertThat(http.send(as(sam, PASSWORD, http.get("/api/v1/reports/sla"))).status()).isNotIn(401, 403);

        List<Map<String, Object>> audit = jdbc.queryForList("SELECT actor, change_type, detail FROM agent_audit "
                + "WHERE username = ? ORDER BY occurred_at, id", sam);
        assertThat(audit).extracting(r -> r.get("change_type"))
                .containsExactly("agent.created", "agent.updated", "agent.updated");
        // JdbcTemplate's rows are case-insensitive maps: the same on HSQLDB and PostgreSQL
        assertThat(audit).allSatisfy(r -> {
            assertThat(String.valueOf(r.get("actor"))).isEqualTo(HubHttp.ADMIN_USER);
            assertThat(String.valueOf(r.get("detail"))).doesNotContain(PASSWORD).doesNotContain(hash);
        });
        assertThat(String.valueOf(audit.get(1).get("detail"))).contains("enabled: true -> false");
        assertThat(String.valueOf(audit.get(2).get("detail"))).contains("role: AGENT -> MANAGER");
    }

    @Test
    @DisplayName("P15: bad input is 422 per field, a taken name 409, an unknown account 404, a non-admin 403; the last ADMIN stays ADMIN")
    void badInputDuplicateUnknown_P15() {
        Reply bad = http.send(http.asAdmin(http.post("/api/v1/agents", "{\"username\":\"Not A Name\","
                + "\"displayName\":\"\",\"email\":\"not-an-address\",\"role\":\"BOSS\",\"password\":\"short\","
                + "\"products\":[\"nosuch\"]}")));
        assertFieldErrors(bad, "username", "displayName", "email", "role", "password", "products");
        assertThat(count("SELECT COUNT(*) FROM agent WHERE username = 'Not A Name'")).isZero();
        assertFieldErrors(http.send(http.asAdmin(http.post("/api/v1/agents", "{\"username\":\"me\",\"displayName\":\"Me\","
                + "\"role\":\"AGENT\",\"password\":\"" + PASSWORD + "\"}"))), "username");

        String kim = unique("kim");
        assertThat(create(kim, "AGENT", null, null).status()).isEqualTo(201);
        Reply again = create(kim, "MANAGER", null, null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");
        assertThat(jdbc.queryForObject("SELECT role FROM agent WHERE username = ?", String.class, kim)).isEqualTo("AGENT");

        // a Jira account id belongs to one account (409 for a second), and maps back to it while it is enabled
        String jira = "5b10ac8d82e05b22cc7d4e" + UUID.randomUUID().toString().substring(0, 6);
        assertThat(patch(kim, "{\"jiraAccountId\":\"" + jira + "\"}").status()).isEqualTo(200);
        assertThat(directory.usernameForJiraAccount(jira)).contains(kim);
        assertThat(create(unique("jo"), "AGENT", null, "\"jiraAccountId\":\"" + jira + "\"").status()).isEqualTo(409);
        assertFieldErrors(patch(kim, "{\"jiraAccountId\":\"not an id!\"}"), "jiraAccountId");

        Reply unknown = http.send(http.asAdmin(http.get("/api/v1/agents/nobody-" + UUID.randomUUID())));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(patch("nobody-" + UUID.randomUUID(), "{\"enabled\":false}").status()).isEqualTo(404);
        assertFieldErrors(patch(kim, "{\"role\":\"OWNER\",\"password\":\"tiny\"}"), "role", "password");

        assertThat(http.send(as(kim, PASSWORD, http.post("/api/v1/agents", "{}"))).status()).isEqualTo(403);
        assertThat(http.send(as(kim, PASSWORD, call("PATCH", "/api/v1/agents/" + kim, "{\"role\":\"ADMIN\"}"))).status())
                .isEqualTo(403);
        assertThat(http.send(http.post("/api/v1/agents", "{}")).status()).isEqualTo(401);

        Long admins = jdbc.queryForObject("SELECT COUNT(*) FROM agent WHERE role = 'ADMIN' AND enabled = TRUE", Long.class);
        if (admins == 1) {
            Reply lastAdmin = patch(HubHttp.ADMIN_USER, "{\"role\":\"AGENT\"}");
            assertThat(lastAdmin.status()).isEqualTo(409);
            assertThat(jdbc.queryForObject("SELECT role FROM agent WHERE username = ?", String.class, HubHttp.ADMIN_USER))
                    .isEqualTo("ADMIN");
        }
    }

    @Test
    @DisplayName("P15: an agent changes their own password with the current one; the old one stops working; audited")
    void agentChangesOwnPassword_P15() {
        String pat = unique("pat");
        assertThat(create(pat, "AGENT", null, null).status()).isEqualTo(201);
        String newPassword = "a-new-password-for-pat";

        assertFieldErrors(http.send(as(pat, PASSWORD, call("PUT", "/api/v1/agents/me/password",
                "{\"currentPassword\":\"wrong-password-123\",\"newPassword\":\"" + newPassword + "\"}"))), "currentPassword");
        assertFieldErrors(http.send(as(pat, PASSWORD, call("PUT", "/api/v1/agents/me/password",
                "{\"currentPassword\":\"" + PASSWORD + "\",\"newPassword\":\"short\"}"))), "newPassword");
        assertThat(http.send(call("PUT", "/api/v1/agents/me/password", "{}")).status()).isEqualTo(401);

        Reply changed = http.send(as(pat, PASSWORD, call("PUT", "/api/v1/agents/me/password",
                "{\"currentPassword\":\"" + PASSWORD + "\",\"newPassword\":\"" + newPassword + "\"}")));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().get("username").asText()).isEqualTo(pat);
        assertThat(http.send(as(pat, PASSWORD, http.get("/api/v1/tickets"))).status()).isEqualTo(401);
        assertThat(http.send(as(pat, newPassword, http.get("/api/v1/tickets"))).status()).isEqualTo(200);

        assertThat(count("SELECT COUNT(*) FROM agent_audit WHERE username = ? AND actor = ? "
                + "AND change_type = 'agent.password-changed'", pat, pat)).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM agent_audit WHERE username = ? AND (detail LIKE ? OR detail LIKE ?)",
                pat, "%" + newPassword + "%", "%" + PASSWORD + "%")).isZero();

        // the administrator sets a password (a reset): audited as such, the agent signs in with it
        String reset = "reset-by-the-admin-1";
        assertThat(patch(pat, "{\"password\":\"" + reset + "\"}").status()).isEqualTo(200);
        assertThat(http.send(as(pat, reset, http.get("/api/v1/tickets"))).status()).isEqualTo(200);
        assertThat(count("SELECT COUNT(*) FROM agent_audit WHERE username = ? AND detail LIKE '%password set by an administrator%'", pat))
                .isEqualTo(1);
    }

    @Test
    @DisplayName("P06: assignment takes only enabled agent accounts (422 otherwise); the assignee is told, unless they switched it off")
    void assignmentOnlyToEnabledAgentsAndNotifies_P06() throws Exception {
        String alex = unique("alex");
        String off = unique("off");
        assertThat(create(alex, "AGENT", alex + "@staff.example", null).status()).isEqualTo(201);
        assertThat(create(off, "AGENT", off + "@staff.example", "\"enabled\":false").status()).isEqualTo(201);
        String key = widgetTicket("docmail");

        Reply unknown = assign(key, "nobody-" + UUID.randomUUID().toString().substring(0, 8));
        assertFieldErrors(unknown, "assignee");
        assertFieldErrors(assign(key, off), "assignee");
        assertThat(jdbc.queryForObject("SELECT assignee FROM ticket WHERE ticket_key = ?", String.class, key)).isNull();

        Reply assigned = assign(key, alex);
        assertThat(assigned.status()).as(assigned.body()).isEqualTo(200);
        assertThat(assigned.json().get("assignee").asText()).isEqualTo(alex);
        List<JsonNode> notices = agentNotices(key);
        assertThat(notices).hasSize(1);
        JsonNode n = notices.get(0);
        assertThat(n.get("reason").asText()).isEqualTo(AgentNotices.ASSIGNED);
        assertThat(n.get("to").get(0).asText()).isEqualTo(alex + "@staff.example");
        assertThat(n.get("agent").asText()).isEqualTo(alex);
        assertThat(n.get("internal").asBoolean()).isTrue();
        assertThat(n.get("subject").asText()).contains("Cannot print labels");

        // a customer's reply on alex's ticket: alex is told
        IntakeResult reply = producer.requestBody("direct:ticket-intake", new TicketIntake(Channel.EMAIL, "docmail",
                Party.ofEmail("Ann Customer", unique("ann") + "@example.com"), "Re: Cannot print labels",
                "Still blank", List.of(), "<" + UUID.randomUUID() + "@mail.example>", null, key, List.of(),
                Instant.parse("2026-11-20T10:00:00Z"), Map.of()), IntakeResult.class);
        assertThat(reply.outcome()).isEqualTo(IntakeOutcome.ATTACHED);
        notices = agentNotices(key);
        assertThat(notices).hasSize(2);
        assertThat(notices.get(1).get("reason").asText()).isEqualTo(AgentNotices.CUSTOMER_REPLY);
        assertThat(notices.get(1).get("to").get(0).asText()).isEqualTo(alex + "@staff.example");

        // switched off: neither an assignment nor a customer reply tells alex any more
        assertThat(patch(alex, "{\"notifications\":{\"assigned\":false,\"customerReply\":false}}").status()).isEqualTo(200);
        String second = widgetTicket("docmail");
        assertThat(assign(second, alex).status()).isEqualTo(200);
        assertThat(agentNotices(second)).isEmpty();

        // disabled after assignment: no more notices, and the ticket cannot be given to them again
        assertThat(patch(alex, "{\"enabled\":false,\"notifications\":{\"assigned\":true,\"customerReply\":true}}")
                .status()).isEqualTo(200);
        assertThat(assign(second, null).status()).isEqualTo(200);
        assertFieldErrors(assign(second, alex), "assignee");
        assertThat(agentNotices(second)).isEmpty();
    }

    @Test
    @DisplayName("P06: an agent who follows a product is told of each new ticket in it, not of other products; switchable")
    void newTicketNoticesPerProduct_P06() throws Exception {
        String nina = unique("nina");
        assertThat(create(nina, "AGENT", nina + "@staff.example",
                "\"products\":[\"runmy\"],\"notifications\":{\"newTicket\":true}").status()).isEqualTo(201);
        try {
            String runmy = widgetTicket("runmy");
            String docmail = widgetTicket("docmail");
            List<JsonNode> notices = agentNotices(runmy).stream().filter(p -> p.get("agent").asText().equals(nina)).toList();
            assertThat(notices).hasSize(1);
            assertThat(notices.get(0).get("reason").asText()).isEqualTo(AgentNotices.NEW_TICKET);
            assertThat(notices.get(0).get("to").get(0).asText()).isEqualTo(nina + "@staff.example");
            assertThat(notices.get(0).get("text").asText()).contains(runmy);
            assertThat(agentNotices(docmail)).noneMatch(p -> p.get("agent").asText().equals(nina));

            Reply off = patch(nina, "{\"notifications\":{\"newTicket\":false}}");
            assertThat(off.json().get("notifications").get("newTicket").asBoolean()).isFalse();
            assertThat(off.json().get("notifications").get("assigned").asBoolean()).isTrue();
            String later = widgetTicket("runmy");
            assertThat(agentNotices(later)).noneMatch(p -> p.get("agent").asText().equals(nina));
        } finally {
            // other tests count their tickets' mail.notice rows: nobody follows new tickets after this test
            jdbc.update("UPDATE agent SET notify_new_ticket = FALSE WHERE username = ?", nina);
        }
    }
}
