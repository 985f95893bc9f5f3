package com.cfh.supporthub.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The hub's clock in the integration tests: the system clock until a test pins it to an instant,
 * then that instant until the test moves it. Tests never sleep to reach a deadline; they move time.
 * One instance per JVM, so a second hub node started by a test shares it.
 */
public final class MutableClock extends Clock {

    public static final MutableClock INSTANCE = new MutableClock();

    private volatile Instant pinned;

    private MutableClock() {
    }

    public void pin(Instant instant) {
        pinned = instant;
    }

    public void pin(String isoInstant) {
        pin(Instant.parse(isoInstant));
    }

    public void advance(Duration by) {
        Instant current = pinned;
        if (current == null) {
            throw new IllegalStateException("pin the clock before moving it");
        }
        pinned = current.plus(by);
    }

    /** Back to the system clock. */
    public void release() {
        pinned = null;
    }

    @Override
    public Instant instant() {
        Instant p = pinned;
        return p != null ? p : Instant.now();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** The same moving instant, seen in another zone. */
    @Override
    public Clock withZone(ZoneId zone) {
        MutableClock source = this;
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId other) {
                return source.withZone(other);
            }

            @Override
            public Instant instant() {
                return source.instant();
            }
        };
    }

    /** Replaces the hub's {@code clock} bean in every test context. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Config {
        @Bean
        @Primary
        MutableClock testClock() {
            return INSTANCE;
        }
    }
}
