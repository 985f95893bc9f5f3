package com.cfh.supporthub.lifecycle;

import static com.cfh.supporthub.lifecycle.Accounts.AGENT;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import com.cfh.supporthub.support.HubHttp.Reply;

/**
 * Issue 14.6: an agent moves a ticket to another product through the HTTP API. The key stays; the SLA goals
 * follow the new product (RunMy answers within 2 working hours in this test, Docmail within the default 4);
 * the move is an audit event naming both products. Assertions on stored rows and HTTP answers.
 */
@TestPropertySource(properties = "hub.sla.products.runmy.first-response=2h")
class ProductMoveIT extends LifecycleHubIT {

    /** Monday 2 March 2026, 09:00 in London (GMT). */
    private static final String MONDAY_0900 = "2026-03-02T09:00:00Z";

    private Instant firstResponseDue(String key) {
        return jdbc.queryForObject("SELECT first_response_due FROM ticket WHERE ticket_key = ?", OffsetDateTime.class, key)
                .toInstant();
    }

    @Test
    @DisplayName("P04 P06 P07: an agent moves a Docmail ticket to RunMy; the key stays, the SLA follows RunMy, the move is audited")
    void agentMovesTicketToAnotherProduct_P04_P06_P07() {
        clock.pin(MONDAY_0900);
        String key = newTicket("docmail", email("move"), "Shared line call", "I called about my RunMy export");
        assertThat(key).startsWith("DOC-");
        assertThat(firstResponseDue(key)).isEqualTo(Instant.parse("2026-03-02T13:00:00Z"));

        Reply moved = post(AGENT, "/api/v1/tickets/" + key + "/product",
                "{\"product\":\"runmy\",\"reason\":\"caller meant RunMy\"}");
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        assertThat(moved.json().get("key").asText()).isEqualTo(key);
        assertThat(moved.json().get("product").asText()).isEqualTo("runmy");

        assertThat(jdbc.queryForObject("SELECT product FROM ticket WHERE ticket_key = ?", String.class, key))
                .isEqualTo("runmy");
        assertThat(firstResponseDue(key)).as("RunMy's 2 working hours from the same receipt")
                .isEqualTo(Instant.parse("2026-03-02T11:00:00Z"));
        String detail = jdbc.queryForObject("SELECT detail FROM ticket_event WHERE ticket_id = ? AND event_type = "
                + "'ticket.product-changed'", String.class, ticketId(key));
        assertThat(detail).startsWith("docmail -> runmy").contains("key " + key + " kept").contains("caller meant RunMy");
        assertThat(jdbc.queryForObject("SELECT actor FROM ticket_event WHERE ticket_id = ? AND event_type = "
                + "'ticket.product-changed'", String.class, ticketId(key))).isEqualTo(AGENT);
    }

    @Test
    @DisplayName("P04: an unknown product is a 422 problem naming the products, an unknown ticket a 404; nothing changes")
    void unknownProductOrTicketIsRefused_P04() {
        clock.pin(MONDAY_0900);
        String key = newTicket("docmail", email("move"), "Wrong product?", "Please check");
        Reply unknown = post(AGENT, "/api/v1/tickets/" + key + "/product", "{\"product\":\"nosuch\"}");
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(unknown.json().get("detail").asText()).isEqualTo("Unknown product.");
        assertThat(unknown.body()).contains("docmail").contains("runmy");
        assertThat(post(AGENT, "/api/v1/tickets/" + key + "/product", "{\"product\":\"docmail\"}").status())
                .as("already that product").isEqualTo(422);

        Reply missing = post(AGENT, "/api/v1/tickets/DOC-999999/product", "{\"product\":\"runmy\"}");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");

        assertThat(http.send(http.post("/api/v1/tickets/" + key + "/product", "{\"product\":\"runmy\"}")).status())
                .as("agents only").isEqualTo(401);
        assertThat(jdbc.queryForObject("SELECT product FROM ticket WHERE ticket_key = ?", String.class, key))
                .isEqualTo("docmail");
        assertThat(count("SELECT COUNT(*) FROM ticket_event WHERE ticket_id = ? AND event_type = "
                + "'ticket.product-changed'", ticketId(key))).isZero();
    }
}
