package com.cfh.supporthub.lifecycle;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;

import org.springframework.jdbc.core.JdbcTemplate;

/** An AGENT and a MANAGER account for the role checks of the lifecycle and privacy tests. */
public final class Accounts {

    public static final String AGENT = "it-agent";
    public static final String MANAGER = "it-manager";
    static final String PASSWORD = "lifecycle-password-1";

    private Accounts() {
    }

    /** Creates both accounts once per database. */
    public static void create(JdbcTemplate jdbc) {
        create(jdbc, AGENT, "AGENT");
        create(jdbc, MANAGER, "MANAGER");
    }

    private static void create(JdbcTemplate jdbc, String name, String role) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM agent WHERE username = ?", Integer.class, name);
        if (n == 0) {
            Timestamp now = Timestamp.from(Instant.now());
            jdbc.update("INSERT INTO agent (username, display_name, role, enabled, password_hash, created_at, updated_at) "
                    + "VALUES (?, ?, ?, TRUE, ?, ?, ?)", name, name, role, "{noop}" + PASSWORD, now, now);
        }
    }

    /** The request with HTTP Basic credentials of the account. */
    public static HttpRequest.Builder as(String user, HttpRequest.Builder request) {
        return request.header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }
}
