package com.cfh.supporthub.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.cfh.supporthub.config.HubProperties;
import com.cfh.supporthub.web.FieldError;
import com.cfh.supporthub.web.Problem;

/**
 * The template folder (issue 17 item 3): each page template of the shipped default set renders with a model like
 * the one its page gives it; a product's override wins; an edit on disk shows at the next render; values are
 * HTML-escaped; dates are for people in the product's time zone.
 */
class TemplatesTest {

    static final Instant WINTER = Instant.parse("2026-03-02T09:00:00Z");
    static final Instant SUMMER = Instant.parse("2026-06-01T09:00:00Z");

    static HubProperties hub() {
        HubProperties hub = new HubProperties();
        HubProperties.Product runmy = new HubProperties.Product();
        runmy.setName("RunMy");
        runmy.setKeyPrefix("RUN");
        runmy.setTimeZone(ZoneId.of("Europe/London"));
        HubProperties.Product tokyo = new HubProperties.Product();
        tokyo.setName("Tokyo Desk");
        tokyo.setKeyPrefix("TKY");
        tokyo.setTimeZone(ZoneId.of("Asia/Tokyo"));
        hub.setProducts(new java.util.LinkedHashMap<>(Map.of("runmy", runmy, "tokyo", tokyo)));
        return hub;
    }

    /** The shipped folder, as the hub reads it when started from the project folder. */
    static Templates shipped() {
        Templates templates = new Templates("templates", hub());
        templates.afterPropertiesSet();
        return templates;
    }

    static Map<String, Object> status(String s) {
        return Map.of("status", Map.of(s, true), "statusName", s);
    }

    @Test
    @DisplayName("Every page template of the default set renders, with product colours, for each page's model")
    void everyPageTemplateRenders() {
        Templates t = shipped();
        assertThat(t.names("default")).contains("layout", "error", "feedback-form", "feedback-thanks", "feedback-done",
                "portal-access", "portal-access-sent", "portal-tickets", "portal-ticket", "report");

        String form = t.page("feedback-form", "runmy", "How did we do?", Map.of("ticketKey", "RUN-7", "maxComment", 2000,
                "expiresAt", WINTER));
        assertThat(form).startsWith("<!DOCTYPE html>").contains("<meta name=\"viewport\"")
                .contains("href=\"/brand/runmy.css\"").contains("<h1>How did we do?</h1>").contains("RUN-7")
                .contains("name=\"rating\" value=\"1\"").contains("name=\"rating\" value=\"5\"").contains("until 2 March 2026");
        assertThat(t.page("feedback-thanks", "runmy", "Thank you", Map.of("ticketKey", "RUN-7", "rating", 4,
                "commented", true))).contains("4 out of 5").contains("with your comment");
        assertThat(t.page("feedback-done", "runmy", "Thank you", Map.of("ticketKey", "RUN-7", "respondedAt", WINTER)))
                .contains("already recorded").contains("2 March 2026");

        assertThat(t.page("portal-access", null, "Your support requests", Map.of()))
                .contains("action=\"/portal/access\"").contains("<label for=\"access-email\">");
        assertThat(t.page("portal-access-sent", "runmy", "Check your inbox", Map.of("email", "ann@example.com")))
                .contains("ann@example.com").contains("/portal/access?product=runmy");

        Map<String, Object> row = new HashMap<>(status("WAITING_ON_CUSTOMER"));
        row.putAll(Map.of("key", "RUN-7", "subject", "Exports", "productName", "RunMy", "updatedAt", WINTER,
                "href", "/portal/tickets/RUN-7?token=t"));
        assertThat(t.page("portal-tickets", "runmy", "Your support requests", Map.of("customer",
                Map.of("email", "ann@example.com"), "tickets", List.of(row), "hasTickets", true)))
                .contains("href=\"/portal/tickets/RUN-7?token=t\"").contains("Waiting for your reply")
                .contains("2 March 2026, 09:00 GMT");
        assertThat(t.page("portal-tickets", "runmy", "Your support requests", Map.of("customer",
                Map.of("email", "ann@example.com"), "tickets", List.of(), "hasTickets", false)))
                .contains("There are no requests to show.");

        Map<String, Object> ticket = new HashMap<>(status("OPEN"));
        ticket.putAll(Map.of("key", "RUN-7", "subject", "Exports", "createdAt", WINTER, "updatedAt", SUMMER));
        Map<String, Object> model = new HashMap<>();
        model.put("ticket", ticket);
        model.put("messages", List.of(Map.of("fromSupport", false, "from", "ann@example.com", "text", "It broke",
                "at", WINTER), Map.of("fromSupport", true, "from", "", "text", "Fixed", "at", SUMMER)));
        model.putAll(Map.of("closed", false, "token", "t", "nonce", "n", "maxMessage", 10000, "replyAction", "/r",
                "addAction", "/a", "leaveAction", "/l", "isRequester", true, "isParticipant", false));
        model.putAll(Map.of("requesterName", "Ann", "participants", List.of(Map.of("label", "Bob (bob@example.com)",
                "removeAction", "/portal/tickets/RUN-7/participants/9/remove")), "hasParticipants", true,
                "backHref", "/portal?token=t", "notice", Map.of("replied", true, "from", "RUN-7")));
        String page = t.page("portal-ticket", "runmy", "not this title", model);
        assertThat(page).as("the title from the template's Title: line").contains("<h1>RUN-7 Exports</h1>")
                .contains("<title>RUN-7 Exports – RunMy support</title>").doesNotContain("not this title")
                .doesNotContain("Title:").contains("your message was added").contains("It broke").contains("Support team")
                .contains("1 June 2026, 10:00 BST").contains("aria-label=\"Remove Bob (bob@example.com)\"")
                .contains("name=\"nonce\" value=\"n\"");

        Problem revoked = Problem.of(403, "forbidden", "Forbidden", "Access to these requests has been revoked.");
        Map<String, Object> error = new HashMap<>(Map.of("status", 403, "problemTitle", "Forbidden", "detail",
                revoked.detail(), "errors", List.of(), "is", Map.of("forbidden", true), "portal", true, "ownHeading", true));
        assertThat(t.page("error", "runmy", "Forbidden", error)).contains("<h1 id=\"what\">Access to your requests has been removed</h1>")
                .doesNotContain("<h1>Forbidden</h1>");
        error.putAll(Map.of("status", 422, "is", Map.of("invalid-field", true), "portal", false,
                "errors", List.of(new FieldError("message", "is required"))));
        assertThat(t.page("error", null, "Invalid field", error)).contains("<strong>message</strong> is required");
    }

    @Test
    @DisplayName("issue 17.3 issue 14.11: every mail template renders a subject and a plain-text body; one thank you; dates for people in the product's zone")
    void everyMailTemplateRenders() {
        Templates t = shipped();
        assertThat(t.names("default")).contains("acknowledgement", "promise", "reply", "auto-close-notice",
                "feedback-request", "escalation-notice", "customer-link", "agent-notice");

        Templates.Mail fresh = t.mail("agent-notice", "runmy", Map.of("ticketKey", "RUN-7", "subject", "Exports",
                "channel", "EMAIL", "newTicket", true));
        assertThat(fresh.subject()).isEqualTo("New ticket: Exports");
        assertThat(fresh.text()).isEqualTo("A new RunMy ticket RUN-7 arrived by EMAIL: Exports\n");
        Templates.Mail mine = t.mail("agent-notice", "runmy", Map.of("ticketKey", "RUN-7", "subject", "Exports",
                "actor", "lee", "assigned", true));
        assertThat(mine.subject()).isEqualTo("Assigned to you: Exports");
        assertThat(mine.text()).isEqualTo("lee assigned RUN-7 to you: Exports\n");
        assertThat(t.mail("agent-notice", "docmail", Map.of("ticketKey", "DOC-3", "subject", "Labels",
                "customerReply", true)).text()).isEqualTo("The customer replied on DOC-3, assigned to you: Labels\n");

        Map<String, Object> promise = new HashMap<>(Map.of("due", SUMMER, "receivedAt", SUMMER, "outsideHours", true,
                "openDays", "Monday to Friday", "opensAt", "08:30", "closesAt", "17:30", "zoneLabel", "UK time"));
        assertThat(t.line("promise", "runmy", promise)).isEqualTo("Our team is available Monday to Friday 08:30–17:30 "
                + "UK time, excluding bank holidays, so your request will be picked up when we next open. "
                + "We will reply by Monday 1 June 2026, 10:00 BST.");
        promise.put("outsideHours", false);
        assertThat(t.line("promise", "tokyo", promise)).isEqualTo("We will reply by Monday 1 June 2026, 18:00 JST.");

        for (String channel : List.of("EMAIL", "WIDGET", "PORTAL")) {
            Map<String, Object> ack = new HashMap<>(Map.of("ticketKey", "RUN-7", "subject", "Exports <fail>",
                    "taggedSubject", "[RUN-7] Exports <fail>", "channel", Map.of(channel, true),
                    "promise", "We will reply by Monday 1 June 2026, 10:00 BST.", "receivedAt", WINTER, "firstResponseDue", SUMMER));
            ack.put("requesterName", null);
            Templates.Mail mail = t.mail("acknowledgement", "runmy", ack);
            assertThat(mail.subject()).as(channel).isEqualTo("[RUN-7] Exports <fail>");
            assertThat(mail.text()).as(channel).startsWith("Hello,\n\nThank you for contacting RunMy support. Your request "
                    + "has been logged as RUN-7.\nWe will reply by Monday 1 June 2026, 10:00 BST.\n\n")
                    .contains("[RUN-7] in the subject").endsWith("RunMy support\n").doesNotContain("\n\n\n");
            assertThat(mail.text().toLowerCase().split("thank you", -1)).as("one thank you").hasSize(2);
        }
        Map<String, Object> named = Map.of("ticketKey", "RUN-7", "subject", "Exports", "taggedSubject", "[RUN-7] Exports",
                "requesterName", "Ann Lee", "channel", Map.of("PORTAL", true), "promise", "", "receivedAt", WINTER,
                "firstResponseDue", SUMMER);
        assertThat(t.mail("acknowledgement", "runmy", named).text()).startsWith("Dear Ann Lee,\n\n")
                .contains("customer portal").doesNotContain("We will reply");

        Templates.Mail reply = t.mail("reply", "runmy", Map.of("ticketKey", "RUN-7", "subject", "Exports",
                "taggedSubject", "[RUN-7] Exports", "text", "Please try again.\n\nLine two & <three>", "author", "agent1"));
        assertThat(reply.subject()).isEqualTo("Re: [RUN-7] Exports");
        assertThat(reply.text()).startsWith("Please try again.\n\nLine two & <three>\n\n--\nRunMy support\n")
                .doesNotContain("agent1");

        Templates.Mail closed = t.mail("auto-close-notice", "runmy", Map.of("ticketKey", "RUN-7", "subject", "Exports",
                "afterDays", 5, "closedAt", SUMMER));
        assertThat(closed.subject()).isEqualTo("[RUN-7] Your request is closed");
        assertThat(closed.text()).contains("RunMy support request RUN-7 (\"Exports\")").contains("for 5 days")
                .contains("closed it on Monday 1 June 2026, 10:00 BST").contains("reply to this message");

        Templates.Mail feedback = t.mail("feedback-request", "tokyo", Map.of("ticketKey", "TKY-3", "subject", "Login",
                "link", "https://hub.example/api/v1/feedback/1.2.3.4", "expiresAt", WINTER));
        assertThat(feedback.subject()).isEqualTo("[TKY-3] How did we do?");
        assertThat(feedback.text()).contains("Your Tokyo Desk support request TKY-3 (\"Login\") has been resolved.")
                .contains("\nhttps://hub.example/api/v1/feedback/1.2.3.4\n").contains("until Monday 2 March 2026, 18:00 JST.");

        Templates.Mail link = t.mail("customer-link", "runmy", Map.of("email", "ann@example.com",
                "link", "https://hub.example/portal?token=a.b.c", "expiresAt", SUMMER));
        assertThat(link.subject()).isEqualTo("Your RunMy support requests");
        assertThat(link.text()).contains("\nhttps://hub.example/portal?token=a.b.c\n")
                .contains("It works until Monday 1 June 2026, 10:00 BST.").doesNotContain("T09:00:00Z");

        Map<String, Object> escalation = new HashMap<>(Map.of("ticketKey", "RUN-7", "subject", "Exports", "cycle", 1,
                "firstResponseDue", WINTER, "resolutionDue", SUMMER, "tier", "TIER2", "tierLabel", "tier 2",
                "step", Map.of("FIRST_RESPONSE_BREACHED", true)));
        Templates.Mail first = t.mail("escalation-notice", "runmy", escalation);
        assertThat(first.subject()).isEqualTo("Escalation RUN-7: First response overdue: Exports");
        assertThat(first.text()).isEqualTo("The first response to RunMy ticket RUN-7 was due Monday 2 March 2026, "
                + "09:00 GMT (P07).\n\nThe ticket is now with tier 2.\n");
        escalation.putAll(Map.of("step", Map.of("RESOLUTION_AT_RISK", true)));
        assertThat(t.mail("escalation-notice", "runmy", escalation).subject()).isEqualTo("Escalation RUN-7: Resolution at risk: Exports");
        escalation.putAll(Map.of("step", Map.of("RESOLUTION_BREACHED", true), "tier", "MANAGER", "tierLabel",
                "managerial oversight"));
        Templates.Mail breached = t.mail("escalation-notice", "runmy", escalation);
        assertThat(breached.subject()).isEqualTo("Escalation RUN-7: Resolution overdue: Exports");
        assertThat(breached.text()).contains("Resolution cycle 1 of RunMy ticket RUN-7 was due Monday 1 June 2026, 10:00 BST")
                .contains("managerial oversight");
    }

    @Test
    @DisplayName("issue 17.3: a page template names its own title on a first line Title:, escaped once; without one the caller's title stands")
    void pageTitleFromTemplate(@TempDir Path dir) throws IOException {
        write(dir.resolve("default/layout.mustache"), "<title>{{title}}</title><h1>{{title}}</h1>{{{content}}}");
        write(dir.resolve("default/own.mustache"), "Title: {{key}} “{{subject}}”\n<p>Body</p>");
        write(dir.resolve("default/plain.mustache"), "<p>Body</p>");
        Templates t = new Templates(dir.toString(), hub());
        t.afterPropertiesSet();
        assertThat(t.page("own", null, "Fallback", Map.of("key", "RUN-7", "subject", "A & <b>")))
                .isEqualTo("<title>RUN-7 “A &amp; &lt;b&gt;”</title><h1>RUN-7 “A &amp; &lt;b&gt;”</h1><p>Body</p>");
        assertThat(t.page("plain", null, "Fallback", Map.of())).isEqualTo("<title>Fallback</title><h1>Fallback</h1><p>Body</p>");
    }

    @Test
    @DisplayName("A mail template must start with its Subject line; the body's blank lines are tidied")
    void mailTemplateNeedsSubject(@TempDir Path dir) throws IOException {
        write(dir.resolve("default/bad.mustache"), "Hello {{name}}");
        write(dir.resolve("default/good.mustache"), "Subject:  Hi\n   {{name}}\n\n\n\nHello {{name}}\n  \n\n\nBye\n\n");
        Templates t = new Templates(dir.toString(), hub());
        t.afterPropertiesSet();
        assertThatThrownBy(() -> t.mail("bad", null, Map.of("name", "Ann"))).hasMessageContaining("bad.mustache")
                .hasMessageContaining("Subject:");
        Templates.Mail good = t.mail("good", null, Map.of("name", "Ann"));
        assertThat(good.subject()).isEqualTo("Hi");
        assertThat(good.text()).isEqualTo("Ann\n\nHello Ann\n\nBye\n");
    }

    @Test
    @DisplayName("The report template renders the figures it is given and embeds the report's JSON unescaped")
    void reportTemplateRenders() {
        Map<String, Object> total = Map.of("channel", "All channels", "tickets", 4, "firstResponseMet", 3,
                "firstResponseBreached", 1, "firstResponseAttainment", "75.0", "resolutionMet", 2, "resolutionBreached", 0,
                "resolutionAttainment", "100.0", "breaches", 1, "ratings", 2);
        Map<String, Object> withAverage = new HashMap<>(total);
        withAverage.put("averageRating", "3.50");
        Map<String, Object> report = Map.of("interval", "day", "backlog", Map.of("open", 2, "waitingOnCustomer", 1,
                "atRisk", 0, "breached", 1), "satisfaction", Map.of("ratings", 2));
        Map<String, Object> model = new HashMap<>();
        model.putAll(Map.of("report", report, "fromDate", "2025-06-09", "toDate", "2025-06-13", "periodFrom", WINTER,
                "periodLast", SUMMER, "products", List.of(Map.of("id", "runmy", "name", "RunMy", "selected", true)),
                "allProducts", false, "productName", "RunMy", "intervals", List.of(Map.of("value", "day", "label", "Day",
                        "selected", true))));
        model.putAll(Map.of("total", withAverage, "channels", List.of(withAverage), "channelHeads", List.of("Widget"),
                "series", List.of(Map.of("label", "Mon 9 Jun", "perChannel", List.of(2), "tickets", 2,
                        "firstResponseAttainment", "50.0", "resolutionAttainment", "100.0", "breaches", 1, "ratings", 1,
                        "averageRating", "5.00")), "scores", List.of(Map.of("score", "5", "count", 1)), "averageRating", "3.50"));
        model.putAll(Map.of("reportJson", "{\"total\":{\"tickets\":4}}", "labelsJson", "[\"Mon 9 Jun\"]",
                "csvHref", "/reports/sla.csv?from=2025-06-09", "wide", true,
                "scripts", List.of("/webjars/echarts/dist/echarts.min.js", "/assets/report.js")));
        String page = shipped().page("report", "runmy", "Service report", model);
        assertThat(page).contains("<body class=\"wide\">").contains("data-figure=\"/total/tickets\">4<")
                .contains("<script type=\"application/json\" id=\"report-data\">{\"total\":{\"tickets\":4}}</script>")
                .contains("<script src=\"/webjars/echarts/dist/echarts.min.js\" defer></script>")
                .contains("href=\"/reports/sla.csv?from=2025-06-09\"").contains("<option value=\"runmy\" selected>RunMy</option>");
    }

    @Test
    @DisplayName("Values are HTML-escaped in pages and kept as written in plain text")
    void escapesHtmlInPagesNotInText(@TempDir Path dir) throws IOException {
        write(dir.resolve("default/note.mustache"), "Hello {{name}}!");
        Templates t = new Templates(dir.toString(), hub());
        t.afterPropertiesSet();
        assertThat(t.render("note", null, Map.of("name", "<b>Ann & \"Bob\"</b>")))
                .isEqualTo("Hello &lt;b&gt;Ann &amp; &quot;Bob&quot;&lt;/b&gt;!");
        assertThat(t.renderText("note", null, Map.of("name", "<b>Ann & Bob</b>"))).isEqualTo("Hello <b>Ann & Bob</b>!");
    }

    @Test
    @DisplayName("A product's template wins over the default; its partials resolve per product; an edit shows without a restart")
    void productOverrideAndEditOnDisk(@TempDir Path dir) throws IOException {
        write(dir.resolve("default/greeting.mustache"), "{{> sign}}: hello {{name}}");
        write(dir.resolve("default/sign.mustache"), "Support");
        write(dir.resolve("runmy/sign.mustache"), "{{product.name}} team");
        Templates t = new Templates(dir.toString(), hub());
        t.afterPropertiesSet();
        assertThat(t.render("greeting", null, Map.of("name", "Ann"))).isEqualTo("Support: hello Ann");
        assertThat(t.render("greeting", "runmy", Map.of("name", "Ann"))).isEqualTo("RunMy team: hello Ann");
        assertThat(t.render("greeting", "tokyo", Map.of("name", "Ann"))).isEqualTo("Support: hello Ann");

        Path sign = dir.resolve("runmy/sign.mustache");
        write(sign, "Your {{product.name}} helpers");
        Files.setLastModifiedTime(sign, FileTime.fromMillis(Files.getLastModifiedTime(sign).toMillis() + 2000));
        assertThat(t.render("greeting", "runmy", Map.of("name", "Ann"))).as("partial edited on disk")
                .isEqualTo("Your RunMy helpers: hello Ann");
        write(dir.resolve("tokyo/greeting.mustache"), "こんにちは {{name}}");
        assertThat(t.render("greeting", "tokyo", Map.of("name", "Ann"))).as("override added on disk")
                .isEqualTo("こんにちは Ann");
    }

    @Test
    @DisplayName("Dates are shown for people in the product's time zone, with its daylight saving")
    void datesInProductTimeZone(@TempDir Path dir) throws IOException {
        write(dir.resolve("default/when.mustache"), "{{#dateTime}}{{at}}{{/dateTime}} | {{#date}}{{at}}{{/date}} | "
                + "{{#time}}{{at}}{{/time}}|{{#dateTime}}{{none}}{{/dateTime}}|");
        Templates t = new Templates(dir.toString(), hub());
        t.afterPropertiesSet();
        Map<String, Object> winter = new HashMap<>();
        winter.put("at", WINTER);
        winter.put("none", null);
        assertThat(t.render("when", "runmy", winter)).isEqualTo("2 March 2026, 09:00 GMT | 2 March 2026 | 09:00 GMT||");
        winter.put("at", SUMMER);
        assertThat(t.render("when", "runmy", winter)).isEqualTo("1 June 2026, 10:00 BST | 1 June 2026 | 10:00 BST||");
        assertThat(t.render("when", "tokyo", winter)).isEqualTo("1 June 2026, 18:00 JST | 1 June 2026 | 18:00 JST||");
    }

    @Test
    @DisplayName("A missing template folder, a template that does not compile or a name the model lacks are errors")
    void errorsAreLoud(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> new Templates(dir.resolve("nowhere").toString(), hub()).afterPropertiesSet())
                .hasMessageContaining("hub.templates-dir");
        write(dir.resolve("default/broken.mustache"), "{{#open}} never closed");
        assertThatThrownBy(() -> new Templates(dir.toString(), hub()).afterPropertiesSet())
                .hasMessageContaining("broken.mustache");
        Files.delete(dir.resolve("default/broken.mustache"));
        write(dir.resolve("default/typo.mustache"), "{{nmae}}");
        Templates t = new Templates(dir.toString(), hub());
        t.afterPropertiesSet();
        assertThatThrownBy(() -> t.render("typo", null, Map.of("name", "Ann"))).hasMessageContaining("nmae");
        assertThatThrownBy(() -> t.render("../secret", null, Map.of())).isInstanceOf(IllegalArgumentException.class);
    }

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
