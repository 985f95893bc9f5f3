package com.cfh.supporthub.sla;

import java.time.Instant;

import org.springframework.jdbc.core.JdbcTemplate;

import com.cfh.supporthub.intake.IdAllocator;

/** Files a completed resolution cycle in {@code sla_cycle_history} when a resolved ticket is reopened (P08). */
public final class SlaCycleHistory {

    private SlaCycleHistory() {
    }

    public static void insert(JdbcTemplate jdbc, IdAllocator ids, long ticketId, SlaClock.CompletedCycle done, Instant now) {
        jdbc.update("INSERT INTO sla_cycle_history (id, ticket_id, kind, cycle, goal_min, started_at, due_at, "
                        + "paused_min, met_at, breached_at, closed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ids.next("sla_cycle_seq"), ticketId, "RESOLUTION", done.cycle(), done.goalMinutes(),
                SlaColumns.ts(done.startedAt()), SlaColumns.ts(done.dueAt()), done.pausedMinutes(),
                SlaColumns.ts(done.metAt()), SlaColumns.ts(done.breachedAt()), SlaColumns.ts(now));
    }
}
