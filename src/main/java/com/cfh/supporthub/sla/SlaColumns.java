package com.cfh.supporthub.sla;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The SLA columns of the {@code ticket} table and their {@link SlaClock.State}: one mapping for every
 * plain-JDBC reader and writer (intake, sweep, workflow) so the column list lives in one place.
 */
public final class SlaColumns {

    /** Columns read by {@link #read(ResultSet)}, unqualified; prefix with a table alias where needed. */
    public static final String SELECT = "received_at, sla_clock_start, first_response_goal_min, first_response_due, "
            + "first_response_at, first_response_at_risk_at, first_response_breached_at, resolution_cycle, "
            + "resolution_goal_min, resolution_started_at, resolution_due, resolution_paused_min, sla_paused_at, "
            + "resolution_met_at, resolution_at_risk_at, resolution_breached_at, sla_next_check_at";

    /** Assignments of every column written by {@link #values(SlaClock.State)}, in that order. */
    public static final String SET = "sla_clock_start = ?, first_response_goal_min = ?, first_response_due = ?, "
            + "first_response_at = ?, first_response_at_risk_at = ?, first_response_breached_at = ?, "
            + "resolution_cycle = ?, resolution_goal_min = ?, resolution_started_at = ?, resolution_due = ?, "
            + "resolution_paused_min = ?, sla_paused_at = ?, resolution_met_at = ?, resolution_at_risk_at = ?, "
            + "resolution_breached_at = ?, sla_next_check_at = ?";

    /** Column names of {@link #values(SlaClock.State)} for an INSERT, in that order. */
    public static final String INSERT = SET.replace(" = ?", "");

    public static final int COUNT = 16;

    private SlaColumns() {
    }

    public static SlaClock.State read(ResultSet rs) throws SQLException {
        SlaClock.State s = new SlaClock.State();
        s.receivedAt = instant(rs, "received_at");
        s.clockStart = instant(rs, "sla_clock_start");
        s.firstResponseGoal = rs.getInt("first_response_goal_min");
        s.firstResponseDue = instant(rs, "first_response_due");
        s.firstResponseAt = instant(rs, "first_response_at");
        s.firstResponseAtRiskAt = instant(rs, "first_response_at_risk_at");
        s.firstResponseBreachedAt = instant(rs, "first_response_breached_at");
        s.resolutionCycle = rs.getInt("resolution_cycle");
        s.resolutionGoal = rs.getInt("resolution_goal_min");
        s.resolutionStartedAt = instant(rs, "resolution_started_at");
        s.resolutionDue = instant(rs, "resolution_due");
        s.resolutionPaused = rs.getInt("resolution_paused_min");
        s.pausedAt = instant(rs, "sla_paused_at");
        s.resolutionMetAt = instant(rs, "resolution_met_at");
        s.resolutionAtRiskAt = instant(rs, "resolution_at_risk_at");
        s.resolutionBreachedAt = instant(rs, "resolution_breached_at");
        s.nextCheckAt = instant(rs, "sla_next_check_at");
        return s;
    }

    /** The column values of {@link #SET} / {@link #INSERT}. */
    public static Object[] values(SlaClock.State s) {
        return new Object[] {ts(s.clockStart), s.firstResponseGoal, ts(s.firstResponseDue), ts(s.firstResponseAt),
                ts(s.firstResponseAtRiskAt), ts(s.firstResponseBreachedAt), s.resolutionCycle, s.resolutionGoal,
                ts(s.resolutionStartedAt), ts(s.resolutionDue), s.resolutionPaused, ts(s.pausedAt),
                ts(s.resolutionMetAt), ts(s.resolutionAtRiskAt), ts(s.resolutionBreachedAt), ts(s.nextCheckAt)};
    }

    /** An instant as the JDBC value of a {@code TIMESTAMP WITH TIME ZONE} column (UTC). */
    public static Object ts(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** Concatenates argument arrays for one statement. */
    public static Object[] args(Object[] first, Object... rest) {
        Object[] all = new Object[first.length + rest.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }
}
