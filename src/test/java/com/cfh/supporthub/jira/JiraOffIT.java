package com.cfh.supporthub.jira;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.cfh.supporthub.support.HubHttp;
import com.cfh.supporthub.support.HubIT;

/** The hub's default context: the mirror is off unless hub.jira.enabled=true (P20). */
class JiraOffIT extends HubIT {

    @Autowired
    CamelContext camel;

    @Autowired
    JiraMirror mirror;

    @Test
    @DisplayName("P20 off by default: nothing is queued for Jira, the jira-mirror route does not run, a run does nothing")
    void offByDefault() {
        HubHttp.Reply reply = http.send(http.widget(HubHttp.widgetJson("runmy", "off@example.com", "Off", "No Jira")));
        assertThat(reply.status()).isEqualTo(201);
        String key = reply.json().path("key").asText();
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE destination = 'jira' AND ticket_key = ?", key)).isZero();
        assertThat(camel.getRouteController().getRouteStatus("jira-mirror")).isEqualTo(ServiceStatus.Stopped);
        assertThat(camel.getRouteController().getRouteStatus("outbox-jira-deliver")).isEqualTo(ServiceStatus.Stopped);
        JiraMirror.Run run = mirror.start();
        assertThat(mirror.again(run)).isFalse();
        assertThat(mirror.claim(run)).isEmpty();
    }
}
