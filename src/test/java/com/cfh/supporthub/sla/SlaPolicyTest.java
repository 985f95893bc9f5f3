package com.cfh.supporthub.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.core.io.DefaultResourceLoader;

import com.cfh.supporthub.config.HubProperties;
import com.cfh.supporthub.ticket.Priority;

/** Which goals apply (hub.sla.*) and the acknowledgement's promise sentence (P02, P07, P08). */
class SlaPolicyTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);

    private static HubProperties properties() {
        HubProperties p = new HubProperties();
        for (String id : new String[] {"docmail", "runmy"}) {
            HubProperties.Product product = new HubProperties.Product();
            product.setName(id.equals("docmail") ? "Docmail" : "RunMy");
            product.setKeyPrefix(id.equals("docmail") ? "DOC" : "RUN");
            p.getProducts().put(id, product);
        }
        return p;
    }

    private static SlaPolicy policy(HubProperties p) {
        BusinessCalendars calendars = CalendarConfig.build(new CalendarProperties(),
                Map.of("docmail", ZoneId.of("Europe/London"), "runmy", ZoneId.of("Europe/London")),
                new DefaultResourceLoader(), CLOCK);
        return new SlaPolicy(p, calendars, new com.cfh.supporthub.pages.Templates("templates", p));
    }

    @Test
    @DisplayName("P07 P08: defaults are 4 and 27 working hours; product+priority beats product beats priority")
    void goalsResolveMostSpecificFirst_P07_P08() {
        HubProperties p = properties();
        p.getSla().getPriorities().put(Priority.URGENT, new HubProperties.Target(Duration.ofHours(1), Duration.ofHours(9)));
        HubProperties.ProductTargets runmy = new HubProperties.ProductTargets();
        runmy.setFirstResponse(Duration.ofHours(2));
        runmy.getPriorities().put(Priority.HIGH, new HubProperties.Target(null, Duration.ofHours(18)));
        p.getSla().getProducts().put("runmy", runmy);
        SlaPolicy policy = policy(p);

        assertThat(policy.goals("docmail", Priority.NORMAL))
                .isEqualTo(new SlaPolicy.Goals(Duration.ofHours(4), Duration.ofHours(27)));
        assertThat(policy.goals("docmail", Priority.URGENT))
                .isEqualTo(new SlaPolicy.Goals(Duration.ofHours(1), Duration.ofHours(9)));
        assertThat(policy.goals("runmy", Priority.NORMAL))
                .isEqualTo(new SlaPolicy.Goals(Duration.ofHours(2), Duration.ofHours(27)));
        assertThat(policy.goals("runmy", Priority.HIGH))
                .isEqualTo(new SlaPolicy.Goals(Duration.ofHours(2), Duration.ofHours(18)));
        assertThat(policy.goals("runmy", Priority.URGENT))
                .isEqualTo(new SlaPolicy.Goals(Duration.ofHours(2), Duration.ofHours(9)));
    }

    @Test
    @DisplayName("hub.sla: a goal for an unknown product or a goal that is not whole minutes stops start-up")
    void badConfigurationIsRefused() {
        HubProperties unknown = properties();
        unknown.getSla().getProducts().put("nope", new HubProperties.ProductTargets());
        assertThatThrownBy(() -> policy(unknown)).hasMessageContaining("hub.sla.products.nope");

        HubProperties seconds = properties();
        seconds.getSla().setFirstResponse(Duration.ofSeconds(90));
        assertThatThrownBy(() -> policy(seconds)).hasMessageContaining("whole minutes");
    }

    @ParameterizedTest(name = "P02 issue 14.11: received {0} -> \"{1}\", for people in the product zone, no thank you")
    @CsvSource(delimiter = '|', value = {
            // Friday afternoon: 1.5 h on Friday, 2.5 h on Monday
            "2026-01-16T16:00:00Z | We will reply by Monday 19 January 2026, 11:00 GMT.",
            // Tuesday in summer time, given in New York time: 09:00 BST
            "2026-07-07T04:00:00-04:00 | We will reply by Tuesday 7 July 2026, 13:00 BST.",
            // New Year's Eve 17:00: 30 minutes left, New Year's Day is a bank holiday, the year changes
            "2026-12-31T17:00:00Z | We will reply by Monday 4 January 2027, 12:00 GMT.",
            // Christmas Eve afternoon: Christmas Day and Boxing Day's substitute Monday 28th are closed
            "2026-12-24T15:00:00Z | We will reply by Tuesday 29 December 2026, 10:00 GMT."
    })
    void promiseNamesTheDueInstantInTheProductZone_P02(String received, String ending) {
        SlaPolicy policy = policy(properties());
        Instant at = java.time.OffsetDateTime.parse(received).toInstant();
        SlaClock.State state = policy.start("runmy", Priority.NORMAL, at);
        assertThat(policy.promise("runmy", at, state.firstResponseDue))
                .doesNotContainIgnoringCase("thank you")
                .endsWith(ending);
    }

    @Test
    @DisplayName("P02: only a request outside opening hours is told when the team is back")
    void outsideHoursSentence_P02() {
        SlaPolicy policy = policy(properties());
        Instant sunday = Instant.parse("2026-03-08T20:00:00Z");
        Instant monday = Instant.parse("2026-03-09T10:00:00Z");
        assertThat(policy.promise("docmail", sunday, policy.start("docmail", Priority.NORMAL, sunday).firstResponseDue))
                .isEqualTo("Our team is available Monday to Friday "
                        + "08:30–17:30 UK time, excluding bank holidays, so your request will be picked up when we "
                        + "next open. We will reply by Monday 9 March 2026, 12:30 GMT.");
        assertThat(policy.promise("docmail", monday, policy.start("docmail", Priority.NORMAL, monday).firstResponseDue))
                .isEqualTo("We will reply by Monday 9 March 2026, 14:00 GMT.");
    }
}
