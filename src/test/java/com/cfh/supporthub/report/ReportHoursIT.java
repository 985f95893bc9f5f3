package com.cfh.supporthub.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.cfh.supporthub.intake.IntakeResult;
import com.cfh.supporthub.intake.Party;
import com.cfh.supporthub.intake.TicketIntake;
import com.cfh.supporthub.sla.SlaColumns;
import com.cfh.supporthub.support.HubIT;
import com.cfh.supporthub.support.TicketSeed;
import com.cfh.supporthub.ticket.Channel;

/**
 * The report's settled hours (P12, issue 18 item 1): once hours are settled, every report (any period, aligned or
 * not, one product or all, by day, week or month) shows exactly the figures it showed when it read every ticket; a
 * ticket still open keeps its hour read from the tickets; a late ticket received in a settled hour opens it again.
 */
class ReportHoursIT extends HubIT {

    static final Instant NOW = Instant.parse("2019-03-04T12:00:00Z");
    static final long BASE_ID = 30_000_000_000L;

    @Autowired
    DataSource dataSource;

    @Autowired
    SlaReport reports;

    @Autowired
    ReportHours hours;

    @Autowired
    ProducerTemplate producer;

    @Test
    @DisplayName("P12: a report over settled hours equals the report read from every ticket, for every kind of period")
    void settledHoursChangeNoFigure_P12() throws Exception {
        // 3,000 tickets, one every 10 minutes back from NOW (about 21 days), 2 % of the last 5 days' and one older still open, and 200 purged tickets' rows
        TicketSeed.seed(dataSource, BASE_ID, 3_000, NOW, Duration.ofMinutes(10), Duration.ofDays(5));
        TicketSeed.purged(dataSource, BASE_ID + 10_000, 200, NOW, Duration.ofMinutes(97));
        clock.pin(NOW);
        List<String[]> periods = List.of(
                new String[] {"2019-02-10", "2019-03-03", null, null},
                new String[] {"2019-02-10", "2019-03-03", "runmy", null},
                new String[] {"2019-02-11", "2019-03-01", "docmail", "week"},
                new String[] {"2019-02-01", "2019-03-04", null, "month"},
                new String[] {"2019-02-12T10:15:30Z", "2019-02-27T16:40:00Z", null, "day"},
                new String[] {"2019-02-12T10:15:30+05:30", "2019-02-13T01:00:00Z", "runmy", null});
        List<SlaReport.Report> before = new ArrayList<>();
        for (String[] p : periods) {
            before.add(reports.report(p[0], p[1], p[2], p[3]));
        }
        assertThat(before.get(0).total().tickets()).isGreaterThan(2_500);
        assertThat(before.get(0).total().ratings()).isPositive();

        int settled = hours.settle();
        assertThat(settled).as("hours settled").isGreaterThan(300);
        assertThat(hours.settle()).as("a second run finds nothing new").isZero();
        assertThat(count("SELECT COUNT(*) FROM report_hour")).isPositive();
        long open = count("SELECT COUNT(*) FROM ticket WHERE id >= ? AND id < ? AND status <> 'CLOSED' AND received_at < ?",
                BASE_ID, BASE_ID + 3_000, SlaColumns.ts(NOW.minus(Duration.ofDays(2))));
        assertThat(open).as("tickets still open in the settled span").isPositive();
        assertThat(count("SELECT COUNT(*) FROM report_settled_hour s WHERE EXISTS (SELECT 1 FROM ticket t WHERE "
                + "t.status <> 'CLOSED' AND t.received_at >= s.hour_start AND t.received_at < s.hour_start + INTERVAL '1' HOUR)"))
                .as("no hour with an open ticket is settled").isZero();

        for (int i = 0; i < periods.size(); i++) {
            String[] p = periods.get(i);
            assertThat(reports.report(p[0], p[1], p[2], p[3])).as(String.join(" ", p[0], p[1], String.valueOf(p[2])))
                    .isEqualTo(before.get(i));
        }
        SlaReport.Report whole = reports.report("2019-02-10", "2019-03-03", null, null);
        Instant[] bounds = SlaReport.bounds(whole.from(), whole.to(), ZoneId.of("Europe/London"), SlaReport.Interval.DAY);
        SlaReport.Periods split = reports.periods(whole.from(), whole.to(), bounds);
        assertThat(split.settled()).as("hours read as sums").hasSizeGreaterThan(300);

        // A ticket arriving now with a receipt in a settled hour (a mail drained after an outage) opens that hour again
        Instant late = Instant.parse("2019-02-20T10:20:00Z");
        assertThat(count("SELECT COUNT(*) FROM report_settled_hour WHERE hour_start = ?",
                SlaColumns.ts(Instant.parse("2019-02-20T10:00:00Z")))).isEqualTo(1);
        SlaReport.Report day = reports.report("2019-02-20", "2019-02-20", null, null);
        IntakeResult created = producer.requestBody("direct:ticket-intake", new TicketIntake(Channel.EMAIL, "docmail",
                Party.ofEmail("Late Sender", "late-" + UUID.randomUUID() + "@example.com"), "Sent during the outage",
                "Our letters did not print.", List.of(), "<" + UUID.randomUUID() + "@example.com>", null, null, List.of(),
                late, Map.of()), IntakeResult.class);
        assertThat(created.key()).isNotBlank();
        assertThat(count("SELECT COUNT(*) FROM report_settled_hour WHERE hour_start = ?",
                SlaColumns.ts(Instant.parse("2019-02-20T10:00:00Z")))).isZero();
        assertThat(reports.report("2019-02-20", "2019-02-20", null, null).total().tickets())
                .isEqualTo(day.total().tickets() + 1);
    }
}
