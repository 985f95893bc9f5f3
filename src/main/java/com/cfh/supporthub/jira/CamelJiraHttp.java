package com.cfh.supporthub.jira;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

import com.cfh.supporthub.jira.JiraProperties.Mode;
import com.cfh.supporthub.jira.JiraRequests.JiraRequest;
import com.cfh.supporthub.health.ChannelHealth;
import com.cfh.supporthub.health.ChannelStatus;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Sends the mirror's calls through the {@code jira-http} route (routes/jira-mirror.camel.yaml), which
 * drops every header, sets method, URL and credentials, and calls Jira with camel-http. Credentials come
 * from hub.jira.user / hub.jira.api-token (environment variables): Basic for Jira Cloud and JSM,
 * Bearer (a personal access token) for Data Center.
 */
@Component("jiraHttp")
public class CamelJiraHttp implements JiraHttp {

    private final ProducerTemplate camel;
    private final JiraProperties properties;
    private final ObjectMapper json;

    private final ChannelStatus channels;

    public CamelJiraHttp(@Lazy ProducerTemplate camel, JiraProperties properties, ObjectMapper json, ChannelStatus channels) {
        this.camel = camel;
        this.channels = channels;
        this.properties = properties;
        this.json = json;
    }

    @Override
    public JiraResponse send(JiraRequest request) {
        JiraResponse response = call(request);
        // health (issue 14 item 12): no answer or a 5xx is Jira down, logged once per outage; any other answer is up
        if (response.status() == 0 || response.status() >= 500) {
            channels.down(ChannelHealth.JIRA, response.error() != null ? response.error() : "HTTP " + response.status());
        } else {
            channels.up(ChannelHealth.JIRA);
        }
        return response;
    }

    private JiraResponse call(JiraRequest request) {
        String body;
        try {
            body = request.body() == null ? null : json.writeValueAsString(request.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String base = properties.getBaseUrl().endsWith("/")
                ? properties.getBaseUrl().substring(0, properties.getBaseUrl().length() - 1) : properties.getBaseUrl();
        Exchange answer = camel.send("direct:jira-http", exchange -> {
            exchange.setProperty("jiraMethod", request.method());
            exchange.setProperty("jiraUrl", base + request.path());
            exchange.getIn().setBody(body);
        });
        if (answer.getException() != null) {
            Exception e = answer.getException();
            return new JiraResponse(0, null, null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        Integer status = answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        return new JiraResponse(status == null ? 0 : status, answer.getMessage().getBody(String.class),
                answer.getMessage().getHeader("Retry-After", String.class), null);
    }

    /** The Authorization header of every call (called by the jira-http route). */
    public String authorization() {
        if (properties.getMode() == Mode.DATACENTER_ISSUE) {
            return "Bearer " + properties.getApiToken();
        }
        return "Basic " + Base64.getEncoder().encodeToString((properties.getUser() + ":" + properties.getApiToken())
                .getBytes(StandardCharsets.UTF_8));
    }
}
