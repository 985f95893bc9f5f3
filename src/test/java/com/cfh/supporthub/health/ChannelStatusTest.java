package com.cfh.supporthub.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Status;

import com.cfh.supporthub.support.MutableClock;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/** Issue 14 item 12: the status holder logs an outage once and its end once, whatever the number of failed polls. */
class ChannelStatusTest {

    private final MutableClock clock = MutableClock.INSTANCE;
    private final ChannelStatus channels = new ChannelStatus(clock);
    private final Logger logger = (Logger) LoggerFactory.getLogger(ChannelStatus.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void capture() {
        clock.pin("2026-12-07T09:00:00Z");
        logger.setLevel(Level.INFO);
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
        logger.setLevel(null);
        clock.release();
    }

    @Test
    @DisplayName("P03 item 12: an hour of failed polls every minute is one WARN, the recovery one INFO")
    void outageLoggedOncePerTransition_P03() {
        channels.up("intake-email-runmy");
        int started = 0;
        for (int poll = 0; poll < 60; poll++) {
            clock.advance(Duration.ofMinutes(1));
            if (channels.down("intake-email-runmy", new IllegalStateException("poll failed",
                    new ConnectException("Connection refused")))) {
                started++;
            }
        }
        clock.advance(Duration.ofMinutes(1));
        boolean recovered = channels.up("intake-email-runmy");
        channels.up("intake-email-runmy");

        assertThat(started).isEqualTo(1);
        assertThat(recovered).isTrue();
        List<ILoggingEvent> logged = lines.list;
        assertThat(logged).hasSize(2);
        assertThat(logged.get(0).getLevel()).isEqualTo(Level.WARN);
        assertThat(logged.get(0).getFormattedMessage()).contains("intake-email-runmy")
                .contains("IllegalStateException: poll failed (ConnectException: Connection refused)");
        assertThat(logged.get(1).getLevel()).isEqualTo(Level.INFO);
        assertThat(logged.get(1).getFormattedMessage()).contains("intake-email-runmy").contains("answers again");
    }

    @Test
    @DisplayName("item 12: the health component is DOWN with the outage's start, attempts and reason, UP again after it, UNKNOWN before any attempt")
    void healthOfTheComponents() {
        assertThat(ChannelHealth.health(channels.states("smtp")).getStatus()).isEqualTo(Status.UNKNOWN);
        channels.down("smtp", "MailConnectException: Couldn't connect to host");
        clock.advance(Duration.ofSeconds(10));
        channels.down("smtp", "MailConnectException: Couldn't connect to host");

        var down = ChannelHealth.health(channels.states("smtp"));
        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat(down.getDetails().get("smtp").toString()).contains("failedAttempts=2")
                .contains("since=2026-12-07T09:00:00Z").contains("Couldn't connect");

        channels.up("smtp");
        assertThat(ChannelHealth.health(channels.states("smtp")).getStatus()).isEqualTo(Status.UP);
        assertThat(ChannelHealth.health(channels.states("intake-email-")).getStatus()).isEqualTo(Status.UNKNOWN);
    }
}
