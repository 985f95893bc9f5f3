package com.cfh.supporthub.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.io.ClassPathResource;

import com.cfh.supporthub.intake.Party;
import com.cfh.supporthub.intake.TicketIntake;
import com.cfh.supporthub.ticket.Channel;

/** P14 with the patterns exactly as application.yaml ships them. */
class PiiRedactorTest {

    static PiiRedactor redactor;

    @BeforeAll
    static void shippedPatterns() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yaml"));
        PrivacyProperties properties = new Binder(new MapConfigurationPropertySource(yaml.getObject()))
                .bind("hub.privacy", PrivacyProperties.class).get();
        redactor = new PiiRedactor(properties);
    }

    private static String redact(String text) {
        return redactor.redactText(text).text();
    }

    @ParameterizedTest
    @ValueSource(strings = {"4111111111111111", "4111 1111 1111 1111", "5555-5555-5555-4444", "378282246310005",
            "4000 0566 5566 5556", "6011111111111117"})
    @DisplayName("P14: test card numbers that pass Luhn are removed, with or without separators")
    void cardNumbersRemoved_P14(String card) {
        PiiRedactor.Redaction r = redactor.redactText("My card is " + card + ", expiry 12/28.");
        assertThat(r.text()).isEqualTo("My card is [REDACTED:card], expiry 12/28.");
        assertThat(r.kinds()).containsExactly("card");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Order 4111111111111112 has not arrived", "Invoice 1234567890123 is wrong",
            "Call 07700 900123 or +44 20 7946 0958", "Tracking 1234 5678 9012 3456 shows nothing",
            "The job ran 2026-03-02 at 09:00", "Ref AB-1234-5678", "Postcode SW1A 1AA, account page 12"})
    @DisplayName("P14: order numbers that fail Luhn, phone numbers, dates and references survive")
    void falsePositivesSurvive_P14(String text) {
        PiiRedactor.Redaction r = redactor.redactText(text);
        assertThat(r.text()).isEqualTo(text);
        assertThat(r.kinds()).isEmpty();
    }

    @Test
    @DisplayName("P14: NI numbers, sort code with account number, IBANs and passwords are removed")
    void otherKindsRemoved_P14() {
        assertThat(redact("NI number JG 10 37 42 B please")).isEqualTo("NI number [REDACTED:nino] please");
        assertThat(redact("ni: ab123456c")).isEqualTo("ni: [REDACTED:nino]");
        assertThat(redact("Pay to sort code 12-34-56 account 12345678 today"))
                .isEqualTo("Pay to [REDACTED:bank] today");
        assertThat(redact("Bank 20-00-00, 55779911")).isEqualTo("Bank [REDACTED:bank]");
        assertThat(redact("IBAN GB82 WEST 1234 5698 7654 32 thanks")).isEqualTo("IBAN [REDACTED:iban] thanks");
        assertThat(redact("IBAN DE89370400440532013000")).isEqualTo("IBAN [REDACTED:iban]");
        assertThat(redact("login with password: hunter2! thanks")).isEqualTo("login with password: [REDACTED:password] thanks");
        assertThat(redact("My Password is Tr0ub4dor&3")).isEqualTo("My Password is [REDACTED:password]");
        assertThat(redact("pwd=s3cret")).isEqualTo("pwd=[REDACTED:password]");
    }

    @Test
    @DisplayName("P14: look-alikes survive: an IBAN with a wrong check, a password reset question, an invalid NI prefix")
    void lookAlikesSurvive_P14() {
        for (String text : List.of("IBAN GB83 WEST 1234 5698 7654 32", "How do I reset my password?",
                "Code GB 12 34 56 A", "the password field is empty", "Sort code 12-34-56 only")) {
            assertThat(redact(text)).as(text).isEqualTo(text);
        }
    }

    @Test
    @DisplayName("P14: the envelope's subject and body are redacted and the kinds recorded, never the values")
    void envelopeRedactedWithKinds_P14() {
        TicketIntake in = new TicketIntake(Channel.WIDGET, "runmy", new Party("Ann", "ann@example.com", null),
                "Card 4111 1111 1111 1111 refused", "NI AB123456C, password: abc123", List.of(), null, null, null,
                List.of(), Instant.parse("2026-03-02T09:00:00Z"), Map.of("pageUrl", "https://app.runmy.com/x"));
        TicketIntake out = redactor.redact(in);
        assertThat(out.subject()).isEqualTo("Card [REDACTED:card] refused");
        assertThat(out.body()).isEqualTo("NI [REDACTED:nino], password: [REDACTED:password]");
        assertThat(out.attributes()).containsEntry(PiiRedactor.ATTRIBUTE, "card,nino,password")
                .containsEntry("pageUrl", "https://app.runmy.com/x");
        assertThat(out.attributes().toString()).doesNotContain("4111").doesNotContain("abc123");
        TicketIntake clean = new TicketIntake(Channel.WIDGET, "runmy", in.requester(), "Hello", "Order 1234567890123",
                List.of(), null, null, null, List.of(), in.receivedAt(), Map.of());
        assertThat(redactor.redact(clean)).isSameAs(clean);
    }
}
