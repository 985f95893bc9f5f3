package com.cfh.supporthub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.cfh.supporthub.support.HubIT;

/** The same Flyway migrations apply on HSQLDB (default) and on PostgreSQL (-Ppostgres). */
class MigrationIT extends HubIT {

    @Autowired
    Flyway flyway;

    @Test
    @DisplayName("Every migration is applied and nothing is pending")
    void migrationsApplied() {
        MigrationInfo[] all = flyway.info().all();
        assertThat(all).isNotEmpty();
        assertThat(Arrays.stream(all).map(MigrationInfo::getState))
                .allMatch(s -> s == MigrationState.SUCCESS);
        assertThat(flyway.info().pending()).isEmpty();
        for (String table : new String[] {"ticket", "ticket_message", "ticket_event", "ticket_participant", "contact",
                "organisation", "outbox", "ticket_counter", "agent", "agent_audit"}) {
            assertThat(count("SELECT COUNT(*) FROM " + table)).as(table).isGreaterThanOrEqualTo(0);
        }
    }
}
