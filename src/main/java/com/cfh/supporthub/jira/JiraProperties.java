package com.cfh.supporthub.jira;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Every {@code hub.jira.*} key of {@code application.yaml} (P20, P15): the optional Jira mirror. */
@ConfigurationProperties(prefix = "hub.jira")
public class JiraProperties extends JiraTarget {

    /** Which Jira API the mirror writes to. */
    public enum Mode {
        /** Jira Cloud platform REST v3: POST /rest/api/3/issue, ADF texts, Basic auth with an API token. */
        CLOUD_ISSUE,
        /** Jira Service Management Cloud: POST /rest/servicedeskapi/request, customer requests. */
        SERVICE_DESK,
        /** Jira Data Center / Server REST v2: POST /rest/api/2/issue, plain texts, Bearer personal access token. */
        DATACENTER_ISSUE
    }

    /**
     * Which comments written in Jira (not JSM) the hub sends to the customer as public replies (P03, P15):
     * none (every comment stays an internal note), property (a comment whose {@code sd.public.comment} property says
     * {@code internal: false}, read back through the API), prefix (a comment starting with publicCommentPrefix).
     * In service-desk mode JSM's own {@code public} flag decides, read back through the API.
     */
    public enum PublicComments { NONE, PROPERTY, PREFIX }

    /** What the text of a ticket, reply or note becomes when it leaves the hub (P15). */
    public enum TextPolicy { FULL, REDACTED, NONE }

    private boolean enabled = false;
    private Mode mode = Mode.CLOUD_ISSUE;
    private String baseUrl = "";
    private String user = "";
    private String apiToken = "";
    private String webhookSecret = "";
    /** The Jira account the hub writes as: webhook events by it are the hub's own echoes. */
    private String accountId = "";
    /** Per product: project key, issue type, service desk and request type that win over the ones above. */
    private Map<String, JiraTarget> products = new LinkedHashMap<>();
    /** Hub priority (LOW, NORMAL, HIGH, URGENT) to Jira priority name; unmapped: no priority sent. */
    private Map<String, String> priorities = new LinkedHashMap<>();
    /** Labels every mirrored issue gets, besides the one that names its hub ticket. */
    private List<String> labels = new ArrayList<>(List.of("support-hub"));
    /** Prefix of the label that names the hub ticket (supporthub-DOC-1): how a retried create finds its issue. */
    private String ticketLabelPrefix = "supporthub-";
    /** Custom fields set on every created issue: field id to value; {ticketKey}, {product}, {channel} are filled in. */
    private Map<String, Object> customFields = new LinkedHashMap<>();
    /** Hub status (OPEN, WAITING_ON_CUSTOMER, RESOLVED, ...) to Jira transition id (digits) or name. */
    private Map<String, String> transitions = new LinkedHashMap<>();
    /** Webhook: Jira status name to hub action (WAIT_ON_CUSTOMER, CUSTOMER_REPLY, RESOLVE, REOPEN). */
    private Map<String, String> inboundStatuses = new LinkedHashMap<>();
    private PublicComments publicComments = PublicComments.NONE;
    private String publicCommentPrefix = "[public]";
    private Delivery delivery = new Delivery();
    private Minimise minimise = new Minimise();
    private Backfill backfill = new Backfill();
    /** Per escalation tier (TIER2, MANAGER): the Jira assignee, component and label the issue gets (issue 16.4). */
    private Map<String, TierTarget> tiers = new LinkedHashMap<>();
    private DueFields dueFields = new DueFields();
    private LabelsFor labelsFor = new LabelsFor();
    private SlaSync slaSync = new SlaSync();

    public JiraProperties() {
        setProjectKey("SUP");
        setIssueType("Task");
        setServiceDeskId("");
        setRequestTypeId("");
    }

    public static class Delivery {
        // batch size, lease, retries and circuit: hub.outbox.destinations.jira.* (OutboxProperties)
        /** Quartz cron of the jira-mirror route (seconds first) and its time zone. */
        private String cron = "0/10 * * * * ?";
        private String timeZone = "Europe/London";

        public String getCron() { return cron; }
        public void setCron(String cron) { this.cron = cron; }
        public String getTimeZone() { return timeZone; }
        public void setTimeZone(String timeZone) { this.timeZone = timeZone; }
    }

    /** What a tier puts on the Jira issue; each optional. */
    public static class TierTarget {
        private String assigneeAccountId;
        private String component;
        private String label;

        public String getAssigneeAccountId() { return assigneeAccountId; }
        public void setAssigneeAccountId(String assigneeAccountId) { this.assigneeAccountId = assigneeAccountId; }
        public String getComponent() { return component; }
        public void setComponent(String component) { this.component = component; }
        public String getLabel() { return label; }
        public void setLabel(String label) { this.label = label; }
    }

    /** Jira date-time custom field ids that get the policy's due instants; unset: not sent. */
    public static class DueFields {
        private String firstResponse;
        private String resolution;

        public String getFirstResponse() { return firstResponse; }
        public void setFirstResponse(String firstResponse) { this.firstResponse = firstResponse; }
        public String getResolution() { return resolution; }
        public void setResolution(String resolution) { this.resolution = resolution; }
    }

    /** Labels of the SLA marks; empty: not sent. */
    public static class LabelsFor {
        private String atRisk = "sla-at-risk";
        private String breached = "sla-breached";

        public String getAtRisk() { return atRisk; }
        public void setAtRisk(String atRisk) { this.atRisk = atRisk; }
        public String getBreached() { return breached; }
        public void setBreached(String breached) { this.breached = breached; }
    }

    /** The jira-sla-sync route: tier, due instants and SLA labels of mirrored tickets. */
    public static class SlaSync {
        private String cron = "30 * * * * ?";

        public String getCron() { return cron; }
        public void setCron(String cron) { this.cron = cron; }
    }

    /** The back-fill of tickets created before the mirror was on (issue 16.5). */
    public static class Backfill {
        /** Tickets per batch (one transaction each). */
        private int batchSize = 100;
        /** When the jira-backfill route runs a batch: Quartz cron (seconds first), read in the delivery time zone. */
        private String cron = "5/15 * * * * ?";

        public int getBatchSize() { return batchSize; }
        public void setBatchSize(int batchSize) { this.batchSize = batchSize; }
        public String getCron() { return cron; }
        public void setCron(String cron) { this.cron = cron; }
    }

    /** What leaves the hub (P15). */
    public static class Minimise {
        private boolean requesterEmail = true;
        private boolean requesterName = true;
        private boolean requesterPhone = false;
        private boolean participants = true;
        private boolean internalNotes = true;
        private TextPolicy text = TextPolicy.FULL;

        public boolean isRequesterEmail() { return requesterEmail; }
        public void setRequesterEmail(boolean requesterEmail) { this.requesterEmail = requesterEmail; }
        public boolean isRequesterName() { return requesterName; }
        public void setRequesterName(boolean requesterName) { this.requesterName = requesterName; }
        public boolean isRequesterPhone() { return requesterPhone; }
        public void setRequesterPhone(boolean requesterPhone) { this.requesterPhone = requesterPhone; }
        public boolean isParticipants() { return participants; }
        public void setParticipants(boolean participants) { this.participants = participants; }
        public boolean isInternalNotes() { return internalNotes; }
        public void setInternalNotes(boolean internalNotes) { this.internalNotes = internalNotes; }
        public TextPolicy getText() { return text; }
        public void setText(TextPolicy text) { this.text = text; }
    }

    /** The target of a product: its own values where set, else the top-level ones. */
    public JiraTarget target(String product) {
        JiraTarget own = products.getOrDefault(product == null ? "" : product, new JiraTarget());
        JiraTarget t = new JiraTarget();
        t.setProjectKey(own.getProjectKey() != null ? own.getProjectKey() : getProjectKey());
        t.setIssueType(own.getIssueType() != null ? own.getIssueType() : getIssueType());
        t.setServiceDeskId(own.getServiceDeskId() != null ? own.getServiceDeskId() : getServiceDeskId());
        t.setRequestTypeId(own.getRequestTypeId() != null ? own.getRequestTypeId() : getRequestTypeId());
        return t;
    }

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public PublicComments getPublicComments() { return publicComments; }
    public void setPublicComments(PublicComments publicComments) { this.publicComments = publicComments; }
    public String getPublicCommentPrefix() { return publicCommentPrefix; }
    public void setPublicCommentPrefix(String publicCommentPrefix) { this.publicCommentPrefix = publicCommentPrefix; }
    public Mode getMode() { return mode; }
    public void setMode(Mode mode) { this.mode = mode; }
    public String getBaseUrl() { return baseUrl; }
    public void setBaseUrl(String baseUrl) { this.baseUrl = baseUrl; }
    public String getUser() { return user; }
    public void setUser(String user) { this.user = user; }
    public String getApiToken() { return apiToken; }
    public void setApiToken(String apiToken) { this.apiToken = apiToken; }
    public String getWebhookSecret() { return webhookSecret; }
    public void setWebhookSecret(String webhookSecret) { this.webhookSecret = webhookSecret; }
    public String getAccountId() { return accountId; }
    public void setAccountId(String accountId) { this.accountId = accountId; }
    public Map<String, JiraTarget> getProducts() { return products; }
    public void setProducts(Map<String, JiraTarget> products) { this.products = products; }
    public Map<String, String> getPriorities() { return priorities; }
    public void setPriorities(Map<String, String> priorities) { this.priorities = priorities; }
    public List<String> getLabels() { return labels; }
    public void setLabels(List<String> labels) { this.labels = labels; }
    public String getTicketLabelPrefix() { return ticketLabelPrefix; }
    public void setTicketLabelPrefix(String ticketLabelPrefix) { this.ticketLabelPrefix = ticketLabelPrefix; }
    public Map<String, Object> getCustomFields() { return customFields; }
    public void setCustomFields(Map<String, Object> customFields) { this.customFields = customFields; }
    public Map<String, String> getTransitions() { return transitions; }
    public void setTransitions(Map<String, String> transitions) { this.transitions = transitions; }
    public Map<String, String> getInboundStatuses() { return inboundStatuses; }
    public void setInboundStatuses(Map<String, String> inboundStatuses) { this.inboundStatuses = inboundStatuses; }
    public Delivery getDelivery() { return delivery; }
    public void setDelivery(Delivery delivery) { this.delivery = delivery; }
    public Minimise getMinimise() { return minimise; }
    public Backfill getBackfill() { return backfill; }
    public Map<String, TierTarget> getTiers() { return tiers; }
    public void setTiers(Map<String, TierTarget> tiers) { this.tiers = tiers; }
    public DueFields getDueFields() { return dueFields; }
    public void setDueFields(DueFields dueFields) { this.dueFields = dueFields; }
    public LabelsFor getLabelsFor() { return labelsFor; }
    public void setLabelsFor(LabelsFor labelsFor) { this.labelsFor = labelsFor; }
    public SlaSync getSlaSync() { return slaSync; }
    public void setSlaSync(SlaSync slaSync) { this.slaSync = slaSync; }
    public void setBackfill(Backfill backfill) { this.backfill = backfill; }
    public void setMinimise(Minimise minimise) { this.minimise = minimise; }
}
