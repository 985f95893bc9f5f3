package com.cfh.supporthub.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.cfh.supporthub.config.HubProperties;
import com.cfh.supporthub.pages.Templates;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The words of the mails composed at delivery (issue 17.3, issue 14.11): the acknowledgement of every channel that
 * gets one (PORTAL too, issue 18), from the shipped templates, with one thank you; the agent's reply with its
 * signature; a product's own acknowledgement template changes that product's mail only.
 */
class MailComposerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROMISE = "We will reply by Monday 19 January 2026, 11:00 GMT.";

    static HubProperties hub() {
        HubProperties hub = new HubProperties();
        hub.setProducts(new LinkedHashMap<>());
        for (String id : new String[] {"docmail", "runmy"}) {
            HubProperties.Product p = new HubProperties.Product();
            p.setName(id.equals("docmail") ? "Docmail" : "RunMy");
            p.setKeyPrefix(id.equals("docmail") ? "DOC" : "RUN");
            p.setTimeZone(ZoneId.of("Europe/London"));
            hub.getProducts().put(id, p);
        }
        return hub;
    }

    static MailComposer composer(String dir) {
        Templates templates = new Templates(dir, hub());
        templates.afterPropertiesSet();
        return new MailComposer(templates);
    }

    /** A ticket.created payload as IntakeStore writes it. */
    static JsonNode created(String product, String channel) throws IOException {
        return JSON.readTree("{\"event\":\"ticket.created\",\"ticketKey\":\"X-1\",\"product\":\"" + product
                + "\",\"channel\":\"" + channel + "\",\"status\":\"NEW\",\"subject\":\"Printer jam\","
                + "\"requester\":{\"name\":\"Ann Lee\",\"email\":\"ann@example.com\"},\"externalId\":\"<m1@example.com>\","
                + "\"receivedAt\":\"2026-01-16T16:00:00Z\",\"occurredAt\":\"2026-01-16T16:00:01Z\","
                + "\"firstResponseDue\":\"2026-01-19T11:00:00Z\",\"resolutionDue\":\"2026-01-21T16:00:00Z\","
                + "\"promise\":\"" + PROMISE + "\"}");
    }

    @ParameterizedTest(name = "P02 P05 issue 18: a new {0} ticket is acknowledged once, thanked once, with its promise")
    @ValueSource(strings = {"EMAIL", "WIDGET", "PORTAL"})
    void everyCustomerChannelIsAcknowledged_P02(String channel) throws IOException {
        OutgoingMail mail = composer("templates").compose("ticket.created", "RUN-4", created("runmy", channel),
                MailComposer.Thread.NONE);
        assertThat(mail.to()).containsExactly("ann@example.com");
        assertThat(mail.subject()).isEqualTo("[RUN-4] Printer jam");
        assertThat(mail.autoSubmitted()).isEqualTo("auto-replied");
        assertThat(mail.text()).startsWith("Dear Ann Lee,\n\nThank you for contacting RunMy support. Your request has "
                + "been logged as RUN-4.\n" + PROMISE + "\n").contains("[RUN-4]");
        assertThat(Stream.of(mail.text().toLowerCase().split("thank you", -1)).count()).as("one thank you").isEqualTo(2);
        assertThat(mail.inReplyTo()).isEqualTo(channel.equals("EMAIL") ? "<m1@example.com>" : null);
    }

    @Test
    @DisplayName("P04: a phone ticket gets no acknowledgement mail")
    void phoneTicketsAreNotAcknowledged_P04() throws IOException {
        assertThatThrownBy(() -> composer("templates").compose("ticket.created", "RUN-4", created("runmy", "PHONE"),
                MailComposer.Thread.NONE)).isInstanceOf(MailComposer.Skip.class).hasMessageContaining("PHONE");
    }

    @Test
    @DisplayName("P07 P16: an agent's reply is sent as written with the product's signature, threaded, subject Re: [KEY]")
    void replyHasSignature_P07() throws IOException {
        JsonNode reply = JSON.readTree("{\"event\":\"reply.public\",\"ticketKey\":\"DOC-9\",\"product\":\"docmail\","
                + "\"author\":\"agent1\",\"to\":[\"ann@example.com\"],\"cc\":[\"bob@example.com\"],\"subject\":\"Re: Login\","
                + "\"text\":\"Please reset your password.\"}");
        OutgoingMail mail = composer("templates").compose("reply.public", "DOC-9", reply,
                new MailComposer.Thread("<a@x>", java.util.List.of("<a@x>")));
        assertThat(mail.subject()).isEqualTo("Re: [DOC-9] Re: Login");
        assertThat(mail.text()).startsWith("Please reset your password.\n\n--\nDocmail support\n");
        assertThat(mail.cc()).containsExactly("bob@example.com");
        assertThat(mail.inReplyTo()).isEqualTo("<a@x>");
        assertThat(mail.autoSubmitted()).isNull();
    }

    @Test
    @DisplayName("issue 17.3: templates/runmy/acknowledgement.mustache changes RunMy's acknowledgement only, the tag stays in the subject; removing it restores the default without a restart")
    void productOverrideChangesThatProductOnly(@TempDir Path dir) throws IOException {
        try (Stream<Path> shipped = Files.list(Path.of("templates/default"))) {
            Files.createDirectories(dir.resolve("default"));
            for (Path f : shipped.toList()) {
                Files.copy(f, dir.resolve("default").resolve(f.getFileName()));
            }
        }
        Files.createDirectories(dir.resolve("runmy"));
        Files.writeString(dir.resolve("runmy/acknowledgement.mustache"), "Subject: We have your question\n\n"
                + "Hi {{requesterName}}, {{product.name}} here. Ticket {{ticketKey}}.\n{{promise}}\n");
        MailComposer composer = composer(dir.toString());

        OutgoingMail runmy = composer.compose("ticket.created", "RUN-4", created("runmy", "WIDGET"), MailComposer.Thread.NONE);
        assertThat(runmy.subject()).isEqualTo("[RUN-4] We have your question");
        assertThat(runmy.text()).isEqualTo("Hi Ann Lee, RunMy here. Ticket RUN-4.\n" + PROMISE + "\n");

        OutgoingMail docmail = composer.compose("ticket.created", "DOC-4", created("docmail", "WIDGET"), MailComposer.Thread.NONE);
        assertThat(docmail.subject()).isEqualTo("[DOC-4] Printer jam");
        assertThat(docmail.text()).startsWith("Dear Ann Lee,\n\nThank you for contacting Docmail support.");

        Files.delete(dir.resolve("runmy/acknowledgement.mustache"));
        assertThat(composer.compose("ticket.created", "RUN-5", created("runmy", "WIDGET"), MailComposer.Thread.NONE).text())
                .as("override removed on disk, no restart").startsWith("Dear Ann Lee,\n\nThank you for contacting RunMy support.");
    }
}
