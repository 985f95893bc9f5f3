package com.cfh.supporthub.privacy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import com.cfh.supporthub.sla.SlaColumns;

/**
 * Signing keys of links sent by mail. A key set by an environment variable wins; without one the hub
 * generates 32 random bytes once, stores them in {@code hub_secret} and every node reads the same row,
 * so links stay valid across restarts and nodes. Keys are never logged and never in a committed file.
 * A new key is stored in a transaction of its own, committed before it is used: a caller's transaction that
 * rolls back cannot leave this node with a key no other node knows.
 */
@Component
public class HubSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    public HubSecrets(JdbcTemplate jdbc, PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /** The key called {@code name}: {@code configured} when set, else the stored (or a new stored) one. */
    public byte[] key(String name, String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured.getBytes(StandardCharsets.UTF_8);
        }
        return cache.computeIfAbsent(name, this::stored);
    }

    private byte[] stored(String name) {
        String found = ownTransaction.execute(status -> read(name));
        if (found == null) {
            byte[] fresh = new byte[32];
            RANDOM.nextBytes(fresh);
            try {
                ownTransaction.executeWithoutResult(status -> jdbc.update(
                        "INSERT INTO hub_secret (name, secret, created_at) VALUES (?, ?, ?)", name,
                        Base64.getEncoder().encodeToString(fresh), SlaColumns.ts(clock.instant())));
            } catch (DuplicateKeyException e) {
                // another node stored one first: use that
            }
            found = ownTransaction.execute(status -> read(name));
        }
        return Base64.getDecoder().decode(found);
    }

    private String read(String name) {
        List<String> rows = jdbc.queryForList("SELECT secret FROM hub_secret WHERE name = ?", String.class, name);
        return rows.isEmpty() ? null : rows.get(0);
    }
}
