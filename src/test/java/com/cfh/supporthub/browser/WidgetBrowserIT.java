package com.cfh.supporthub.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebElement;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The embeddable widget in a real browser (P05, P02, issue 18 items 3 and 5): RunMy's help page on its own origin
 * ({@link TestSite}) includes {@code widget.js} from the hub; the customer sends the form empty (422: each field says
 * what is wrong), then filled in (201: the key and the first-response promise), and the ticket is stored with the
 * widget's Idempotency-Key, the page's URL and its origin; no cookie is set; too many questions get a polite note (429).
 */
class WidgetBrowserIT extends BrowserHubIT {

    private SearchContext widget() {
        return browser.waiting().until(d -> {
            var hosts = d.findElements(By.cssSelector(".support-hub-widget"));
            if (hosts.isEmpty()) {
                return null;
            }
            SearchContext root = hosts.get(0).getShadowRoot();
            return root.findElements(By.cssSelector("form")).isEmpty() ? null : root;
        });
    }

    private static WebElement field(SearchContext root, String name) {
        return root.findElement(By.cssSelector("[name=" + name + "]"));
    }

    @Test
    @DisplayName("P05 P02: the widget on a product's site shows 422 errors per field, posts a ticket with an Idempotency-Key, shows the key and promise, sets no cookie, and answers 429 politely")
    void widgetOnProductSitePostsTicketAndShowsPromise_P05_P02() throws Exception {
        browser.open(TestSite.helpPage(hub()));
        SearchContext root = widget();
        assertThat(root.findElement(By.cssSelector("h2")).getText()).isEqualTo("Ask RunMy support");
        checkPage("widget");

        root.findElement(By.cssSelector("button[type=submit]")).click();
        browser.waiting().until(d -> field(root, "email").getAttribute("aria-invalid") != null);
        for (String name : new String[] {"email", "subject", "message"}) {
            WebElement input = field(root, name);
            assertThat(input.getAttribute("aria-invalid")).isEqualTo("true");
            WebElement error = root.findElement(By.id(input.getAttribute("aria-describedby")));
            assertThat(error.getText()).as(name).isEqualTo("This is required.");
        }
        assertThat(field(root, "name").getAttribute("aria-invalid")).as("the name is optional").isNull();
        browser.screenshots("widget-errors");
        assertThat(browser.consoleErrors()).as("the browser logs the expected 422 and nothing else")
                .allMatch(m -> m.contains("/api/v1/widget/tickets") && m.contains("status of 422"));

        String email = "widget-" + UUID.randomUUID() + "@example.com";
        field(root, "name").sendKeys("Rosa Customer");
        field(root, "email").sendKeys(email);
        field(root, "subject").sendKeys("Timesheet export");
        field(root, "message").sendKeys("The export button does nothing.");
        root.findElement(By.cssSelector("button[type=submit]")).click();
        WebElement done = browser.waiting().until(d -> root.findElements(By.cssSelector(".done")).stream().findFirst()
                .orElse(null));

        String key = jdbc.queryForObject("SELECT t.ticket_key FROM ticket t JOIN contact c ON c.id = t.requester_id "
                + "WHERE c.email = ?", String.class, email);
        assertThat(jdbc.queryForMap("SELECT channel, product, subject FROM ticket WHERE ticket_key = ?", key))
                .containsEntry("CHANNEL", "WIDGET").containsEntry("PRODUCT", "runmy").containsEntry("SUBJECT", "Timesheet export");
        assertThat(jdbc.queryForObject("SELECT idempotency_key FROM ticket WHERE ticket_key = ?", String.class, key))
                .as("the widget sent an Idempotency-Key").matches("[0-9a-f-]{32,36}");
        String created = jdbc.queryForObject("SELECT e.detail FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id "
                + "WHERE t.ticket_key = ? AND e.event_type = 'ticket.created'", String.class, key);
        assertThat(created).contains("origin=" + System.getProperty(TestSite.ORIGIN_PROPERTY)).contains("page-url="
                + TestSite.helpPage(hub()));
        JsonNode acknowledged = json.readTree(jdbc.queryForObject("SELECT payload FROM outbox WHERE ticket_key = ? "
                + "AND event_type = 'ticket.created'", String.class, key));
        assertThat(done.findElement(By.cssSelector(".key")).getText()).isEqualTo(key);
        assertThat(done.findElement(By.cssSelector(".promise")).getText()).isEqualTo(acknowledged.get("promise").asText())
                .isNotBlank();
        assertThat(browser.driver().manage().getCookies()).as("no cookies").isEmpty();
        checkPage("widget-sent");

        done.findElement(By.cssSelector("button.again")).click();
        String note = null;
        for (int i = 0; i < 12 && note == null; i++) { // the test hub allows 5 posts per client and minute
            root.findElement(By.cssSelector("button[type=submit]")).click();
            int attempt = i;
            browser.waiting().until(d -> !root.findElements(By.cssSelector("[role=status] p")).isEmpty()
                    && root.findElement(By.cssSelector("button[type=submit]")).isEnabled());
            String text = root.findElement(By.cssSelector("[role=status] p")).getText();
            if (text.contains("several questions")) {
                note = text;
            } else {
                assertThat(text).as("attempt " + attempt).startsWith("Please check the marked fields");
            }
        }
        assertThat(note).isNotNull().contains("Please wait").contains("seconds");
        assertThat(root.findElement(By.cssSelector("[role=status] p")).getAttribute("class")).contains("polite");
        browser.screenshots("widget-rate-limited");
    }
}
