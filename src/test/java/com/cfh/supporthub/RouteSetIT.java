package com.cfh.supporthub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.cfh.supporthub.support.HubIT;

/** A glob that matches nothing loads zero routes silently: this pins the exact set that loads. */
class RouteSetIT extends HubIT {

    @Autowired
    CamelContext camel;

    @Test
    @DisplayName("Exactly the routes of routes/ load, each with its id")
    void exactRouteIdsLoad() {
        assertThat(camel.getRoutes().stream().map(Route::getRouteId).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(
                        "ticket-intake",
                        "intake-widget", "rest-widget-create-ticket",
                        "agent-ticket-get", "rest-agent-ticket-get",
                        "agent-ticket-list", "rest-agent-ticket-list",
                        "agent-ticket-reply", "rest-agent-ticket-reply",
                        "agent-ticket-transition", "rest-agent-ticket-transition",
                        "sla-preview", "rest-sla-preview",
                        "sla-scan", "escalation",
                        "intake-telephony", "rest-telephony-webhook", "rest-telephony-webhook-segment",
                        "telephony-call", "intake-telephony-twilio", "intake-telephony-cti", "intake-telephony-aircall",
                        "intake-telephony-vonage",
                        "agent-call-ticket", "rest-agent-call-ticket",
                        "agent-ticket-assign", "rest-agent-ticket-assign",
                        "agent-ticket-classify", "rest-agent-ticket-classify",
                        "agent-ticket-product", "rest-agent-ticket-product",
                        "agent-ticket-note", "rest-agent-ticket-note",
                        "agent-ticket-wait", "rest-agent-ticket-wait",
                        "agent-message-redact", "rest-agent-message-redact",
                        "agent-account-list", "rest-agent-account-list",
                        "agent-account-get", "rest-agent-account-get",
                        "agent-account-create", "rest-agent-account-create",
                        "agent-account-update", "rest-agent-account-update",
                        "agent-account-password", "rest-agent-account-password",
                        "agent-account-reply",
                        "feedback-page", "rest-feedback-page",
                        "feedback-submit", "rest-feedback-submit",
                        "auto-close",
                        "retention-purge",
                        "ticket-participants", "rest-ticket-participants",
                        "ticket-participant-add", "rest-ticket-participant-add",
                        "ticket-participant-remove", "rest-ticket-participant-remove",
                        "organisation-create", "rest-organisation-create",
                        "organisation-sharing", "rest-organisation-sharing",
                        "contact-revoke", "rest-contact-revoke",
                        "contact-export", "rest-contact-export",
                        "customer-access", "rest-customer-access",
                        "customer-tickets", "rest-customer-tickets",
                        "customer-ticket", "rest-customer-ticket",
                        "report-sla", "rest-report-sla",
                        "jira-mirror", "outbox-jira-deliver", "jira-http",
                        "jira-dead-letters", "rest-jira-dead-letters",
                        "jira-dead-letter-retry", "rest-jira-dead-letter-retry",
                        "outbox-dead-letters", "rest-outbox-dead-letters",
                        "outbox-dead-letter-retry", "rest-outbox-dead-letter-retry",
                        "jira-webhook", "rest-jira-webhook-receive",
                        // Jira fields and the back-fill (issue 16 items 4 and 5)
                        "jira-sla-sync",
                        "jira-backfill-start", "rest-jira-backfill-start",
                        "jira-backfill-progress", "rest-jira-backfill-progress", "jira-backfill",
                        "outbox-customer-mail", "outbox-customer-mail-deliver", "outbox-staff-mail", "outbox-staff-mail-deliver",
                        "email-copy-expiry",
                        "rest-openapi",
                        // pages (issue 18)
                        "pages-brand-css",
                        "portal-tickets", "portal-access-page", "portal-access", "portal-ticket", "portal-reply",
                        "portal-participant-add", "portal-participant-remove",
                        "report-page", "report-csv", "report-settle", "widget-script");
    }
}
