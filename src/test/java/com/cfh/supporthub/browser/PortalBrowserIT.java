package com.cfh.supporthub.browser;

import static com.cfh.supporthub.lifecycle.Accounts.AGENT;
import static com.cfh.supporthub.lifecycle.Accounts.MANAGER;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import com.cfh.supporthub.portal.PortalLinks;

/**
 * The customer portal in a real browser (P16-P18, issue 18 items 2 and 5): the customer asks for a link on the
 * portal's form, opens it, lists, reads, replies with the keyboard alone (the reply enters the intake pipeline,
 * channel PORTAL) and removes a participant; a revoked contact and a stale link get clear pages.
 */
class PortalBrowserIT extends BrowserHubIT {

    /** The link the hub mailed to the address (the newest one). */
    private String mailedLink(String email) throws Exception {
        return PortalLinks.mailedLink(jdbc, json, email);
    }

    private String text(By by) {
        return browser.driver().findElement(by).getText();
    }

    /** Presses Tab until the focused element matches, as a keyboard user moves through the page. */
    private WebElement tabTo(String cssSelector) {
        for (int i = 0; i < 40; i++) {
            new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
            WebElement focused = browser.driver().switchTo().activeElement();
            if (Boolean.TRUE.equals(browser.driver().executeScript("return arguments[0].matches(arguments[1]);", focused,
                    cssSelector))) {
                return focused;
            }
        }
        throw new AssertionError("Tab never reached " + cssSelector);
    }

    @Test
    @DisplayName("P16: the portal lists, reads, replies (keyboard only, through the intake pipeline) and removes a participant")
    void portalListsReadsRepliesAndRemovesParticipant_P16() throws Exception {
        String requester = email("portal");
        String colleague = email("colleague");
        String key = newTicket("docmail", requester, "Letters stuck in the print queue", "Batch 12 has not printed since Monday.");
        assertThat(post(AGENT, "/api/v1/tickets/" + key + "/replies", "{\"text\":\"We are looking at batch 12.\"}").status())
                .isEqualTo(200);
        assertThat(post(AGENT, "/api/v1/tickets/" + key + "/participants",
                "{\"email\":\"" + colleague + "\",\"name\":\"Colin Colleague\"}").status()).isEqualTo(200);

        browser.open(hub() + "/portal/access?product=docmail");
        checkPage("portal-access");
        browser.driver().findElement(By.id("access-email")).sendKeys(requester);
        browser.driver().findElement(By.cssSelector("form[action='/portal/access'] button")).click();
        browser.waiting().until(d -> d.findElement(By.tagName("h1")).getText().equals("Check your inbox"));

        browser.open(hub() + mailedLink(requester));
        assertThat(text(By.tagName("h1"))).isEqualTo("Your support requests");
        assertThat(text(By.cssSelector(".tickets"))).contains(key).contains("Letters stuck in the print queue");
        checkPage("portal-list");

        browser.driver().findElement(By.partialLinkText(key)).click();
        browser.waiting().until(d -> d.findElement(By.tagName("h1")).getText().startsWith(key));
        assertThat(text(By.cssSelector(".messages"))).contains("Batch 12 has not printed since Monday.")
                .contains("We are looking at batch 12.").contains("Support team");
        assertThat(text(By.cssSelector(".people"))).contains("Colin Colleague (" + colleague + ")");
        checkPage("portal-ticket");

        browser.driver().findElement(By.cssSelector("main")).click(); // start from the page, as a keyboard user would
        WebElement message = tabTo("textarea#message");
        message.sendKeys("It printed after a restart, thank you.");
        tabTo("form[action$='/replies'] button[type=submit]").sendKeys(Keys.ENTER);
        browser.waiting().until(d -> d.findElements(By.cssSelector(".notice")).stream()
                .anyMatch(n -> n.getText().contains("your message was added")));
        assertThat(text(By.cssSelector(".messages"))).contains("It printed after a restart, thank you.");
        assertThat(count("SELECT COUNT(*) FROM ticket_message m JOIN ticket t ON t.id = m.ticket_id WHERE t.ticket_key = ? "
                + "AND m.channel = 'PORTAL' AND m.author = ? AND m.body = ?", key, requester,
                "It printed after a restart, thank you.")).isEqualTo(1);

        browser.driver().findElement(By.cssSelector("button[aria-label^='Remove Colin Colleague']")).click();
        browser.waiting().until(d -> d.findElements(By.cssSelector(".notice")).stream()
                .anyMatch(n -> n.getText().startsWith("Removed")));
        assertThat(count("SELECT COUNT(*) FROM ticket_participant p JOIN ticket t ON t.id = p.ticket_id WHERE "
                + "t.ticket_key = ?", key)).isZero();
        assertThat(text(By.id("people"))).isEqualTo("Who can follow this request");
        assertThat(browser.driver().findElements(By.cssSelector(".people li"))).isEmpty();
        assertThat(browser.driver().manage().getCookies()).as("no cookies").isEmpty();
    }

    @Test
    @DisplayName("P18: a revoked contact sees a clear page; a stale link offers a new one")
    void revokedContactAndStaleLinkGetPages_P18() throws Exception {
        String customer = email("revoked");
        newTicket("runmy", customer, "Account", "Please close my account");
        assertThat(http.send(http.post("/api/v1/customer/access", "{\"email\":\"" + customer + "\"}")).status())
                .isEqualTo(202);
        String link = mailedLink(customer);
        long contact = count("SELECT id FROM contact WHERE email = ?", customer);
        assertThat(post(MANAGER, "/api/v1/contacts/" + contact + "/revoke-access", "").status()).isEqualTo(200);

        browser.open(hub() + link);
        assertThat(text(By.tagName("h1"))).isEqualTo("Access to your requests has been removed");
        assertThat(browser.driver().getPageSource()).doesNotContain("Please close my account");
        browser.consoleErrors(); // the page's own 403 is logged as a failed load
        checkPage("portal-revoked");

        browser.open(hub() + "/portal?token=1.2.expired");
        assertThat(text(By.tagName("h1"))).isEqualTo("This link has expired or is not valid");
        assertThat(browser.driver().findElement(By.id("access-email")).isDisplayed()).isTrue();
        browser.consoleErrors();
        checkPage("portal-link-expired");
    }
}
