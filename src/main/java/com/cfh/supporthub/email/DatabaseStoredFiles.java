package com.cfh.supporthub.email;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

import com.cfh.supporthub.sla.SlaColumns;

/**
 * Files as rows of {@code stored_file} in the hub's database (issue 14.4): every node reads and deletes every
 * file, a write or a delete joins the caller's transaction (a purge removes rows and files together), and the
 * database's backups hold them. The default on PostgreSQL ({@code BYTEA}); on HSQLDB possible but not the
 * default (a {@code BLOB} column: HSQLDB's LOB store grows and is not compacted, TRAPS.md).
 */
public class DatabaseStoredFiles implements StoredFiles {

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final String insert;

    public DatabaseStoredFiles(JdbcTemplate jdbc, Clock clock, boolean postgres) {
        this.jdbc = jdbc;
        this.clock = clock;
        // a digest stored by another message (or node) at the same moment is no error, and must not abort the
        // caller's transaction on PostgreSQL (HSQLDB fails only the statement: the clash is caught in put)
        this.insert = "INSERT INTO stored_file (sha256, size_bytes, content, created_at) VALUES (?, ?, ?, ?)"
                + (postgres ? " ON CONFLICT (sha256) DO NOTHING" : "");
    }

    @Override
    public void put(String sha256, byte[] content) {
        if (contains(sha256)) {
            return;
        }
        try {
            jdbc.update(insert, sha256, (long) content.length, content, SlaColumns.ts(clock.instant()));
        } catch (DuplicateKeyException storedMeanwhile) {
            // the same content, stored by another message or node first
        }
    }

    @Override
    public Optional<byte[]> get(String sha256) {
        List<byte[]> found = jdbc.query("SELECT content FROM stored_file WHERE sha256 = ?", (rs, n) -> rs.getBytes(1),
                StoredFiles.checked(sha256));
        return found.stream().findFirst();
    }

    @Override
    public boolean delete(String sha256) {
        return jdbc.update("DELETE FROM stored_file WHERE sha256 = ?", StoredFiles.checked(sha256)) > 0;
    }

    @Override
    public boolean contains(String sha256) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM stored_file WHERE sha256 = ?", Integer.class,
                StoredFiles.checked(sha256));
        return n != null && n > 0;
    }

    @Override
    public String describe() {
        return "database table stored_file";
    }
}
