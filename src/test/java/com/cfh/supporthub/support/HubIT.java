package com.cfh.supporthub.support;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Base of the integration tests: the whole hub on a random port with its real routes, on the
 * embedded HSQLDB file database (or PostgreSQL with -Ppostgres). One Spring context for all.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hub.data-dir=target/it-data",
        "hub.security.admin-username=" + HubHttp.ADMIN_USER,
        "hub.security.admin-password=" + HubHttp.ADMIN_PASSWORD,
        "hub.widget.rate-limit.trust-forwarded-for=true",
        "hub.widget.rate-limit.capacity=5",
        // The Quartz sweeps do not fire on their own during tests: tests run them at instants they choose.
        "hub.sla.scan.cron=0 0 0 1 1 ? 2099",
        "hub.escalation.schedule.cron=0 0 0 1 1 ? 2099",
        "hub.lifecycle.auto-close.schedule.cron=0 0 0 1 1 ? 2099",
        "hub.retention.schedule.cron=0 0 0 1 1 ? 2099",
        "hub.outbox.destinations.customer-mail.enabled=false", "hub.outbox.destinations.staff-mail.enabled=false",
        "hub.email.raw-copies.expiry-cron=0 0 0 1 1 ? 2099",
        "hub.report.settle.cron=0 0 0 1 1 ? 2099",
        "hub.escalation.addresses.TIER2=tier2@support.example",
        "hub.escalation.addresses.MANAGER=managers@support.example",
        // Telephony providers with the secrets of ../shared/corpus/telephony (issue 5)
        "hub.telephony.public-base-url=https://hub.example.com/webhooks/",
        "hub.telephony.twilio.auth-token=f0e1d2c3b4a5968778695a4b3c2d1e0f",
        "hub.telephony.cti.token=PhXp3ZG63QyJfcb1pVOnBKJWIbI",
        "hub.telephony.aircall.token=5f0c3a1e9b7d4c2a8e6f1b3d5a7c9e0f",
        // The fourth provider, added by configuration (issue 17 item 4): Vonage with a test signature secret
        "hub.telephony.webhooks.vonage.secret=" + HubHttp.VONAGE_SIGNATURE_SECRET,
        // The shared line's product choice (issue 14 item 6a): Twilio menu digits, the CTI queue, an Aircall tag
        "hub.telephony.twilio.digits.1=docmail",
        "hub.telephony.twilio.digits.2=runmy",
        "hub.telephony.cti.product-field=queue",
        "hub.telephony.cti.products.runmy-support=runmy",
        "hub.telephony.aircall.tags.RunMy=runmy",
        "hub.telephony.triage-product=docmail"
})
@Import(MutableClock.Config.class)
// Metrics are exported as in production (Spring Boot's tests would otherwise swap in a registry without /actuator/prometheus)
@AutoConfigureObservability(tracing = false)
public abstract class HubIT {

    static {
        TestFiles.deleteTree("target/it-data");
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    protected HubHttp http;

    protected final MutableClock clock = MutableClock.INSTANCE;

    @BeforeEach
    void client() {
        http = new HubHttp(port);
    }

    @AfterEach
    void releaseClock() {
        clock.release();
    }

    protected long count(String sql, Object... args) {
        Long n = jdbc.queryForObject(sql, Long.class, args);
        return n == null ? 0 : n;
    }

    protected long tickets() {
        return count("SELECT COUNT(*) FROM ticket");
    }
}
