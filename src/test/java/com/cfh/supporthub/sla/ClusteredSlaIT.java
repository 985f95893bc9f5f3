package com.cfh.supporthub.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.cfh.supporthub.SupportHubApplication;
import com.cfh.supporthub.intake.IntakeResult;
import com.cfh.supporthub.intake.Party;
import com.cfh.supporthub.intake.TicketIntake;
import com.cfh.supporthub.support.HubHttp;
import com.cfh.supporthub.support.HubIT;
import com.cfh.supporthub.support.MutableClock;
import com.cfh.supporthub.ticket.Channel;

/**
 * Two hub nodes on one PostgreSQL database (P07, P08, P09): each with its own Quartz scheduler in
 * the clustered JDBC job store, its own Camel context and connection pool. Every SLA transition and
 * every escalation step is recorded exactly once per ticket and cycle, whether the jobs are fired on
 * both schedulers or both nodes run the sweep and the ladder at the same moment.
 * PostgreSQL suite only: the embedded HSQLDB is one process's file database.
 */
@EnabledIfSystemProperty(named = "spring.profiles.active", matches = ".*postgres.*")
class ClusteredSlaIT extends HubIT {

    private static final JobKey SCAN = JobKey.jobKey("sla-scan", "hub");
    private static final JobKey ESCALATION = JobKey.jobKey("escalation", "hub");
    private static final String[] ONCE = {"sla.first-response.at-risk", "sla.first-response.breached",
            "sla.resolution.at-risk", "sla.resolution.breached", "escalation.first-response-breached",
            "escalation.resolution-at-risk", "escalation.resolution-breached"};

    private static ConfigurableApplicationContext nodeB;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    Scheduler schedulerA;

    @Autowired
    SlaSweep sweepA;

    @Autowired
    Escalations escalationsA;

    @BeforeEach
    void startSecondNode() {
        if (nodeB == null) {
            // Command-line arguments: they win over application.yaml, as the test context's properties do.
            nodeB = new SpringApplicationBuilder(SupportHubApplication.class, MutableClock.Config.class)
                    .run("--server.port=0", "--hub.data-dir=target/it-data-node-b",
                            "--hub.security.admin-username=" + HubHttp.ADMIN_USER,
                            "--hub.security.admin-password=" + HubHttp.ADMIN_PASSWORD,
                            "--hub.sla.scan.cron=0 0 0 1 1 ? 2099", "--hub.escalation.schedule.cron=0 0 0 1 1 ? 2099",
                            "--hub.escalation.addresses.TIER2=tier2@support.example",
                            "--hub.escalation.addresses.MANAGER=managers@support.example",
                            // small batches on this node so the two nodes interleave on the same tickets
                            "--hub.sla.scan.batch-size=25", "--hub.escalation.schedule.batch-size=25");
        }
    }

    // Node B is not closed by this class: Quartz keeps one JVM-wide registry of job-store data sources
    // keyed by scheduler name, and clustered nodes must share that name, so in one JVM both schedulers
    // use the pool registered last. Closing node B would close the pool node A's scheduler now uses;
    // node B stops with the JVM (Spring's shutdown hook). Separate processes do not share the registry.

    private List<String> tickets(int n) {
        clock.pin("2026-03-02T09:00:00Z");
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            keys.add(producer.requestBody("direct:ticket-intake", new TicketIntake(Channel.EMAIL, "docmail",
                    Party.ofEmail("Node Test", "n-" + UUID.randomUUID() + "@example.com"), "Cluster " + i, "Body",
                    List.of(), "<" + UUID.randomUUID() + "@cluster>", null, null, List.of(), null, Map.of()),
                    IntakeResult.class).key());
        }
        // Thursday 10:00: first response and resolution both at risk and breached.
        clock.pin("2026-03-05T10:00:00Z");
        return keys;
    }

    private void assertEachStepOnce(List<String> keys) {
        for (String type : ONCE) {
            List<Map<String, Object>> counts = jdbc.queryForList("SELECT t.ticket_key, COUNT(e.id) AS n FROM ticket t "
                    + "LEFT JOIN ticket_event e ON e.ticket_id = t.id AND e.event_type = ? WHERE t.ticket_key IN ("
                    + String.join(",", keys.stream().map(k -> "'" + k + "'").toList()) + ") GROUP BY t.ticket_key", type);
            assertThat(counts).hasSize(keys.size());
            assertThat(counts).as(type).allSatisfy(row -> assertThat(((Number) row.get("n")).longValue()).isEqualTo(1));
        }
        for (String key : keys) {
            assertThat(count("SELECT COUNT(*) FROM outbox WHERE ticket_key = ? AND event_type = 'escalation.notice'", key))
                    .as(key).isEqualTo(3);
            assertThat(jdbc.queryForObject("SELECT tier FROM ticket WHERE ticket_key = ?", String.class, key))
                    .isEqualTo("MANAGER");
        }
    }

    private static boolean idle(Scheduler scheduler, JobKey job) throws SchedulerException {
        return scheduler.getCurrentlyExecutingJobs().isEmpty() && scheduler.getTriggersOfJob(job).size() == 1;
    }

    @Test
    @DisplayName("P09: both nodes' schedulers fire sla-scan and escalation; each step is taken once")
    void jobsFiredOnBothSchedulers_P07_P09() throws Exception {
        Scheduler schedulerB = nodeB.getBean(Scheduler.class);
        assertThat(schedulerA.getSchedulerInstanceId()).isNotEqualTo(schedulerB.getSchedulerInstanceId());
        assertThat(schedulerB.getMetaData().isJobStoreClustered()).isTrue();
        List<String> keys = tickets(30);

        for (JobKey job : List.of(SCAN, ESCALATION)) {
            for (int round = 0; round < 2; round++) {
                schedulerA.triggerJob(job);
                schedulerB.triggerJob(job);
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> idle(schedulerA, job) && idle(schedulerB, job));
            }
        }
        assertEachStepOnce(keys);
    }

    @Test
    @DisplayName("P09: two nodes sweep and escalate the same tickets at the same moment; each step is taken once")
    void sweepsRaceOnTwoNodes_P07_P08_P09() throws Exception {
        List<String> keys = tickets(200);
        SlaSweep sweepB = nodeB.getBean(SlaSweep.class);
        Escalations escalationsB = nodeB.getBean(Escalations.class);

        race(sweepA::run, sweepB::run);
        race(escalationsA::run, escalationsB::run);
        race(sweepA::run, sweepB::run);
        race(escalationsA::run, escalationsB::run);
        assertEachStepOnce(keys);
    }

    private static void race(Callable<?> a, Callable<?> b) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> runs = new ArrayList<>();
            for (Callable<?> task : List.of(a, b)) {
                runs.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
