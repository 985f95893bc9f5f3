package com.cfh.supporthub.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.cfh.supporthub.agent.AgentDirectory;

/**
 * Creates the first account from {@code HUB_ADMIN_USERNAME} / {@code HUB_ADMIN_PASSWORD} when no
 * account of that name exists yet (in the {@code agent} table, issue 16.1). Nothing is created, and a warning is logged, when they are unset.
 */
@Component
public class AdminAccountBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminAccountBootstrap.class);

    private final JdbcTemplate jdbc;
    private final AgentDirectory agents;
    private final String username;
    private final String password;

    public AdminAccountBootstrap(JdbcTemplate jdbc, AgentDirectory agents,
                                 @Value("${hub.security.admin-username:}") String username,
                                 @Value("${hub.security.admin-password:}") String password) {
        this.jdbc = jdbc;
        this.agents = agents;
        this.username = username;
        this.password = password;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (username.isBlank() || password.isBlank()) {
            Integer accounts = jdbc.queryForObject("SELECT COUNT(*) FROM agent", Integer.class);
            if (accounts == null || accounts == 0) {
                log.warn("No agent API account exists: set HUB_ADMIN_USERNAME and HUB_ADMIN_PASSWORD to create one.");
            }
            return;
        }
        if (password.length() < AgentDirectory.MIN_PASSWORD) {
            throw new IllegalStateException("HUB_ADMIN_PASSWORD must have at least " + AgentDirectory.MIN_PASSWORD
                    + " characters.");
        }
        try {
            if (agents.createBootstrapAdmin(username, password)) {
                log.info("Created the administrator account '{}' from HUB_ADMIN_USERNAME.", username);
            }
        } catch (DuplicateKeyException e) {
            log.debug("Another node created the administrator account first.");
        }
    }
}
