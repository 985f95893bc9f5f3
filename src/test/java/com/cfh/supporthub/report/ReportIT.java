package com.cfh.supporthub.report;

import static com.cfh.supporthub.lifecycle.Accounts.AGENT;
import static com.cfh.supporthub.lifecycle.Accounts.MANAGER;
import static com.cfh.supporthub.lifecycle.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.cfh.supporthub.lifecycle.LifecycleHubIT;
import com.cfh.supporthub.sla.SlaSweep;
import com.cfh.supporthub.support.HubHttp.Reply;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The manager's report through real HTTP (P12, issue 18 item 1): the JSON's series, satisfaction and backlog over
 * tickets with known outcomes, the page's figures equal to that JSON, the CSV, and who may see them. In a real
 * browser with its charts: {@code browser.ReportBrowserIT}.
 */
class ReportIT extends LifecycleHubIT {

    static final String HTML = "text/html,application/xhtml+xml,*/*;q=0.8";

    @Autowired
    SlaSweep sweep;

    @Test
    @DisplayName("P12: series per day and channel, satisfaction distribution and backlog; the page shows the JSON's figures, the CSV the same")
    void reportSeriesPageAndCsvAgree_P12() throws Exception {
        new ReportFixture(http, jdbc, clock, sweep, json).seed("runmy", LocalDate.parse("2025-06-02"));
        String query = "from=2025-06-02&to=2025-06-04&product=runmy";
        Reply api = get(MANAGER, "/api/v1/reports/sla?" + query);
        assertThat(api.status()).as(api.body()).isEqualTo(200);
        JsonNode report = api.json();
        assertThat(report.at("/total/tickets").asLong()).isEqualTo(4);
        assertThat(report.at("/total/firstResponseMet").asLong()).isEqualTo(3);
        assertThat(report.at("/total/firstResponseBreached").asLong()).isEqualTo(1);
        assertThat(report.at("/total/resolutionMet").asLong()).isEqualTo(2);
        assertThat(report.at("/total/firstResponseAttainment").decimalValue()).isEqualByComparingTo("75.0");
        assertThat(report.at("/interval").asText()).isEqualTo("day");
        assertThat(report.at("/timeZone").asText()).isEqualTo("Europe/London");
        assertThat(report.at("/series").size()).isEqualTo(3);
        assertThat(report.at("/series").findValuesAsText("start"))
                .containsExactly("2025-06-01T23:00:00Z", "2025-06-02T23:00:00Z", "2025-06-03T23:00:00Z");
        assertThat(report.at("/series/0/total/tickets").asLong()).isEqualTo(2);
        assertThat(report.at("/series/0/total/breaches").asLong()).isEqualTo(1);
        assertThat(report.at("/series/0/channels/0/channel").asText()).isEqualTo("WIDGET");
        assertThat(report.at("/series/1/total/tickets").asLong()).isEqualTo(1);
        assertThat(report.at("/series/2/total/averageRating").decimalValue()).isEqualByComparingTo("2");
        assertThat(report.at("/satisfaction/ratings").asLong()).isEqualTo(2);
        assertThat(report.at("/satisfaction/averageRating").decimalValue()).isEqualByComparingTo("3.5");
        assertThat(report.at("/satisfaction/distribution/5").asLong()).isEqualTo(1);
        assertThat(report.at("/satisfaction/distribution/2").asLong()).isEqualTo(1);
        assertThat(report.at("/satisfaction/distribution/1").asLong()).isZero();
        assertThat(report.at("/backlog/waitingOnCustomer").asLong()).isPositive();
        assertThat(report.at("/backlog/breached").asLong()).isPositive();

        Reply page = http.send(as(MANAGER, http.get("/reports?" + query)).header("Accept", HTML));
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'");
        Document doc = Jsoup.parse(page.body());
        ReportFixture.figuresEqualJson(doc, report);
        assertThat(json.readTree(doc.getElementById("report-data").data())).isEqualTo(report);
        assertThat(doc.select("script[src]").eachAttr("src")).contains("/webjars/echarts/dist/echarts.min.js");
        assertThat(doc.select("#channels tbody tr")).hasSize(2); // WIDGET and the total

        Reply csv = http.send(as(MANAGER, http.get("/reports/sla.csv?" + query)));
        assertThat(csv.status()).as(csv.body()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.header("Content-Disposition")).contains("sla-report-runmy-2025-06-02-2025-06-04.csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).isEqualTo("periodStart,periodEnd,channel,tickets,firstResponseMet,firstResponseBreached,"
                + "firstResponseAttainment,resolutionMet,resolutionBreached,resolutionAttainment,breaches,ratings,averageRating");
        assertThat(lines).contains("2025-06-02T00:00:00+01:00,2025-06-03T00:00:00+01:00,WIDGET,2,1,1,50.0,1,0,100.0,1,1,5.00",
                "2025-06-02T00:00:00+01:00,2025-06-05T00:00:00+01:00,ALL,4,3,1,75.0,2,0,100.0,1,2,3.50");
        assertThat(lines).hasSize(1 + 3 * 2 + 2);

        Reply script = http.send(http.get("/webjars/echarts/dist/echarts.min.js"));
        assertThat(script.status()).as("the chart library is served from the jar").isEqualTo(200);
        assertThat(script.header("Cache-Control")).contains("max-age=3600");
    }

    @Test
    @DisplayName("P12 P15: the report page needs a manager; browsers get sign-in and refusal pages, API clients problem+json")
    void reportNeedsManager_P12_P15() {
        Reply anonymous = http.send(http.get("/reports").header("Accept", HTML));
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).startsWith("Basic");
        assertThat(anonymous.contentType()).startsWith("text/html");
        assertThat(anonymous.body()).contains("Please sign in");
        Reply agent = http.send(as(AGENT, http.get("/reports")).header("Accept", HTML));
        assertThat(agent.status()).isEqualTo(403);
        assertThat(agent.body()).contains("Not allowed");
        assertThat(http.send(as(AGENT, http.get("/reports/sla.csv"))).status()).isEqualTo(403);
        Reply json = http.send(http.get("/reports"));
        assertThat(json.status()).isEqualTo(401);
        assertThat(json.contentType()).startsWith("application/problem+json");
        Reply invalid = http.send(as(MANAGER, http.get("/reports?from=yesterday")).header("Accept", HTML));
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.body()).contains("Please check what you entered").contains("from");
        assertThat(http.send(as(MANAGER, http.get("/api/v1/reports/sla?interval=decade"))).status()).isEqualTo(422);
    }
}
