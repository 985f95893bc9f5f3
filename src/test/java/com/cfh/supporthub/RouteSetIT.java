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
                        "outbox-mail", "outbox-mail-deliver",
                        "rest-openapi");
    }
}
