package com.cfh.supporthub.security;

import java.sql.Timestamp;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Creates the first account from {@code HUB_ADMIN_USERNAME} / {@code HUB_ADMIN_PASSWORD} when no
 * account of that name exists yet. Nothing is created, and a warning is logged, when they are unset.
 */
@Component
public class AdminAccountBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminAccountBootstrap.class);

    private final JdbcTemplate jdbc;
    private final PasswordEncoder encoder;
    private final Clock clock;
    private final String username;
    private final String password;

    public AdminAccountBootstrap(JdbcTemplate jdbc, PasswordEncoder encoder, Clock clock,
                                 @Value("${hub.security.admin-username:}") String username,
                                 @Value("${hub.security.admin-password:}") String password) {
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.clock = clock;
        this.username = username;
        this.password = password;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (username.isBlank() || password.isBlank()) {
            Integer accounts = jdbc.queryForObject("SELECT COUNT(*) FROM hub_user", Integer.class);
            if (accounts == null || accounts == 0) {
                log.warn("No agent API account exists: set HUB_ADMIN_USERNAME and HUB_ADMIN_PASSWORD to create one.");
            }
            return;
        }
        if (password.length() < 12) {
            throw new IllegalStateException("HUB_ADMIN_PASSWORD must have at least 12 characters.");
        }
        Integer existing = jdbc.queryForObject("SELECT COUNT(*) FROM hub_user WHERE username = ?", Integer.class, username);
        if (existing != null && existing > 0) {
            return;
        }
        try {
            jdbc.update("INSERT INTO hub_user (username, password_hash, roles, enabled, created_at) VALUES (?, ?, ?, TRUE, ?)",
                    username, encoder.encode(password), Role.ADMIN.name(), Timestamp.from(clock.instant()));
            log.info("Created the administrator account '{}' from HUB_ADMIN_USERNAME.", username);
        } catch (DuplicateKeyException e) {
            log.debug("Another node created the administrator account first.");
        }
    }
}
