package com.cfh.supporthub.browser;

import static com.cfh.supporthub.lifecycle.Accounts.MANAGER;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;

import com.cfh.supporthub.report.ReportFixture;
import com.cfh.supporthub.sla.SlaSweep;
import com.cfh.supporthub.support.HubHttp;
import com.cfh.supporthub.support.HubHttp.Reply;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The manager's report in a real browser (P12, issue 18 items 1 and 5): a manager (here the admin account) opens {@code /reports} for a week
 * of known tickets; the four charts are drawn from the jar's ECharts, and every figure the page shows equals
 * {@code GET /api/v1/reports/sla} for the same period and product.
 */
class ReportBrowserIT extends BrowserHubIT {

    @Autowired
    SlaSweep sweep;

    @Test
    @DisplayName("P12: the report page draws its charts and shows the figures of GET /api/v1/reports/sla")
    void reportPageFiguresEqualJson_P12() throws Exception {
        new ReportFixture(http, jdbc, clock, sweep, json).seed("docmail", LocalDate.parse("2025-06-09"));
        String query = "from=2025-06-09&to=2025-06-13&product=docmail";
        Reply api = get(MANAGER, "/api/v1/reports/sla?" + query);
        assertThat(api.status()).as(api.body()).isEqualTo(200);
        JsonNode report = api.json();
        assertThat(report.at("/total/tickets").asLong()).isEqualTo(4);

        // HTTP Basic in the address, as a manager's browser sends it after the sign-in dialog (the admin account
        // includes the manager role; ReportIT checks the MANAGER account and the refusals).
        browser.open("http://" + HubHttp.ADMIN_USER + ":" + HubHttp.ADMIN_PASSWORD + "@127.0.0.1:" + port + "/reports?" + query);
        browser.waiting().until(d -> "4".equals(d.findElement(By.tagName("html")).getAttribute("data-charts")));
        for (String chart : List.of("chart-volume", "chart-attainment", "chart-csat", "chart-trend")) {
            assertThat(browser.driver().findElements(By.cssSelector("#" + chart + " canvas"))).as(chart).isNotEmpty();
        }
        ReportFixture.figuresEqualJson(Jsoup.parse(browser.driver().getPageSource()), report); // the DOM as drawn
        assertThat(browser.driver().findElement(By.cssSelector("a[download]")).getAttribute("href"))
                .endsWith("/reports/sla.csv?from=2025-06-09&to=2025-06-13&product=docmail&interval=day");
        checkPage("report");
    }
}
