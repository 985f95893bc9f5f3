package com.cfh.supporthub.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * V70/V71 (issue 15.2, 15.5): a database as it was before V70 with mail rows of the old single 'mail' destination, a
 * {@code ticket.message-received} row and Jira rows in {@code jira_outbox} is migrated to the one outbox:
 * nothing pending is lost, statuses and destinations are the new ones, ids do not collide, jira_outbox is gone.
 * Runs on a fresh HSQLDB in memory and, with -Ppostgres, on a schema of its own in the PostgreSQL test database.
 */
class OutboxMigrationIT {

    private static final OffsetDateTime T = OffsetDateTime.parse("2026-12-01T10:00:00Z");

    @Test
    @DisplayName("P03 P20 issue 15.2: HSQLDB before V70 -> V70, V71: mail and Jira rows in one outbox, nothing pending lost")
    void hsqldb() throws Exception {
        String url = "jdbc:hsqldb:mem:outbox-migration-" + UUID.randomUUID() + ";sql.syntax_pgs=false";
        try (Connection c = DriverManager.getConnection(url, "SA", "")) {
            migrate(new SingleConnectionDataSource(c, true), "hsqldb", null);
        }
    }

    @Test
    @DisplayName("P03 P20 issue 15.2: PostgreSQL before V70 -> V70, V71 (only with -Ppostgres)")
    void postgres() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("postgres".equals(System.getProperty("spring.profiles.active")),
                "PostgreSQL only with -Ppostgres");
        String url = System.getenv("HUB_DB_URL");
        String schema = "outbox_migration_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String user = System.getenv("HUB_DB_USER");
        String password = System.getenv("HUB_DB_PASSWORD");
        try (Connection c = DriverManager.getConnection(url, user == null ? "postgres" : user, password == null ? "" : password)) {
            try {
                migrate(new SingleConnectionDataSource(c, true), "postgresql", schema);
            } finally {
                try (Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                }
            }
        }
    }

    private void migrate(DataSource ds, String vendor, String schema) {
        var config = Flyway.configure().dataSource(ds)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + vendor);
        if (schema != null) {
            config = config.schemas(schema).defaultSchema(schema).createSchemas(true);
        }
        // the newest version below V70 (Flyway needs an existing one): V50 on HSQLDB, V51 on PostgreSQL
        config.target("hsqldb".equals(vendor) ? "50" : "51").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        if (schema != null) {
            jdbc.execute("SET search_path TO " + schema);
        }
        jdbc.update("INSERT INTO contact (id, email, created_at) VALUES (1, 'ann@example.com', ?)", T);
        jdbc.update("INSERT INTO ticket (id, ticket_key, product, channel, status, priority, tier, subject, requester_id, "
                + "created_at, received_at, updated_at) VALUES (7, 'RUN-7', 'runmy', 'EMAIL', 'OPEN', 'NORMAL', 'TIER1', "
                + "'Help', 1, ?, ?, ?)", T, T, T);
        // the outbox as V41 left it: one destination 'mail'
        outbox(jdbc, 100, "ticket.created", "PENDING");
        outbox(jdbc, 101, "ticket.message-received", "PENDING");
        outbox(jdbc, 102, "escalation.notice", "PENDING");
        outbox(jdbc, 103, "mail.notice", "DONE");
        // jira_outbox, ids from its own sequence: the same numbers as outbox ids
        jira(jdbc, 100, "CREATE", "DELIVERED", "SUP-1");
        jira(jdbc, 150, "COMMENT", "PENDING", null);
        jira(jdbc, 151, "TRANSITION", "DEAD", null);

        Flyway.configure().dataSource(ds).locations("classpath:db/migration/common", "classpath:db/migration/" + vendor)
                .schemas(schema == null ? new String[0] : new String[] {schema})
                .defaultSchema(schema).load().migrate();

        List<Map<String, Object>> rows = jdbc.queryForList("SELECT id, event_type, destination FROM outbox ORDER BY destination, id");
        assertThat(rows).extracting(r -> get(r, "event_type"))
                .containsExactly("ticket.created", "mail.notice", "CREATE", "COMMENT", "TRANSITION", "escalation.notice");
        assertThat(value(jdbc, "SELECT destination FROM outbox WHERE id = 100")).isEqualTo("customer-mail");
        assertThat(value(jdbc, "SELECT priority FROM outbox WHERE id = 100")).isEqualTo("0");
        assertThat(value(jdbc, "SELECT destination FROM outbox WHERE id = 102")).isEqualTo("staff-mail");
        assertThat(value(jdbc, "SELECT priority FROM outbox WHERE id = 103")).isEqualTo("1");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outbox WHERE event_type = 'ticket.message-received'",
                Integer.class)).isZero();
        // Jira rows: new ids, their order kept, statuses as every destination has them, refs kept
        List<Map<String, Object>> jira = jdbc.queryForList("SELECT id, event_type, status, external_ref, last_status, "
                + "payload, attempts FROM outbox WHERE destination = 'jira' ORDER BY id");
        assertThat(jira).hasSize(3);
        assertThat(jira).allSatisfy(r -> assertThat(((Number) get(r, "id")).longValue()).isNegative());
        assertThat(jira).extracting(r -> get(r, "event_type")).containsExactly("CREATE", "COMMENT", "TRANSITION");
        assertThat(jira).extracting(r -> get(r, "status")).containsExactly("DONE", "PENDING", "FAILED");
        assertThat(get(jira.get(0), "external_ref")).isEqualTo("SUP-1");
        assertThat(((Number) get(jira.get(2), "last_status")).intValue()).isEqualTo(400);
        assertThat(get(jira.get(1), "payload")).isEqualTo("{\"text\":\"c150\"}");
        assertThat(((Number) get(jira.get(1), "attempts")).intValue()).isEqualTo(2);
        // jira_outbox is gone
        String table = schema == null ? "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE LOWER(TABLE_NAME) = 'jira_outbox'"
                : "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '" + schema
                        + "' AND table_name = 'jira_outbox'";
        assertThat(jdbc.queryForObject(table, Integer.class)).isZero();
    }

    private static Object get(Map<String, Object> row, String column) {
        return row.containsKey(column) ? row.get(column) : row.get(column.toUpperCase());
    }

    private static String value(JdbcTemplate jdbc, String sql) {
        return String.valueOf(jdbc.queryForObject(sql, Object.class));
    }

    private static void outbox(JdbcTemplate jdbc, long id, String type, String status) {
        jdbc.update("INSERT INTO outbox (id, event_type, ticket_id, ticket_key, payload, status, attempts, available_at, "
                + "created_at) VALUES (?, ?, 7, 'RUN-7', '{}', ?, 0, ?, ?)", id, type, status, T, T);
    }

    private static void jira(JdbcTemplate jdbc, long id, String kind, String status, String ref) {
        jdbc.update("INSERT INTO jira_outbox (id, ticket_id, ticket_key, kind, payload, status, attempts, available_at, "
                        + "last_status, last_error, jira_ref, created_at) VALUES (?, 7, 'RUN-7', ?, ?, ?, 2, ?, ?, ?, ?, ?)",
                id, kind, "{\"text\":\"c" + id + "\"}", status, T, "DEAD".equals(status) ? 400 : null,
                "DEAD".equals(status) ? "HTTP 400" : null, ref, T.plusSeconds(id));
    }
}
