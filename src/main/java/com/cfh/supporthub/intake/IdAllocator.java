package com.cfh.supporthub.intake;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Row ids for plain-JDBC inserts, from the same sequences Hibernate uses and in the same way:
 * each sequence value {@code v} reserves the block {@code v .. v+49} (Hibernate's pooled-lo
 * optimizer, set in application.yaml), so ids from both never collide.
 */
@Component
public class IdAllocator {

    public static final int BLOCK = 50;

    private final JdbcTemplate jdbc;
    private final String nextValueSql;
    private final Map<String, long[]> blocks = new HashMap<>();

    public IdAllocator(JdbcTemplate jdbc, DataSource dataSource) throws SQLException {
        this.jdbc = jdbc;
        try (Connection c = dataSource.getConnection()) {
            String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            this.nextValueSql = product.contains("postgres") ? "SELECT nextval('%s')"
                    : "CALL NEXT VALUE FOR %s";
        }
    }

    public synchronized long next(String sequence) {
        long[] block = blocks.computeIfAbsent(sequence, s -> new long[] {0, 0});
        if (block[0] >= block[1]) {
            Long start = jdbc.queryForObject(nextValueSql.formatted(sequence), Long.class);
            block[0] = start;
            block[1] = start + BLOCK;
        }
        return block[0]++;
    }
}
