package com.cfh.supporthub.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.quartz.CronExpression;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;

/**
 * Settings that are wrong whatever the database holds are refused before any bean is created: before the
 * database, Flyway and Camel's routes start (issue 17 item 7): the admin account's password (missing, or under
 * {@value #MIN_ADMIN_PASSWORD} characters) and every {@code hub.*cron} schedule that is not a Quartz cron expression. Registered in {@code META-INF/spring.factories},
 * so it runs in the first second of start-up (the admin password was reported ~35 s in before). Every problem
 * found is listed in one message ({@link InvalidSettingsException}, reported by {@link InvalidSettingsAnalyzer}).
 */
public class StartupSettingsCheck implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    /** Shortest admin password accepted (README: 12+ characters). */
    public static final int MIN_ADMIN_PASSWORD = 12;

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        List<String> problems = problems(context.getEnvironment());
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
    }

    /** The problems of these settings, one sentence each; empty when start-up may go on. */
    public static List<String> problems(Environment env) {
        List<String> problems = new ArrayList<>();
        String username = env.getProperty("hub.security.admin-username", "").strip();
        String password = env.getProperty("hub.security.admin-password", "");
        if (!username.isEmpty() && password.isEmpty()) {
            problems.add("HUB_ADMIN_USERNAME (hub.security.admin-username) is set but HUB_ADMIN_PASSWORD "
                    + "(hub.security.admin-password) is missing: set a password of at least " + MIN_ADMIN_PASSWORD
                    + " characters, or unset both.");
        } else if (username.isEmpty() && !password.isEmpty()) {
            problems.add("HUB_ADMIN_PASSWORD (hub.security.admin-password) is set but HUB_ADMIN_USERNAME "
                    + "(hub.security.admin-username) is missing: name the administrator account, or unset both.");
        }
        if (!password.isEmpty() && password.length() < MIN_ADMIN_PASSWORD) {
            problems.add("HUB_ADMIN_PASSWORD (hub.security.admin-password) has " + password.length()
                    + " characters; it needs at least " + MIN_ADMIN_PASSWORD + ".");
        }
        for (String key : cronKeys(env)) {
            String value = env.getProperty(key, "");
            if (!CronExpression.isValidExpression(value)) {
                problems.add(key + " is not a Quartz cron expression (seconds first, e.g. \"0 * * * * ?\"): \""
                        + value + "\".");
            }
        }
        return problems;
    }

    /** Every hub.* key ending in cron (hub.sla.scan.cron, hub.email.raw-copies.expiry-cron, ...), wherever it is set. */
    private static Set<String> cronKeys(Environment env) {
        Set<String> keys = new TreeSet<>();
        if (env instanceof ConfigurableEnvironment configurable) {
            configurable.getPropertySources().forEach(source -> {
                if (source instanceof EnumerablePropertySource<?> enumerable) {
                    for (String name : enumerable.getPropertyNames()) {
                        if (name.startsWith("hub.") && name.endsWith("cron")) {
                            keys.add(name);
                        }
                    }
                }
            });
        }
        return keys;
    }

    /** The settings the hub refuses to start with, every one of them. */
    public static class InvalidSettingsException extends IllegalStateException {

        private final List<String> problems;

        public InvalidSettingsException(List<String> problems) {
            super("Invalid settings, the hub does not start: " + String.join(" ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }
}
