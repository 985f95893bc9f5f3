package com.cfh.supporthub.report;

import static com.cfh.supporthub.lifecycle.Accounts.AGENT;
import static com.cfh.supporthub.lifecycle.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.springframework.jdbc.core.JdbcTemplate;

import com.cfh.supporthub.sla.SlaSweep;
import com.cfh.supporthub.support.HubHttp;
import com.cfh.supporthub.support.HubHttp.Reply;
import com.cfh.supporthub.support.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Tickets with known outcomes in one week of one product, made through the real API (widget, agent replies,
 * transitions, the SLA sweep, the feedback link), for the report's tests: on the Monday of {@code week}, A is
 * answered and resolved in time and rated 5, B is never answered (first response breached at 15:00); on Tuesday C
 * is answered and waits on the customer; on Wednesday D is answered, resolved and rated 2.
 */
public final class ReportFixture {

    private final HubHttp http;
    private final JdbcTemplate jdbc;
    private final MutableClock clock;
    private final SlaSweep sweep;
    private final ObjectMapper json;

    public ReportFixture(HubHttp http, JdbcTemplate jdbc, MutableClock clock, SlaSweep sweep, ObjectMapper json) {
        this.http = http;
        this.jdbc = jdbc;
        this.clock = clock;
        this.sweep = sweep;
        this.json = json;
    }

    /** Seeds the four tickets in the week starting on {@code monday} (a working week); their keys A, B, C, D. */
    public List<String> seed(String product, LocalDate monday) throws Exception {
        ZoneId london = ZoneId.of("Europe/London");
        Instant mon = monday.atTime(9, 0).atZone(london).toInstant();
        clock.pin(mon);
        String a = ticket(product, "Export A", "Exports stop");
        clock.pin(mon.plus(Duration.ofMinutes(30)));
        String b = ticket(product, "Login B", "Cannot log in");
        clock.pin(mon.plus(Duration.ofHours(1)));
        agent("/api/v1/tickets/" + a + "/replies", "{\"text\":\"Fixed, please retry.\"}");
        agent("/api/v1/tickets/" + a + "/transitions", "{\"action\":\"RESOLVE\"}");
        rate(a, 5);
        clock.pin(mon.plus(Duration.ofHours(6))); // 15:00: B's first response (due 13:30) is breached
        sweep.run();

        clock.pin(mon.plus(Duration.ofDays(1)));
        String c = ticket(product, "Invoice C", "Wrong VAT");
        clock.pin(mon.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(30)));
        agent("/api/v1/tickets/" + c + "/wait-on-customer", "{\"text\":\"Which invoice number?\"}");

        clock.pin(mon.plus(Duration.ofDays(2)));
        String d = ticket(product, "Printing D", "Letters not printed");
        clock.pin(mon.plus(Duration.ofDays(2)).plus(Duration.ofHours(1)));
        agent("/api/v1/tickets/" + d + "/replies", "{\"text\":\"Reprinted.\"}");
        agent("/api/v1/tickets/" + d + "/transitions", "{\"action\":\"RESOLVE\"}");
        rate(d, 2);
        clock.release();
        return List.of(a, b, c, d);
    }

    /** Every element with data-figure="/json/pointer" shows the JSON's value there ("–" for none). */
    public static void figuresEqualJson(Document page, JsonNode report) {
        List<Element> figures = page.select("[data-figure]");
        assertThat(figures).hasSizeGreaterThan(10);
        for (Element e : figures) {
            JsonNode value = report.at(e.attr("data-figure"));
            if (value.isMissingNode() || value.isNull()) {
                assertThat(e.text()).as(e.attr("data-figure")).isEqualTo("–");
            } else {
                assertThat(new BigDecimal(e.text())).as(e.attr("data-figure")).isEqualByComparingTo(value.decimalValue());
            }
        }
    }

    private String ticket(String product, String subject, String message) {
        Reply r = http.send(http.widget(HubHttp.widgetJson(product, "report-" + UUID.randomUUID() + "@example.com",
                subject, message)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("key").asText();
    }

    private void agent(String path, String body) {
        Reply r = http.send(as(AGENT, http.post(path, body)));
        assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(200);
    }

    private void rate(String key, int rating) throws Exception {
        String payload = jdbc.queryForObject("SELECT payload FROM outbox WHERE ticket_key = ? AND event_type = 'mail.notice' "
                + "AND payload LIKE '%/api/v1/feedback/%'", String.class, key);
        JsonNode mail = json.readTree(payload);
        String text = mail.get("text").asText();
        String path = text.substring(text.indexOf("/api/v1/feedback/")).split("\\s")[0];
        Reply r = http.send(http.post(path, "{\"rating\":" + rating + "}"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }
}
