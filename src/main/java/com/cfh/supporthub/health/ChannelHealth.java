package com.cfh.supporthub.health;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The outside systems as components of the overall health ({@code /actuator/health}): {@code mailbox}
 * (every polled mailbox), {@code smtp}, {@code jira}, read from {@link ChannelStatus}. DOWN while the
 * last attempt failed, UP once it answered, UNKNOWN before the first attempt (not configured, or not
 * tried yet). They are in no probe group: an outage shows here (details for ADMIN only) and never makes
 * {@code /actuator/health/liveness} or {@code /readiness} DOWN, so a load balancer keeps a node that
 * still takes webhooks and widget requests (issue 14 item 12).
 */
@Configuration(proxyBeanMethods = false)
public class ChannelHealth {

    /** Component name prefix of the mailbox polls: their route ids. */
    public static final String MAILBOX = "intake-email-";
    public static final String SMTP = "smtp";
    public static final String JIRA = "jira";

    @Bean
    HealthIndicator mailboxHealthIndicator(ChannelStatus channels) {
        return () -> health(channels.states(MAILBOX));
    }

    @Bean
    HealthIndicator smtpHealthIndicator(ChannelStatus channels) {
        return () -> health(channels.states(SMTP));
    }

    @Bean
    HealthIndicator jiraHealthIndicator(ChannelStatus channels) {
        return () -> health(channels.states(JIRA));
    }

    static Health health(Map<String, ChannelStatus.State> states) {
        if (states.isEmpty()) {
            return Health.unknown().withDetail("state", "not tried yet (or not configured)").build();
        }
        boolean down = states.values().stream().anyMatch(s -> !s.up());
        Health.Builder builder = down ? Health.down() : Health.up();
        states.forEach((name, s) -> {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("status", s.up() ? "UP" : "DOWN");
            detail.put("since", s.since().toString());
            detail.put("lastAttempt", s.lastAttempt().toString());
            if (!s.up()) {
                detail.put("failedAttempts", s.failures());
                detail.put("reason", s.reason());
            }
            builder.withDetail(name, detail);
        });
        return builder.build();
    }
}
