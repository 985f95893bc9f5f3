package com.cfh.supporthub.email;

import java.nio.file.Path;
import java.sql.DatabaseMetaData;
import java.time.Clock;
import java.util.Locale;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

import com.cfh.supporthub.email.StoredFilesProperties.Store;

/**
 * Chooses the {@link StoredFiles} of this node (issue 14.4): with several nodes (PostgreSQL) every node must
 * read and delete every file, so the default there is the database; a folder is accepted on PostgreSQL only
 * when it is declared shared by every node ({@code hub.files.shared-dir=true}) or this hub declared the only
 * node ({@code hub.cluster.single-node=true}). Otherwise the hub refuses to start and says so.
 */
@Configuration(proxyBeanMethods = false)
public class StoredFilesConfig {

    private static final Logger LOG = LoggerFactory.getLogger(StoredFilesConfig.class);

    @Bean
    StoredFiles storedFiles(StoredFilesProperties properties, DataSource dataSource, JdbcTemplate jdbc, Clock clock,
                            @Value("${hub.data-dir:./data}") String dataDir,
                            @Value("${hub.cluster.single-node:false}") boolean singleNode) throws MetaDataAccessException {
        String product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
        boolean postgres = product != null && product.toLowerCase(Locale.ROOT).contains("postgres");
        Store store = choose(properties.getStore(), postgres, properties.isSharedDir(), singleNode);
        String dir = properties.getDir();
        StoredFiles files = store == Store.DATABASE ? new DatabaseStoredFiles(jdbc, clock, postgres)
                : new FileSystemStoredFiles(dir == null || dir.isBlank() ? Path.of(dataDir, "attachments") : Path.of(dir));
        LOG.info("Stored files (mail attachments, message copies): {}", files.describe());
        return files;
    }

    /** The store to use, or why the configuration is refused. */
    static Store choose(Store configured, boolean postgres, boolean sharedDir, boolean singleNode) {
        if (configured == Store.AUTO) {
            return postgres ? Store.DATABASE : Store.FILESYSTEM;
        }
        if (configured == Store.FILESYSTEM && postgres && !sharedDir && !singleNode) {
            throw new IllegalStateException("hub.files.store=filesystem on PostgreSQL keeps attachments and message "
                    + "copies on this node's disk, where other nodes can neither read nor purge them (P13). Use "
                    + "hub.files.store=database (the default on PostgreSQL), or set hub.files.shared-dir=true when "
                    + "hub.files.dir is a folder every node mounts, or hub.cluster.single-node=true when this is the "
                    + "only node.");
        }
        return configured;
    }
}
