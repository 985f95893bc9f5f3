package com.cfh.supporthub.jira;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import com.cfh.supporthub.jira.JiraProperties.Mode;
import com.cfh.supporthub.jira.JiraProperties.TextPolicy;
import com.cfh.supporthub.jira.JiraRequests.JiraRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class JiraRequestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode ticket() throws Exception {
        return JSON.readTree("{\"ticketKey\":\"RUN-7\",\"product\":\"runmy\",\"channel\":\"PHONE\",\"priority\":\"NORMAL\","
                + "\"subject\":\"Card\",\"text\":\"Call me on 07700 900123 or ann@example.com\","
                + "\"requester\":{\"name\":\"Ann\",\"email\":\"ann@example.com\",\"phone\":\"+447700900123\"},"
                + "\"participants\":[{\"email\":\"bob@example.com\"}]}");
    }

    private static JiraProperties properties(Mode mode) {
        JiraProperties p = new JiraProperties();
        p.setMode(mode);
        p.setProjectKey("SUP");
        p.setServiceDeskId("4");
        p.setRequestTypeId("12");
        return p;
    }

    private static JsonNode body(JiraRequest r) {
        return JSON.valueToTree(r.body());
    }

    @Test
    @DisplayName("P20 cloud-issue: ADF description, one paragraph per block, hard breaks inside, no empty text node")
    void adf() {
        Map<String, Object> doc = Adf.of("Line one\nline two\n\n\nSecond block\n");
        JsonNode n = JSON.valueToTree(doc);
        assertThat(n.path("type").asText()).isEqualTo("doc");
        assertThat(n.path("version").asInt()).isEqualTo(1);
        assertThat(n.path("content")).hasSize(2);
        assertThat(n.path("content").get(0).path("content").get(1).path("type").asText()).isEqualTo("hardBreak");
        assertThat(JSON.valueToTree(Adf.of("")).path("content")).isEmpty();
    }

    @Test
    @DisplayName("P15 by default the requester's phone never leaves the hub; name and e-mail do")
    void defaultMinimisation() throws Exception {
        JiraRequests r = new JiraRequests(properties(Mode.DATACENTER_ISSUE));
        String description = body(r.create(ticket(), null, List.of())).path("fields").path("description").asText();
        assertThat(description).contains("Ann", "ann@example.com").doesNotContain("+447700900123");
    }

    @Test
    @DisplayName("P15 redacted text masks e-mail addresses and long numbers; none sends a pointer to the hub ticket")
    void textPolicies() throws Exception {
        JiraProperties p = properties(Mode.DATACENTER_ISSUE);
        p.getMinimise().setText(TextPolicy.REDACTED);
        p.getMinimise().setRequesterEmail(false);
        p.getMinimise().setRequesterName(false);
        String redacted = body(new JiraRequests(p).create(ticket(), null, List.of())).path("fields").path("description").asText();
        assertThat(redacted).contains("Call me on [number removed] or [email removed]").doesNotContain("Ann")
                .doesNotContain("ann@example.com").doesNotContain("07700");
        p.getMinimise().setText(TextPolicy.NONE);
        String none = body(new JiraRequests(p).create(ticket(), null, List.of())).path("fields").path("description").asText();
        assertThat(none).contains("kept in the support hub, ticket RUN-7").doesNotContain("Call me");
    }

    @Test
    @DisplayName("P20 datacenter-issue: REST v2 paths, plain-text description and comment")
    void dataCenter() throws Exception {
        JiraRequests r = new JiraRequests(properties(Mode.DATACENTER_ISSUE));
        assertThat(r.create(ticket(), null, List.of()).path()).isEqualTo("/rest/api/2/issue");
        assertThat(r.searchByLabel("RUN-7").path()).isEqualTo("/rest/api/2/search");
        JiraRequest comment = r.comment("SUP-1", JSON.readTree("{\"text\":\"Hi\",\"author\":\"agent\",\"public\":true}"), 5);
        assertThat(comment.path()).isEqualTo("/rest/api/2/issue/SUP-1/comment");
        assertThat(body(comment).path("body").asText()).isEqualTo("agent: Hi");
    }

    @Test
    @DisplayName("P20 service-desk: a customer request on behalf of the requester with its participants; comments public or not")
    void serviceDesk() throws Exception {
        JiraRequests r = new JiraRequests(properties(Mode.SERVICE_DESK));
        JiraRequest create = r.create(ticket(), "acc-ann", List.of("acc-bob"));
        assertThat(create.path()).isEqualTo("/rest/servicedeskapi/request");
        JsonNode b = body(create);
        assertThat(b.path("serviceDeskId").asText()).isEqualTo("4");
        assertThat(b.path("requestTypeId").asText()).isEqualTo("12");
        assertThat(b.path("raiseOnBehalfOf").asText()).isEqualTo("acc-ann");
        assertThat(b.path("requestParticipants").get(0).asText()).isEqualTo("acc-bob");
        assertThat(b.path("requestFieldValues").path("summary").asText()).isEqualTo("[RUN-7] Card");
        JsonNode note = body(r.comment("SUP-1", JSON.readTree("{\"text\":\"x\",\"public\":false}"), 5));
        assertThat(note.path("public").asBoolean()).isFalse();
        assertThat(r.createdKey(JSON.readTree("{\"issueId\":\"1\",\"issueKey\":\"SD-9\"}"))).isEqualTo("SD-9");
    }

    @Test
    @DisplayName("P20 a product's own project key and issue type win over the defaults")
    void perProductTarget() throws Exception {
        JiraProperties p = properties(Mode.CLOUD_ISSUE);
        JiraTarget runmy = new JiraTarget();
        runmy.setProjectKey("RUN");
        p.getProducts().put("runmy", runmy);
        JsonNode fields = body(new JiraRequests(p).create(ticket(), null, List.of())).path("fields");
        assertThat(fields.path("project").path("key").asText()).isEqualTo("RUN");
        assertThat(fields.path("issuetype").path("name").asText()).isEqualTo("Task");
    }

    @Test
    @DisplayName("P20 issue 16.4: an UPDATE is PUT issue/{key}; the assignee by accountId (Cloud, JSM) or name (Data Center), null unassigns")
    void updateByMode() throws Exception {
        JsonNode change = JSON.readTree("{\"ticketKey\":\"RUN-7\",\"fields\":{\"customfield_10060\":null},"
                + "\"assignee\":{\"accountId\":\"acc-1\"},\"labelsAdd\":[\"sla-at-risk\"],\"labelsRemove\":[\"tier-2\"],"
                + "\"componentsAdd\":[\"Second line\"]}");
        JiraRequest cloud = new JiraRequests(properties(Mode.SERVICE_DESK)).update("SUP-7", change);
        assertThat(cloud.method()).isEqualTo("PUT");
        assertThat(cloud.path()).isEqualTo("/rest/api/3/issue/SUP-7");
        JsonNode b = body(cloud);
        assertThat(b.path("fields").path("assignee").path("accountId").asText()).isEqualTo("acc-1");
        assertThat(b.path("fields").has("customfield_10060")).isTrue();
        assertThat(b.path("fields").path("customfield_10060").isNull()).isTrue();
        assertThat(b.path("update").path("labels").toString()).isEqualTo("[{\"add\":\"sla-at-risk\"},{\"remove\":\"tier-2\"}]");
        assertThat(b.path("update").path("components").toString()).isEqualTo("[{\"add\":{\"name\":\"Second line\"}}]");

        JiraRequest dc = new JiraRequests(properties(Mode.DATACENTER_ISSUE)).update("SUP-7", change);
        assertThat(dc.path()).isEqualTo("/rest/api/2/issue/SUP-7");
        assertThat(body(dc).path("fields").path("assignee").path("name").asText()).isEqualTo("acc-1");

        JsonNode none = JSON.readTree("{\"ticketKey\":\"RUN-7\",\"assignee\":{}}");
        JsonNode unassign = body(new JiraRequests(properties(Mode.CLOUD_ISSUE)).update("SUP-7", none));
        assertThat(unassign.path("fields").has("assignee")).isTrue();
        assertThat(unassign.path("fields").path("assignee").isNull()).isTrue();
        assertThat(unassign.has("update")).isFalse();
    }
}
