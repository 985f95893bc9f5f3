package com.cfh.supporthub.jira;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import com.cfh.supporthub.jira.JiraProperties.Mode;
import com.cfh.supporthub.jira.JiraProperties.TextPolicy;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The requests the mirror sends for each mode and what it reads from Jira's answers (P20), applying
 * the minimisation settings (P15). Plain values in and out: no HTTP, no Camel, no database.
 *
 * <ul>
 * <li>{@code cloud-issue}: Jira Cloud platform REST v3, texts in Atlassian Document Format (ADF).
 * <li>{@code service-desk}: JSM {@code /rest/servicedeskapi/request} and its comments; searches and
 *     customer look-ups through the platform API of the same site.
 * <li>{@code datacenter-issue}: REST v2, texts as plain strings.
 * </ul>
 */
@Component("jiraRequests")
public class JiraRequests {

    /** One HTTP call: method, path (with query) under hub.jira.base-url, JSON body or null. */
    public record JiraRequest(String method, String path, Object body) {
    }

    /** Property the hub puts on each comment it writes, naming its outbox row: a retry finds it. */
    static final String COMMENT_PROPERTY = "supporthub";
    /** JSM participants per request at most: each costs a user look-up, all within one delivery's lease. */
    static final int MAX_PARTICIPANTS = 10;
    private static final Pattern EMAIL = Pattern.compile("[\\w.%+-]+@[\\w.-]+\\.[A-Za-z]{2,}");
    private static final Pattern LONG_NUMBER = Pattern.compile("(?<![\\w])\\+?\\d[\\d \\-()]{6,}\\d(?![\\w])");

    private final JiraProperties properties;

    public JiraRequests(JiraProperties properties) {
        this.properties = properties;
    }

    private Mode mode() {
        return properties.getMode();
    }

    private String api() {
        return mode() == Mode.DATACENTER_ISSUE ? "/rest/api/2" : "/rest/api/3";
    }

    /** The label that names the hub ticket on its Jira issue. */
    public String ticketLabel(String ticketKey) {
        return properties.getTicketLabelPrefix() + ticketKey;
    }

    /** The search a retried create runs first: the issue that already carries the ticket's label. */
    public JiraRequest searchByLabel(String ticketKey) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jql", "labels = \"" + ticketLabel(ticketKey) + "\" ORDER BY created ASC");
        body.put("fields", List.of("key"));
        body.put("maxResults", 1);
        return new JiraRequest("POST", mode() == Mode.DATACENTER_ISSUE ? "/rest/api/2/search" : "/rest/api/3/search/jql",
                body);
    }

    /** The key of the first issue of a search answer, or null. */
    public String foundKey(JsonNode answer) {
        JsonNode issues = answer.path("issues");
        return issues.isArray() && !issues.isEmpty() ? text(issues.get(0).path("key")) : null;
    }

    /** POST /rest/api/3/issue, /rest/api/2/issue or /rest/servicedeskapi/request for a new ticket. */
    public JiraRequest create(JsonNode ticket, String raiseOnBehalfOf, List<String> participantIds) {
        String product = text(ticket.path("product"));
        JiraTarget target = properties.target(product);
        String summary = "[" + text(ticket.path("ticketKey")) + "] " + text(ticket.path("subject"));
        String description = description(ticket);
        List<String> labels = new ArrayList<>(properties.getLabels());
        labels.add(ticketLabel(text(ticket.path("ticketKey"))));
        if (mode() == Mode.SERVICE_DESK) {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("summary", summary);
            values.put("description", description);
            values.put("labels", labels);
            priority(ticket).ifPresent(p -> values.put("priority", Map.of("name", p)));
            values.putAll(customFields(ticket));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("serviceDeskId", target.getServiceDeskId());
            body.put("requestTypeId", target.getRequestTypeId());
            body.put("requestFieldValues", values);
            if (raiseOnBehalfOf != null) {
                body.put("raiseOnBehalfOf", raiseOnBehalfOf);
            }
            if (participantIds != null && !participantIds.isEmpty()) {
                body.put("requestParticipants", participantIds);
            }
            return new JiraRequest("POST", "/rest/servicedeskapi/request", body);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("project", Map.of("key", target.getProjectKey()));
        fields.put("issuetype", Map.of("name", target.getIssueType()));
        fields.put("summary", summary);
        fields.put("description", mode() == Mode.CLOUD_ISSUE ? Adf.of(description) : description);
        fields.put("labels", labels);
        priority(ticket).ifPresent(p -> fields.put("priority", Map.of("name", p)));
        fields.putAll(customFields(ticket));
        return new JiraRequest("POST", api() + "/issue", Map.of("fields", fields));
    }

    /** The Jira key in the answer to a create. */
    public String createdKey(JsonNode answer) {
        return mode() == Mode.SERVICE_DESK ? text(answer.path("issueKey")) : text(answer.path("key"));
    }

    /** A public comment (customer messages, public replies) or an internal one (notes). */
    public JiraRequest comment(String jiraKey, JsonNode message, long outboxId) {
        boolean isPublic = message.path("public").asBoolean(true);
        String text = commentText(message);
        if (mode() == Mode.SERVICE_DESK) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("body", text);
            body.put("public", isPublic);
            return new JiraRequest("POST", "/rest/servicedeskapi/request/" + path(jiraKey) + "/comment", body);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("body", mode() == Mode.CLOUD_ISSUE ? Adf.of(text) : text);
        List<Map<String, Object>> props = new ArrayList<>();
        props.add(Map.of("key", COMMENT_PROPERTY, "value", Map.of("outboxId", outboxId)));
        // Jira Service Management reads this property: internal comments stay hidden from customers.
        props.add(Map.of("key", "sd.public.comment", "value", Map.of("internal", !isPublic)));
        body.put("properties", props);
        return new JiraRequest("POST", api() + "/issue/" + path(jiraKey) + "/comment", body);
    }

    /**
     * {@code PUT /rest/api/{3|2}/issue/{key}} for an UPDATE row (issue 16.4; valid for JSM requests' issues too):
     * {@code fields} as given, the assignee by accountId (Data Center: name, null unassigns), labels added and removed and
     * components added through {@code update}.
     */
    public JiraRequest update(String jiraKey, JsonNode change) {
        Map<String, Object> fields = new LinkedHashMap<>();
        // a cleared field is a JSON null node: the hub's ObjectMapper leaves out plain null values
        change.path("fields").fields().forEachRemaining(f -> fields.put(f.getKey(), f.getValue()));
        if (change.has("assignee")) {
            String id = text(change.path("assignee").path("accountId"));
            fields.put("assignee", id == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : Map.of(mode() == Mode.DATACENTER_ISSUE ? "name" : "accountId", id));
        }
        Map<String, Object> update = new LinkedHashMap<>();
        List<Map<String, Object>> labels = new ArrayList<>();
        change.path("labelsAdd").forEach(l -> labels.add(Map.of("add", l.asText())));
        change.path("labelsRemove").forEach(l -> labels.add(Map.of("remove", l.asText())));
        if (!labels.isEmpty()) {
            update.put("labels", labels);
        }
        List<Map<String, Object>> components = new ArrayList<>();
        change.path("componentsAdd").forEach(c -> components.add(Map.of("add", Map.of("name", c.asText()))));
        if (!components.isEmpty()) {
            update.put("components", components);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        if (!fields.isEmpty()) {
            body.put("fields", fields);
        }
        if (!update.isEmpty()) {
            body.put("update", update);
        }
        return new JiraRequest("PUT", api() + "/issue/" + path(jiraKey), body);
    }

    /** The comments of an issue, to see whether an earlier attempt of a comment got through. */
    public JiraRequest comments(String jiraKey) {
        if (mode() == Mode.SERVICE_DESK) {
            return new JiraRequest("GET", "/rest/servicedeskapi/request/" + path(jiraKey) + "/comment?start=0&limit=100", null);
        }
        return new JiraRequest("GET", api() + "/issue/" + path(jiraKey) + "/comment?maxResults=100&orderBy=-created&expand=properties", null);
    }

    /** One comment read back with what decides its visibility: JSM's {@code public}, or the issue comment's properties. */
    public JiraRequest readComment(String jiraKey, String commentId) {
        if (mode() == Mode.SERVICE_DESK) {
            return new JiraRequest("GET", "/rest/servicedeskapi/request/" + path(jiraKey) + "/comment/" + path(commentId), null);
        }
        return new JiraRequest("GET", api() + "/issue/" + path(jiraKey) + "/comment/" + path(commentId) + "?expand=properties", null);
    }

    /** The id of the comment an earlier attempt of this row wrote, or null. */
    public String existingComment(JsonNode answer, JsonNode message, long outboxId) {
        if (mode() == Mode.SERVICE_DESK) {
            String text = commentText(message);
            boolean isPublic = message.path("public").asBoolean(true);
            for (JsonNode c : answer.path("values")) {
                if (text.equals(c.path("body").asText(null)) && c.path("public").asBoolean(true) == isPublic) {
                    return text(c.path("id"));
                }
            }
            return null;
        }
        for (JsonNode c : answer.path("comments")) {
            for (JsonNode p : c.path("properties")) {
                if (COMMENT_PROPERTY.equals(p.path("key").asText()) && p.path("value").path("outboxId").asLong() == outboxId) {
                    return text(c.path("id"));
                }
            }
        }
        return null;
    }

    /** The id in the answer to a comment. */
    public String commentId(JsonNode answer) {
        return text(answer.path("id"));
    }

    /** The configured transition for a hub status: an id (digits), a name to look up, or null (none). */
    public String transitionFor(String hubStatus) {
        String value = properties.getTransitions().get(hubStatus);
        return value == null || value.isBlank() ? null : value.trim();
    }

    public static boolean isTransitionId(String value) {
        return value.chars().allMatch(Character::isDigit);
    }

    public JiraRequest availableTransitions(String jiraKey) {
        return new JiraRequest("GET", api() + "/issue/" + path(jiraKey) + "/transitions", null);
    }

    /** The id of the available transition with this name (case-insensitive), or null. */
    public String transitionIdByName(JsonNode answer, String name) {
        for (JsonNode t : answer.path("transitions")) {
            if (name.equalsIgnoreCase(t.path("name").asText())) {
                return text(t.path("id"));
            }
        }
        return null;
    }

    /** The id itself when the issue offers that transition now, else null. */
    public String transitionIdById(JsonNode answer, String id) {
        for (JsonNode t : answer.path("transitions")) {
            if (id.equals(t.path("id").asText())) {
                return id;
            }
        }
        return null;
    }

    public JiraRequest transition(String jiraKey, String transitionId) {
        return new JiraRequest("POST", api() + "/issue/" + path(jiraKey) + "/transitions",
                Map.of("transition", Map.of("id", transitionId)));
    }

    /** JSM: the customer with this e-mail address, looked up in the site's users. */
    public JiraRequest findUser(String email) {
        return new JiraRequest("GET", "/rest/api/3/user/search?query=" + URLEncoder.encode(email, StandardCharsets.UTF_8)
                + "&maxResults=1", null);
    }

    public String foundAccountId(JsonNode answer) {
        return answer.isArray() && !answer.isEmpty() ? text(answer.get(0).path("accountId")) : null;
    }

    /** JSM: creates a customer account for an e-mail address Jira does not know yet. */
    public JiraRequest createCustomer(String email, String displayName) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", email);
        body.put("displayName", displayName == null || displayName.isBlank() ? email : displayName);
        return new JiraRequest("POST", "/rest/servicedeskapi/customer", body);
    }

    public String customerAccountId(JsonNode answer) {
        return text(answer.path("accountId"));
    }

    /** The requester's e-mail address when minimisation lets it leave the hub, else null. */
    public String requesterEmail(JsonNode ticket) {
        return properties.getMinimise().isRequesterEmail() ? text(ticket.path("requester").path("email")) : null;
    }

    /** The participants' e-mail addresses when minimisation lets them leave the hub. */
    public List<String> participantEmails(JsonNode ticket) {
        List<String> emails = new ArrayList<>();
        if (properties.getMinimise().isParticipants()) {
            for (JsonNode p : ticket.path("participants")) {
                String email = text(p.path("email"));
                if (email != null && emails.size() < MAX_PARTICIPANTS) {
                    emails.add(email);
                }
            }
        }
        return emails;
    }

    /** The description of a new issue: who asks and what, as far as minimisation allows (P15). */
    String description(JsonNode ticket) {
        JiraProperties.Minimise m = properties.getMinimise();
        JsonNode r = ticket.path("requester");
        List<String> who = new ArrayList<>();
        if (m.isRequesterName() && text(r.path("name")) != null) who.add(text(r.path("name")));
        if (m.isRequesterEmail() && text(r.path("email")) != null) who.add("<" + text(r.path("email")) + ">");
        if (m.isRequesterPhone() && text(r.path("phone")) != null) who.add("tel. " + text(r.path("phone")));
        StringBuilder d = new StringBuilder();
        d.append("Hub ticket ").append(text(ticket.path("ticketKey"))).append(" (")
                .append(text(ticket.path("product"))).append(", via ").append(text(ticket.path("channel")).toLowerCase(Locale.ROOT))
                .append(")");
        if (!who.isEmpty()) {
            d.append(" from ").append(String.join(" ", who));
        }
        d.append("\n\n").append(text(text(ticket.path("text")), text(ticket.path("ticketKey"))));
        return d.toString();
    }

    private String commentText(JsonNode message) {
        String author = text(message.path("author"));
        if ("customer".equals(text(message.path("authorRole"))) && !properties.getMinimise().isRequesterName()) {
            author = "the customer";
        }
        return (author == null ? "" : author + ": ") + text(text(message.path("text")), text(message.path("ticketKey")));
    }

    /** A text as the minimisation policy lets it leave: whole, with addresses and long numbers masked, or not at all. */
    String text(String text, String ticketKey) {
        TextPolicy policy = properties.getMinimise().getText();
        if (policy == TextPolicy.NONE || text == null) {
            return "(The text is kept in the support hub, ticket " + ticketKey + ".)";
        }
        if (policy == TextPolicy.REDACTED) {
            return LONG_NUMBER.matcher(EMAIL.matcher(text).replaceAll("[email removed]")).replaceAll("[number removed]");
        }
        return text;
    }

    private java.util.Optional<String> priority(JsonNode ticket) {
        return java.util.Optional.ofNullable(properties.getPriorities().get(text(ticket.path("priority"))));
    }

    private Map<String, Object> customFields(JsonNode ticket) {
        Map<String, Object> fields = new LinkedHashMap<>();
        properties.getCustomFields().forEach((id, value) -> fields.put(id, value instanceof String s
                ? s.replace("{ticketKey}", String.valueOf(text(ticket.path("ticketKey"))))
                        .replace("{product}", String.valueOf(text(ticket.path("product"))))
                        .replace("{channel}", String.valueOf(text(ticket.path("channel"))))
                : value));
        return fields;
    }

    private static String path(String jiraKey) {
        return URLEncoder.encode(jiraKey, StandardCharsets.UTF_8);
    }

    static String text(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? null : node.asText();
    }
}
