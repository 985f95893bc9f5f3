package com.cfh.supporthub.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import com.cfh.supporthub.config.HubProperties;

/** Issue 17: several mailboxes per product, each with a route of its own. */
class MailboxesTest {

    @Test
    @DisplayName("P03 issue 17: a product's mailbox and its named mailboxes each get a route; a mailbox without host none")
    void everyConfiguredMailboxHasARoute_P03() {
        HubProperties hub = new HubProperties();
        HubProperties.Product docmail = product(hub, "docmail");
        docmail.setMailbox(box("dotpost@cfh.com"));
        docmail.getMailboxes().put("billing", box("billing@cfh.com"));
        docmail.getMailboxes().put("unused", new HubProperties.Mailbox());
        product(hub, "runmy");

        Mailboxes mailboxes = new Mailboxes(hub);

        assertThat(mailboxes.all()).extracting(Mailboxes.Mailbox::routeId)
                .containsExactly("intake-email-docmail", "intake-email-docmail-billing");
        assertThat(mailboxes.byRouteId("intake-email-docmail-billing")).get()
                .satisfies(m -> assertThat(m.product()).isEqualTo("docmail"))
                .satisfies(m -> assertThat(m.key()).isEqualTo("billing@cfh.com@imap.example.com/INBOX"));
        assertThat(mailboxes.byRouteId("retention-purge")).isEmpty();
    }

    @Test
    @DisplayName("P03 issue 17: a name that cannot be part of a route id, or one folder polled twice, is refused at start-up")
    void badMailboxConfigurationRefused_P03() {
        HubProperties badName = new HubProperties();
        product(badName, "docmail").getMailboxes().put("Billing Team", box("billing@cfh.com"));
        assertThatThrownBy(() -> new Mailboxes(badName)).hasMessageContaining("hub.products.docmail.mailboxes.Billing Team");

        HubProperties twice = new HubProperties();
        product(twice, "docmail").setMailbox(box("dotpost@cfh.com"));
        product(twice, "runmy").getMailboxes().put("copy", box("DOTPOST@cfh.com"));
        assertThatThrownBy(() -> new Mailboxes(twice)).hasMessageContaining("docmail and runmy-copy poll the same folder");
    }

    private static HubProperties.Product product(HubProperties hub, String id) {
        HubProperties.Product p = new HubProperties.Product();
        hub.getProducts().put(id, p);
        return p;
    }

    private static HubProperties.Mailbox box(String user) {
        HubProperties.Mailbox box = new HubProperties.Mailbox();
        box.setHost("imap.example.com");
        box.setUsername(user);
        return box;
    }
}
