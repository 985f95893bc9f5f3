package com.cfh.supporthub.widget;

import java.sql.DatabaseMetaData;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

import com.cfh.supporthub.config.HubProperties;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;

/**
 * Where the widget's rate-limit buckets live ({@code hub.widget.rate-limit.store}): {@code auto} (the
 * default) keeps them in PostgreSQL when the hub runs on it (table {@code widget_rate_bucket}, Flyway V51, through
 * Bucket4j's PostgreSQL proxy manager with {@code SELECT ... FOR UPDATE}) and in memory on HSQLDB;
 * {@code memory} or {@code database} forces one.
 */
@Configuration(proxyBeanMethods = false)
public class RateLimitConfig {

    private static final Logger log = LoggerFactory.getLogger(RateLimitConfig.class);
    /** Expired buckets are deleted every this many requests, at most this many at a time. */
    private static final long CLEAN_EVERY = 1000;
    private static final int CLEAN_BATCH = 500;

    @Bean
    WidgetRateLimits widgetRateLimits(HubProperties properties, DataSource dataSource) {
        HubProperties.RateLimit limit = properties.getWidget().getRateLimit();
        String store = limit.getStore() == null ? "auto" : limit.getStore().strip().toLowerCase();
        boolean database = switch (store) {
            case "database" -> true;
            case "memory" -> false;
            case "auto" -> "PostgreSQL".equalsIgnoreCase(databaseProduct(dataSource));
            default -> throw new IllegalStateException("hub.widget.rate-limit.store is auto, memory or database, not '"
                    + limit.getStore() + "'");
        };
        WidgetRateLimits limits = database ? new DatabaseLimits(limit, dataSource) : new MemoryLimits(limit);
        log.info("Widget rate limit: {} requests per {} per client, buckets in {}", limit.getCapacity(), limit.getPeriod(),
                limits.store());
        return limits;
    }

    private static String databaseProduct(DataSource dataSource) {
        try {
            return JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
        } catch (MetaDataAccessException e) {
            throw new IllegalStateException("Cannot tell which database the hub runs on", e);
        }
    }

    /** The bucket's rule, read from the live properties at each use. */
    static BucketConfiguration configuration(HubProperties.RateLimit limit) {
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(limit.getCapacity())
                        .refillGreedy(limit.getCapacity(), limit.getPeriod()).build())
                .build();
    }

    /** One node: the buckets of the clients seen lately, in memory. */
    static final class MemoryLimits implements WidgetRateLimits {
        private final HubProperties.RateLimit limit;
        private final Cache<String, Bucket> buckets;

        MemoryLimits(HubProperties.RateLimit limit) {
            this.limit = limit;
            this.buckets = Caffeine.newBuilder()
                    .maximumSize(limit.getMaxClients())
                    .expireAfterAccess(limit.getPeriod().multipliedBy(2))
                    .build();
        }

        @Override
        public ConsumptionProbe tryConsume(String client) {
            return buckets.get(client, k -> Bucket.builder().addLimit(configuration(limit).getBandwidths()[0]).build())
                    .tryConsumeAndReturnRemaining(1);
        }

        @Override
        public String store() {
            return "memory (this node only)";
        }
    }

    /** Every node: one row per client in PostgreSQL, locked for the moment of each request. */
    static final class DatabaseLimits implements WidgetRateLimits {
        private final HubProperties.RateLimit limit;
        private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;
        private final AtomicLong requests = new AtomicLong();

        DatabaseLimits(HubProperties.RateLimit limit, DataSource dataSource) {
            this.limit = limit;
            this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                    .primaryKeyMapper(PrimaryKeyMapper.STRING)
                    .table("widget_rate_bucket").idColumn("id").stateColumn("state").expiresAtColumn("expires_at")
                    // a bucket is kept until it would be full again (plus a margin), then it may be deleted
                    .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                    .build();
        }

        @Override
        public ConsumptionProbe tryConsume(String client) {
            if (requests.incrementAndGet() % CLEAN_EVERY == 0) {
                buckets.removeExpired(CLEAN_BATCH);
            }
            String key = client.length() > 120 ? client.substring(0, 120) : client;
            return buckets.builder().build(key, () -> configuration(limit)).tryConsumeAndReturnRemaining(1);
        }

        @Override
        public String store() {
            return "the database (table widget_rate_bucket, shared by every node)";
        }
    }
}
