package com.cfh.supporthub.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/** Issue 14.4: both stores keep a file once per digest, hand it back, and delete it. */
class DatabaseStoredFilesTest {

    @Test
    @DisplayName("P13 issue 14.4: the database store on HSQLDB (table of the V80 migration): once per digest, read, deleted")
    void databaseStore_P13() {
        DriverManagerDataSource db = new DriverManagerDataSource("jdbc:hsqldb:mem:files-" + UUID.randomUUID(), "SA", "");
        new ResourceDatabasePopulator(new ClassPathResource("db/migration/hsqldb/V80__stored_file.sql")).execute(db);
        JdbcTemplate jdbc = new JdbcTemplate(db);
        behavesAsAStore(new DatabaseStoredFiles(jdbc, Clock.systemUTC(), false));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM stored_file", Integer.class)).isZero();
    }

    @Test
    @DisplayName("P13 issue 14.4: the folder store: once per digest, read, deleted, no temporary file left")
    void folderStore_P13(@TempDir Path dir) throws Exception {
        behavesAsAStore(new FileSystemStoredFiles(dir));
        try (var left = Files.walk(dir)) {
            assertThat(left.filter(Files::isRegularFile)).isEmpty();
        }
    }

    private static void behavesAsAStore(StoredFiles files) {
        byte[] content = ("%PDF-1.4 " + UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII);
        String sha = MailParser.sha256Hex(content);
        assertThat(files.get(sha)).isEmpty();
        files.put(sha, content);
        files.put(sha, content); // the same content again: no error, still one
        assertThat(files.contains(sha)).isTrue();
        assertThat(files.get(sha)).contains(content);
        assertThat(files.delete(sha)).isTrue();
        assertThat(files.delete(sha)).isFalse();
        assertThat(files.contains(sha)).isFalse();
    }
}
