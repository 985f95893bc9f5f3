package com.cfh.supporthub.widget;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.cfh.supporthub.SupportHubApplication;
import com.cfh.supporthub.config.HubProperties;
import com.cfh.supporthub.support.HubHttp;
import com.cfh.supporthub.support.HubHttp.Reply;
import com.cfh.supporthub.support.HubIT;
import com.cfh.supporthub.support.MutableClock;

/**
 * Two hub nodes on one PostgreSQL database share the widget's rate limit (issue 14 item 10, P05): with a
 * capacity of 5 per client, the sixth request of a client is refused (429 problem+json with Retry-After)
 * whichever node takes it, instead of each node allowing 5. PostgreSQL suite only, like ClusteredSlaIT:
 * on HSQLDB the hub is one node and keeps its buckets in memory.
 */
@EnabledIfSystemProperty(named = "spring.profiles.active", matches = ".*postgres.*")
class ClusteredRateLimitIT extends HubIT {

    private static ConfigurableApplicationContext nodeB;

    @Autowired
    HubProperties properties;

    @AfterAll
    static void stopSecondNode() {
        if (nodeB != null) {
            nodeB.close();
        }
    }

    private static HubHttp startSecondNode() {
        if (nodeB == null) {
            nodeB = new SpringApplicationBuilder(SupportHubApplication.class, MutableClock.Config.class)
                    .run("--server.port=0", "--hub.data-dir=target/it-data-node-rate",
                            // its own Quartz scheduler name: this node only serves HTTP here (see ClusteredSlaIT on the
                            // JVM-wide registry of job-store data sources by scheduler name)
                            "--spring.quartz.properties.org.quartz.scheduler.instanceName=support-hub-rate-limit-it",
                            "--spring.quartz.auto-startup=false",
                            "--hub.sla.scan.cron=0 0 0 1 1 ? 2099", "--hub.escalation.schedule.cron=0 0 0 1 1 ? 2099",
                            "--hub.lifecycle.auto-close.schedule.cron=0 0 0 1 1 ? 2099",
                            "--hub.retention.schedule.cron=0 0 0 1 1 ? 2099", "--hub.outbox.destinations.customer-mail.enabled=false", "--hub.outbox.destinations.staff-mail.enabled=false",
                            "--hub.widget.rate-limit.trust-forwarded-for=true", "--hub.widget.rate-limit.capacity=5",
                            // an hour per 5 tokens: no token comes back while the test runs, however slow the machine
                            "--hub.widget.rate-limit.period=1h");
        }
        return new HubHttp(Integer.parseInt(nodeB.getEnvironment().getProperty("local.server.port")));
    }

    @Test
    @DisplayName("P05 item 10: capacity 5 across two nodes: requests 1-5 pass on either node, the 6th is 429 on both")
    void twoNodesShareOneLimit_P05() {
        HubHttp b = startSecondNode();
        Duration period = properties.getWidget().getRateLimit().getPeriod();
        properties.getWidget().getRateLimit().setPeriod(Duration.ofHours(1)); // the same rule as node B
        try {
            String client = HubHttp.nextClientAddress();
            List<Reply> passed = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                HubHttp node = i % 2 == 0 ? http : b;
                passed.add(node.send(node.post("/api/v1/widget/tickets", "{}").header("X-Forwarded-For", client)));
            }
            Reply sixthOnA = http.send(http.post("/api/v1/widget/tickets", "{}").header("X-Forwarded-For", client));
            Reply sixthOnB = b.send(b.post("/api/v1/widget/tickets", "{}").header("X-Forwarded-For", client));
            Reply otherClient = b.send(b.post("/api/v1/widget/tickets", "{}")
                    .header("X-Forwarded-For", HubHttp.nextClientAddress()));

            assertThat(passed).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(422));
            for (Reply refused : List.of(sixthOnA, sixthOnB)) {
                assertThat(refused.status()).as(refused.body()).isEqualTo(429);
                assertThat(refused.contentType()).startsWith("application/problem+json");
                assertThat(refused.header("Retry-After")).isNotNull();
                assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive();
                assertThat(refused.json().get("detail").asText()).contains("retry after");
            }
            assertThat(otherClient.status()).as("another client has its own bucket").isEqualTo(422);
            assertThat(count("SELECT COUNT(*) FROM widget_rate_bucket WHERE id = ?", "widget:" + client)).isEqualTo(1);
        } finally {
            properties.getWidget().getRateLimit().setPeriod(period);
        }
    }
}
