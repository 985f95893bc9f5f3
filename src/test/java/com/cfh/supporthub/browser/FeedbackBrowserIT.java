package com.cfh.supporthub.browser;

import static com.cfh.supporthub.lifecycle.Accounts.AGENT;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The feedback pages in a real browser (P11, issue 18 items 4 and 5): the link mailed after resolution shows the
 * rating form in the product's look, records the rating once, and a used link shows a page, not JSON.
 */
class FeedbackBrowserIT extends BrowserHubIT {

    @Test
    @DisplayName("P11: the feedback page records a rating once; sending a used link again shows a page, not JSON")
    void feedbackPageRecordsOnceAndUsedLinkIsAPage_P11() throws Exception {
        String key = newTicket("runmy", email("feedback"), "Password reset", "The reset mail never came");
        assertThat(post(AGENT, "/api/v1/tickets/" + key + "/transitions", "{\"action\":\"RESOLVE\"}").status()).isEqualTo(200);
        JsonNode mail = json.readTree(jdbc.queryForObject("SELECT payload FROM outbox WHERE ticket_key = ? AND "
                + "event_type = 'mail.notice' AND payload LIKE '%/api/v1/feedback/%'", String.class, key));
        String text = mail.get("text").asText();
        String path = text.substring(text.indexOf("/api/v1/feedback/")).split("\\s")[0];

        browser.open(hub() + path);
        assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo("How did we do?");
        assertThat(browser.driver().findElement(By.cssSelector("header.site")).getText()).isEqualTo("RunMy support");
        checkPage("feedback");

        browser.driver().findElement(By.cssSelector("input[name=rating][value='4']")).click();
        browser.driver().findElement(By.id("comment")).sendKeys("Quick and friendly.");
        browser.driver().findElement(By.cssSelector("form button[type=submit]")).click();
        browser.waiting().until(d -> d.findElement(By.tagName("h1")).getText().equals("Thank you"));
        assertThat(browser.driver().findElement(By.cssSelector("main")).getText()).contains("4 out of 5");
        assertThat(jdbc.queryForMap("SELECT f.rating, f.rating_comment FROM feedback_request f JOIN ticket t ON "
                + "t.id = f.ticket_id WHERE t.ticket_key = ?", key)).containsEntry("RATING", 4)
                .containsEntry("RATING_COMMENT", "Quick and friendly.");
        checkPage("feedback-thanks");

        browser.driver().navigate().back(); // the form again: the browser posts it once more
        browser.waiting().until(d -> !d.findElements(By.tagName("h1")).isEmpty());
        assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo("Thank you");
        browser.driver().executeScript("var f = document.createElement('form'); f.method = 'post'; f.action = arguments[0];"
                + "var r = document.createElement('input'); r.name = 'rating'; r.value = '1'; f.appendChild(r);"
                + "document.body.appendChild(f); f.submit();", path);
        browser.waiting().until(d -> d.findElement(By.tagName("h1")).getText().equals("Already done"));
        assertThat(browser.driver().getPageSource()).doesNotContain("application/problem+json").contains("already");
        assertThat(jdbc.queryForObject("SELECT f.rating FROM feedback_request f JOIN ticket t ON t.id = f.ticket_id "
                + "WHERE t.ticket_key = ?", Integer.class, key)).isEqualTo(4);
        browser.consoleErrors(); // the 409 itself
        checkPage("feedback-used");
    }
}
