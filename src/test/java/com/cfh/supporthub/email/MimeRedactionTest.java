package com.cfh.supporthub.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Issue 14.1 (P14): whole messages and forwarded ones with the redaction applied part by part, by Jakarta Mail. */
class MimeRedactionTest {

    private final MimeRedaction redaction = new MimeRedaction();
    private final MailParser parser = new MailParser(26_214_400);
    private static final UnaryOperator<String> CARD = s -> s.replace("5555 5555 5555 4444", "[REDACTED:card]");

    static List<String> corpus() throws Exception {
        return MailParserCorpusTest.corpusFiles().toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    @DisplayName("P14: a corpus message nothing matches in is kept byte for byte; the rest keeps its text, subject and parts")
    void corpusMessagesSurviveRedaction_P14(String file) {
        byte[] raw = MailParserCorpusTest.read(file);
        Optional<byte[]> same = redaction.redact(raw, s -> s);
        same.ifPresent(bytes -> assertThat(bytes).isSameAs(raw));
        Optional<byte[]> marked = redaction.redact(raw, s -> s.replace("e", "E"));
        assertThat(marked.isPresent()).as("taken apart either way or neither").isEqualTo(same.isPresent());
        marked.ifPresent(bytes -> {
            ParsedMail before = parser.parse(raw);
            ParsedMail after = parser.parse(bytes);
            assertThat(after.messageId()).isEqualTo(before.messageId());
            assertThat(after.attachments()).hasSameSizeAs(before.attachments());
            assertThat(after.text().replace("\n", "")).isEqualTo(before.text().replace("e", "E").replace("\n", ""));
            for (int i = 0; i < after.attachments().size(); i++) {
                ParsedAttachment a = before.attachments().get(i);
                if (!MimeRedaction.textLike(a.contentType()) && !MimeRedaction.nestedMessage(a.contentType())) {
                    assertThat(after.attachments().get(i).sha256()).as("binary %s kept as it came", a.fileName())
                            .isEqualTo(a.sha256());
                }
            }
        });
    }

    @Test
    @DisplayName("P14: subject, text, HTML, file names, text attachments and forwarded messages lose the match; a PDF stays")
    void everyTextPartRedacted_P14() {
        String card = "5555 5555 5555 4444";
        String forwarded = "From: a@example.com\r\nSubject: card " + card + "\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=ISO-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + "Forwarded: card " + card + " caf=E9\r\n";
        String mail = "From: b@example.com\r\nTo: c@example.com\r\nSubject: =?UTF-8?Q?card_5555_5555_5555_4444?=\r\n"
                + "Message-ID: <m1@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
                + "--b\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + java.util.Base64.getMimeEncoder().encodeToString(("<p>card " + card + "</p>").getBytes(StandardCharsets.UTF_8))
                + "\r\n--b\r\nContent-Type: text/plain; name=\"card " + card + ".txt\"\r\n"
                + "Content-Disposition: attachment; filename=\"card " + card + ".txt\"\r\n\r\nnotes " + card + "\r\n"
                + "--b\r\nContent-Type: message/rfc822\r\n\r\n" + forwarded
                + "--b\r\nContent-Type: application/pdf; name=x.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + java.util.Base64.getMimeEncoder().encodeToString("%PDF-1.4 5555 5555 5555 4444".getBytes(StandardCharsets.US_ASCII))
                + "\r\n--b--\r\n";
        byte[] raw = mail.getBytes(StandardCharsets.US_ASCII);

        byte[] redacted = redaction.redact(raw, CARD).orElseThrow();

        ParsedMail after = parser.parse(redacted);
        assertThat(after.messageId()).isEqualTo("<m1@example.com>");
        assertThat(after.subject()).isEqualTo("card [REDACTED:card]");
        assertThat(after.text()).contains("card [REDACTED:card]").doesNotContain(card);
        assertThat(after.attachments()).hasSize(3);
        assertThat(after.attachments().get(0).fileName()).isEqualTo("card [REDACTED:card].txt");
        assertThat(new String(after.attachments().get(0).content(), StandardCharsets.UTF_8)).isEqualTo("notes [REDACTED:card]");
        ParsedMail inner = parser.parse(after.attachments().get(1).content());
        assertThat(inner.subject()).isEqualTo("card [REDACTED:card]");
        assertThat(inner.text()).isEqualTo("Forwarded: card [REDACTED:card] café");
        assertThat(new String(after.attachments().get(2).content(), StandardCharsets.US_ASCII))
                .as("a binary part is kept as it came: patterns cannot be applied to it").contains(card);
    }
}
