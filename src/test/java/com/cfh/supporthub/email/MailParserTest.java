package com.cfh.supporthub.email;

import static com.cfh.supporthub.email.MailParserCorpusTest.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.Random;

import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Targeted checks per corpus category of SOURCES.md, plus synthetic edge cases (P03). */
class MailParserTest {

    private final MailParser parser = new MailParser(25L * 1024 * 1024);

    private ParsedMail corpus(String fileName) {
        return parser.parse(read(fileName));
    }

    private ParsedMail synthetic(String message) {
        return parser.parse(message.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] concat(String head, byte[] body) {
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[h.length + body.length];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(body, 0, out, h.length, body.length);
        return out;
    }

    // ---- RFC 2047 subjects and names ----------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", value = {
            "004-html-only-eudora-iso8859-1-qp.eml => Die Hasen und die Fr\u00f6sche",
            "009-plain-windows1252-qp-encoded-subject.eml => Die Hasen und die Fr\u00f6sche (Microsoft Outlook 00)",
            "010-plain-utf8-qp-encoded-subject.eml => Die Hasen und die Fr\u00f6sche (Microsoft Outlook 00)",
            "011-plain-utf8-base64-japanese-subject.eml => \u307e\u307f\u3080\u3081\u3082",
            "013-encoded-subject-hungarian-utf8-reply-8bit-preamble.eml => [PRJ-OTH] asdf  \u00e1rv\u00edzt\u0171r\u0151 t\u00fck\u00f6rf\u00far\u00f3g\u00e9p",
            "014-encoded-subject-hebrew-iso8859-8-i-gmail.eml => \u05de\u05e2\u05e0\u05d4 '\u05d0\u05e0\u05d9 \u05dc\u05d0 \u05e0\u05de\u05e6\u05d0': Invoice 02722027",
            "016-attachment-pdf-encoded-filename-long-line.eml => 50032266 CAR 11_MNPA00A01_9PTX_H00 ATT N\u00b0 1467829. pdf",
            "024-inline-images-cid-nodemailer-unicode.eml => Nodemailer is unicode friendly \u2714 (1476358788189)",
            "033-autoreply-encoded-subject-precedence-bulk-html.eml => AutoRespons :Nyaan?",
            "015-attachment-pdf.eml => Another PDF with \ud83c\udf89 Unicode chars in it \ud83c\udf7f",
            "056-malformed-raw-8bit-subject-no-charset.eml => Forma\u00e7\u00e3o FrenetikPolis: Mega Campanha Final Ver\u00e3o | Cursos de Setembro",
            "012-plain-utf8-raw-8bit-headers-rfc6532.eml => S\u00e4ying Hello"})
    void decodesRfc2047AndRawEightBitSubjects_P03(String fileName, String subject) {
        assertThat(corpus(fileName).subject()).isEqualTo(subject);
    }

    @Test
    void decodesEncodedAndRawDisplayNames_P03() {
        assertThat(corpus("003-multipart-alternative-windows1251-bad-date.eml").from())
                .isEqualTo(new MailAddress("\u0410\u0442\u0438\u043a\u043e\u0432a", "yusuf75thu@auracom.net"));
        assertThat(corpus("013-encoded-subject-hungarian-utf8-reply-8bit-preamble.eml").from().name())
                .isEqualTo("sende\u00e4r");
        assertThat(corpus("004-html-only-eudora-iso8859-1-qp.eml").to())
                .containsExactly(new MailAddress("Heinz M\u00fcller", "mueller@example.com"));
        assertThat(corpus("006-plain-iso8859-1-8bit.eml").to())
                .containsExactly(new MailAddress("J\u00fcrgen Schm\u00fcrgen", "schmuergen@example.com"));
        ParsedMail rfc6532 = corpus("012-plain-utf8-raw-8bit-headers-rfc6532.eml");
        assertThat(rfc6532.from()).isEqualTo(new MailAddress("J\u00f6hn Doe", "jd\u00f6e@m\u00e4chine.example"));
        assertThat(corpus("056-malformed-raw-8bit-subject-no-charset.eml").from().name())
                .isEqualTo("Forma\u00e7\u00e3o Frenetikpolis");
    }

    // ---- charsets and transfer encodings ------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "006-plain-iso8859-1-8bit.eml",
            "007-plain-iso8859-1-quoted-printable.eml",
            "008-plain-iso8859-1-base64.eml",
            "009-plain-windows1252-qp-encoded-subject.eml",
            "010-plain-utf8-qp-encoded-subject.eml"})
    void decodesGermanFableInEveryCharsetAndEncoding_P03(String fileName) {
        ParsedMail mail = corpus(fileName);
        assertThat(mail.text()).startsWith("Die Hasen und die Fr\u00f6sche\n\nDie Hasen klagten einst \u00fcber ihre mi\u00dfliche Lage")
                .contains("\u00e4rger als der Tod", "au\u00dferordentliche Get\u00f6se", "ungl\u00fccklicher sein m\u00fcssen")
                .doesNotContain("\ufffd");
        assertThat(mail.warnings()).isEmpty();
    }

    @Test
    void decodesKoi8rBody_P03() {
        ParsedMail mail = corpus("058-tnef-winmail-dat-office365.eml");
        assertThat(mail.text()).startsWith("\u0448\u043e\u0441\u0442\u0438\u0439\n").contains("RR Test 1");
    }

    @Test
    void decodesWindows1251AndKoi8rAndIso88591SyntheticBodies_P03() {
        String russian = "\u041f\u0440\u0438\u0432\u0435\u0442, \u043c\u0438\u0440! \u0401\u0436";
        for (String charset : List.of("windows-1251", "KOI8-R", "ISO-8859-5", "UTF-8")) {
            byte[] raw = concat("From: a@example.com\r\nSubject: t\r\nMIME-Version: 1.0\r\n"
                    + "Content-Type: text/plain; charset=\"" + charset + "\"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n",
                    russian.getBytes(Charset.forName(charset)));
            assertThat(parser.parse(raw).text()).as(charset).isEqualTo(russian);
        }
        byte[] latin1 = concat("Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: base64\r\n\r\n",
                Base64.getMimeEncoder().encode("Gr\u00fc\u00dfe aus K\u00f6ln, \u00a9 \u00bd".getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(parser.parse(latin1).text()).isEqualTo("Gr\u00fc\u00dfe aus K\u00f6ln, \u00a9 \u00bd");
    }

    @Test
    void decodesWindows1252SmartQuotesAndOffice365Ndr_P03() {
        assertThat(corpus("037-bounce-dsn-office365-ndr.eml").text()).contains("wasn\u2019t found", "doesn\u2019t work");
        byte[] cp1252 = concat("Content-Type: text/plain; charset=\"iso-8859-1\"\r\n\r\n",
                new byte[] {(byte) 0x93, 'h', 'i', (byte) 0x94, ' ', (byte) 0x80, '5'});
        assertThat(parser.parse(cp1252).text()).as("ISO-8859-1 label read as its superset Windows-1252")
                .isEqualTo("\u201chi\u201d \u20ac5");
    }

    @Test
    void unknownOrBogusCharsetsFallBackWithoutThrowing_P03() {
        ParsedMail invalid = corpus("055-malformed-invalid-charset.eml");
        assertThat(invalid.text()).startsWith("The Hare and the Tortoise");
        assertThat(invalid.warnings()).anyMatch(w -> w.contains("unknown charset 'invalid-charset'"));

        byte[] utf8 = concat("Content-Type: text/plain; charset=x-no-such-charset\r\n\r\n",
                "Stra\u00dfe \u20ac".getBytes(StandardCharsets.UTF_8));
        assertThat(parser.parse(utf8).text()).isEqualTo("Stra\u00dfe \u20ac");
        byte[] latin = concat("Content-Type: text/plain; charset=\"\"\r\n\r\n",
                "Stra\u00dfe".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(parser.parse(latin).text()).isEqualTo("Stra\u00dfe");
        byte[] undeclared = concat("Subject: none\r\n\r\n", "na\u00efve caf\u00e9".getBytes(StandardCharsets.UTF_8));
        assertThat(parser.parse(undeclared).text()).isEqualTo("na\u00efve caf\u00e9");

        ParsedMail mixed = corpus("013-encoded-subject-hungarian-utf8-reply-8bit-preamble.eml");
        assertThat(mixed.text()).contains("Det h\u00e4r \u00e4r ett flerdelat meddelande").doesNotContain("\ufffd");
        assertThat(mixed.warnings()).anyMatch(w -> w.contains("invalid UTF-8"));

        ParsedMail badWord = synthetic("Subject: =?x-bogus?Q?caf=C3=A9?= ok\r\n\r\nbody");
        assertThat(badWord.subject()).isEqualTo("caf\u00e9 ok");
    }

    @Test
    void readsBogusTransferEncodings_P03() {
        ParsedMail enron = corpus("005-html-only-newsletter-enron-bogus-cte-8bits.eml");
        assertThat(enron.text()).contains("Holiday Gift Ideas for the Computer Professional!");
        assertThat(enron.warnings()).contains("Content-Transfer-Encoding '8bits' read as binary");

        ParsedMail base64 = synthetic("Content-Type: text/plain\r\nContent-Transfer-Encoding: base-64\r\n\r\n"
                + "SGVsbG8gd29ybGQ=\r\n");
        assertThat(base64.text()).isEqualTo("Hello world");
        ParsedMail unknown = synthetic("Content-Type: text/plain\r\nContent-Transfer-Encoding: x-rot13\r\n\r\nUryyb\r\n");
        assertThat(unknown.text()).isEqualTo("Uryyb");
        assertThat(unknown.warnings()).anyMatch(w -> w.contains("'x-rot13' not understood"));
    }

    // ---- multipart/alternative and HTML ---------------------------------------------------------------

    @Test
    void prefersTextPlainAndKeepsSanitisedHtml_P03() {
        ParsedMail mail = corpus("001-multipart-alternative-outlook2000-iso8859-1-qp.eml");
        assertThat(mail.text()).startsWith("The Hare and the Tortoise").contains("Slow but steady wins the race.")
                .doesNotContain("<");
        assertThat(mail.html()).contains("<div>").contains("Slow but steady").doesNotContainIgnoringCase("<meta")
                .doesNotContainIgnoringCase("<font");
        ParsedMail gmail = corpus("002-multipart-alternative-gmail-utf8.eml");
        assertThat(gmail.text()).isEqualTo("This is the message body.\n\nJeff");
    }

    @Test
    void htmlOnlyMessagesGiveReadableTextAndSafeHtml_P03() {
        ParsedMail eudora = corpus("004-html-only-eudora-iso8859-1-qp.eml");
        assertThat(eudora.text()).startsWith("Die Hasen und die Fr\u00f6sche\n")
                .contains("\"wir leben\", sprach ein Redner")
                .doesNotContain("<", "&quot;", "&nbsp;");
        assertThat(eudora.text().lines()).as("paragraphs from <br><br>").contains("")
                .anyMatch(line -> line.startsWith("\"Halt\", rief nun eben dieser Sprecher, \"wir wollen das Ers\u00e4ufen"));
        assertThat(eudora.html()).contains("Fr\u00f6sche").doesNotContainIgnoringCase("<font");

        ParsedMail enron = corpus("005-html-only-newsletter-enron-bogus-cte-8bits.eml");
        assertThat(enron.text()).doesNotContain("<td", "<table", "&nbsp;", "<img");
        assertThat(enron.html()).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("<style")
                .contains("<table");
    }

    @Test
    void sanitisesHostileHtml_P03() {
        ParsedMail mail = synthetic("""
                Content-Type: text/html; charset=utf-8

                <html><head><style>p{color:red}</style><script>alert(1)</script></head>
                <body onload="steal()"><p onclick="x()">Hello <a href="javascript:alert(2)">click</a></p>
                <ul><li>first</li><li>second</li></ul><img src="cid:logo@x" onerror="y()">
                <iframe src="https://evil.example/"></iframe><form action="/x"><input name="p"></form>
                <blockquote>older text<br>more old</blockquote></body></html>
                """.replace("\n", "\r\n"));
        assertThat(mail.html()).doesNotContainIgnoringCase("script").doesNotContainIgnoringCase("onclick")
                .doesNotContainIgnoringCase("onerror").doesNotContainIgnoringCase("onload")
                .doesNotContainIgnoringCase("javascript:").doesNotContainIgnoringCase("<iframe")
                .doesNotContainIgnoringCase("<form").doesNotContainIgnoringCase("<style")
                .contains("<img src=\"cid:logo@x\">");
        assertThat(mail.text()).isEqualTo("Hello click\n\n- first\n- second\n\n> older text\n> more old");
        assertThat(mail.quotedTrimmedText()).isEqualTo("Hello click\n\n- first\n- second");
    }

    @Test
    void emptyHtmlPartGivesNoHtml_P03() {
        assertThat(corpus("037-bounce-dsn-office365-ndr.eml").html()).isNull();
        assertThat(corpus("006-plain-iso8859-1-8bit.eml").html()).isNull();
    }

    // ---- attachments ----------------------------------------------------------------------------------

    @Test
    void decodesRfc2231AndRfc2047AttachmentNames_P03() {
        assertThat(corpus("020-attachment-rfc2231-utf8-filename.eml").attachments())
                .singleElement().satisfies(a -> {
                    assertThat(a.fileName()).isEqualTo("attachment.\u00e4\u00f6\u00fc");
                    assertThat(new String(a.content(), StandardCharsets.US_ASCII)).isEqualTo("Test\n");
                });
        assertThat(corpus("016-attachment-pdf-encoded-filename-long-line.eml").attachments())
                .extracting(ParsedAttachment::fileName)
                .containsExactly("50032266 CAR 11_MNPA00A01_9PTX_H00 ATT N\u00b0 1467829.pdf");
        assertThat(corpus("024-inline-images-cid-nodemailer-unicode.eml").attachments())
                .extracting(ParsedAttachment::fileName).containsExactly("image.png", "nyan cat \u2714.gif", "notes.txt");
        ParsedMail rfc2231 = synthetic("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
                + "Content-Type: text/plain\r\n\r\nsee attached\r\n--b\r\n"
                + "Content-Type: application/pdf\r\nContent-Disposition: attachment;\r\n"
                + " filename*0*=iso-8859-1'de'Rechnung%20f%FCr%20;\r\n filename*1=\"M\u00e4rz.pdf\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--b--\r\n");
        assertThat(rfc2231.attachments()).extracting(ParsedAttachment::fileName)
                .containsExactly("Rechnung f\u00fcr M\u00e4rz.pdf");
    }

    @Test
    void recordsAttachmentsWithTypeSizeAndSha256_P03() {
        ParsedMail pdf = corpus("015-attachment-pdf.eml");
        assertThat(pdf.attachments()).singleElement().satisfies(a -> {
            assertThat(a.fileName()).isEqualTo("broken.pdf");
            assertThat(a.contentType()).isEqualTo("application/pdf");
            assertThat(a.size()).isEqualTo(a.content().length);
            assertThat(a.sha256()).isEqualTo(MailParser.sha256Hex(a.content()));
            assertThat(a.inline()).isFalse();
            assertThat(a.skipped()).isFalse();
        });
        assertThat(corpus("017-attachment-png-images-outlook.eml").attachments()).extracting(ParsedAttachment::fileName)
                .containsExactly("blueball.png", "greenball.png", "redball.png");
        assertThat(corpus("018-attachment-zip-dmarc-aggregate-report.eml").attachments())
                .singleElement().satisfies(a -> assertThat(a.contentType()).isEqualTo("application/zip"));
        ParsedMail gzipOnly = corpus("019-attachment-only-gzip-no-text-body.eml");
        assertThat(gzipOnly.attachments()).singleElement().satisfies(a -> {
            assertThat(a.fileName()).isEqualTo("blah.gz");
            assertThat(a.contentType()).isEqualTo("application/x-gzip");
            assertThat(a.size()).isEqualTo(288);
        });
        ParsedMail many = corpus("021-attachment-300-plus-files.eml");
        assertThat(many.attachments()).hasSizeGreaterThan(300)
                .allSatisfy(a -> assertThat(a.fileName()).endsWith(".txt"));
        assertThat(many.text()).isEqualTo("test");
    }

    @Test
    void skipsAttachmentsOverTheLimitButKeepsTheirSha256_P03() {
        byte[] raw = read("022-attachment-large-800kb.eml");
        ParsedAttachment kept = new MailParser(2_000_000).parse(raw).attachments().get(0);
        ParsedMail limited = new MailParser(500_000).parse(raw);

        assertThat(limited.attachments()).singleElement().satisfies(a -> {
            assertThat(a.fileName()).isEqualTo("attach04");
            assertThat(a.skipped()).isTrue();
            assertThat(a.content()).isNull();
            assertThat(a.size()).isEqualTo(817_938);
            assertThat(a.sha256()).isEqualTo(kept.sha256()).isEqualTo(MailParser.sha256Hex(kept.content()));
            assertThat(a.skippedReason()).isEqualTo("attachment of 817938 bytes is over the limit of 500000 bytes;"
                    + " only its size and SHA-256 are kept");
        });
        assertThat(limited.problems()).isEmpty();
        assertThat(new MailParser(0).parse(read("015-attachment-pdf.eml")).attachments())
                .allSatisfy(a -> assertThat(a.skipped()).isTrue());
        assertThatThrownBy(() -> new MailParser(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void marksInlineImagesReferencedByCid_P03() {
        ParsedMail outlook = corpus("023-inline-images-cid-outlook-related.eml");
        assertThat(outlook.attachments()).extracting(ParsedAttachment::fileName, ParsedAttachment::inline,
                ParsedAttachment::contentId).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("blueball.png", true, "938014623@17052000-0f9b"),
                        org.assertj.core.groups.Tuple.tuple("greenball.png", false, null),
                        org.assertj.core.groups.Tuple.tuple("redball.png", false, null));
        assertThat(outlook.html()).contains("src=\"cid:938014623@17052000-0f9b\"");
        assertThat(corpus("024-inline-images-cid-nodemailer-unicode.eml").attachments())
                .filteredOn(ParsedAttachment::inline).extracting(ParsedAttachment::contentId)
                .containsExactly("note@example.com", "nyan@example.com");
        assertThat(corpus("025-inline-image-cid-long-html-line.eml").attachments())
                .filteredOn(ParsedAttachment::inline).extracting(ParsedAttachment::fileName)
                .containsExactly("logo.jpg", "background.jpg");
        assertThat(corpus("028-forward-rfc822-inline-image-eml.eml").attachments())
                .filteredOn(ParsedAttachment::inline).extracting(ParsedAttachment::fileName).containsExactly("img.png");
    }

    // ---- forwarded messages and TNEF -------------------------------------------------------------------

    @Test
    void keepsForwardedMessagesAsAttachmentsWithTheirSubject_P03() {
        ParsedMail apple = corpus("026-forward-message-rfc822-attachment.eml");
        assertThat(apple.text()).isEqualTo("This is the first part.");
        assertThat(apple.forwarded()).singleElement().satisfies(f -> {
            assertThat(f.fileName()).isEqualTo("ForwardedMessage.eml");
            assertThat(f.subject()).isEqualTo("Another PDF");
            assertThat(f.messageId()).isEqualTo("<xxxx@xxxx.com>");
        });
        assertThat(apple.attachments()).singleElement().satisfies(a -> {
            assertThat(a.contentType()).isEqualTo("message/rfc822");
            assertThat(new String(a.content(), StandardCharsets.ISO_8859_1)).contains("Subject: Another PDF");
        });

        ParsedMail groupwise = corpus("027-forward-rfc822-whole-body-groupwise.eml");
        assertThat(groupwise.forwarded()).singleElement().satisfies(f -> {
            assertThat(f.fileName()).isEqualTo("forwarded-1.eml");
            assertThat(f.subject()).isEqualTo("GroupwiseForwardingTest");
            assertThat(f.from()).isEqualTo(new MailAddress("Dr. Sender", "sender@example.net"));
        });
        assertThat(corpus("028-forward-rfc822-inline-image-eml.eml").forwarded()).extracting(ForwardedMessage::fileName,
                ForwardedMessage::subject).containsExactly(org.assertj.core.groups.Tuple.tuple("Testmail.eml", "Another PDF"));
        ParsedMail zimbra = corpus("046-reply-fwd-with-rfc822-and-references.eml");
        assertThat(zimbra.forwarded()).extracting(ForwardedMessage::fileName, ForwardedMessage::subject)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("forwarded-1.eml", "Test 6"));
        assertThat(zimbra.text()).doesNotContain("This is the original email");
    }

    @Test
    void readsDigestPartsAsMessages_P03() {
        ParsedMail digest = corpus("063-multipart-digest.eml");
        assertThat(digest.text()).contains("Send Ppp mailing list submissions to", "Today's Topics:");
        assertThat(digest.forwarded()).extracting(ForwardedMessage::fileName).containsExactly("forwarded-1.eml",
                "forwarded-2.eml", "forwarded-3.eml", "forwarded-4.eml", "forwarded-5.eml");
        assertThat(digest.forwarded()).extracting(ForwardedMessage::subject).containsExactly("[Ppp] testing #1", null,
                "[Ppp] testing #3", "[Ppp] testing #4", "[Ppp] testing #5");
    }

    @Test
    void keepsTnefWinmailDatAsAttachment_P03() {
        ParsedMail office365 = corpus("058-tnef-winmail-dat-office365.eml");
        assertThat(office365.attachments()).singleElement().satisfies(a -> {
            assertThat(a.fileName()).isEqualTo("winmail.dat");
            assertThat(a.contentType()).isEqualTo("application/ms-tnef");
            assertThat(a.tnef()).isTrue();
            assertThat(a.content()).startsWith((byte) 0x78, (byte) 0x9f, (byte) 0x3e, (byte) 0x22); // TNEF signature
        });
        ParsedMail richText = corpus("059-tnef-winmail-dat-rich-text-large.eml");
        assertThat(richText.text()).startsWith("You've made this a Christmas to remember");
        assertThat(richText.attachments()).singleElement().satisfies(a -> {
            assertThat(a.tnef()).isTrue();
            assertThat(a.size()).isEqualTo(821_421);
        });
    }

    @Test
    void keepsSmimeSignaturesAndSignedContent_P03() {
        ParsedMail thunderbird = corpus("061-smime-signed-thunderbird.eml");
        assertThat(thunderbird.text()).startsWith("This message is being generated and signed by Thunderbird");
        assertThat(thunderbird.attachments()).extracting(ParsedAttachment::fileName, ParsedAttachment::contentType)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("signed.jpg", "image/jpeg"),
                        org.assertj.core.groups.Tuple.tuple("smime.p7s", "application/pkcs7-signature"));
        ParsedMail apple = corpus("062-smime-signed-apple-mail-png.eml");
        assertThat(apple.text()).isEqualTo("Here is a test of an attachment via email.\n\n- Jamis");
        assertThat(apple.attachments()).extracting(ParsedAttachment::fileName).containsExactly("truncated.png", "smime.p7s");
        assertThat(apple.warnings()).contains("mbox 'From ' line before the headers removed");
    }

    // ---- auto-replies, bounces, receipts ---------------------------------------------------------------

    @Test
    void exposesAutoReplyHeaders_P03() {
        LoopHeaders rfc3834 = corpus("029-autoreply-rfc3834-auto-submitted.eml").loopHeaders();
        assertThat(rfc3834.autoSubmitted()).isEqualTo("auto-replied");
        assertThat(rfc3834.deliveryStatusReport()).isFalse();

        LoopHeaders exchange = corpus("030-autoreply-exchange-automatic-reply.eml").loopHeaders();
        assertThat(exchange.autoSubmitted()).isNull();
        assertThat(exchange.xAutoResponseSuppress()).isEqualTo("All");
        assertThat(exchange.returnPath()).isEqualTo("<>");
        assertThat(exchange.emptyReturnPath()).isTrue();

        ParsedMail mimecast = corpus("033-autoreply-encoded-subject-precedence-bulk-html.eml");
        assertThat(mimecast.loopHeaders().autoSubmitted()).isEqualTo("auto-replied");
        assertThat(mimecast.loopHeaders().precedence()).isEqualTo("bulk");
        assertThat(mimecast.loopHeaders().xAutoResponseSuppress()).isEqualTo("OOF, AutoReply, DR, NDR, RN, NRN");

        assertThat(corpus("034-autoreply-discourse-auto-generated.eml").loopHeaders().autoSubmitted())
                .isEqualTo("auto-generated");
        ParsedMail apple = corpus("031-autoreply-apple-icloud-vacation-in-reply-to.eml");
        assertThat(apple.header("X-Apple-Action")).isEqualTo("VACATION");
        assertThat(apple.inReplyTo()).containsExactly("<25203A4E-F90F-4A14-BF51-3E7B9D39BE8E@libsisimai.org>");
        assertThat(corpus("032-autoreply-exchange-windows1252-qp.eml").text())
                .contains("I will have intermittent access to email");

        LoopHeaders plain = corpus("042-thread-1-original.eml").loopHeaders();
        assertThat(plain).isEqualTo(new LoopHeaders(null, null, false, false, null, null, null));
        assertThat(plain.emptyReturnPath()).isFalse();
    }

    @Test
    void exposesXAutoreplyAndXAutorespondPresence_P03() {
        ParsedMail mail = synthetic("From: bot@example.com\r\nX-Autoreply: yes\r\nX-Autorespond: vacation\r\n"
                + "Precedence: auto_reply\r\nSubject: away\r\n\r\nI am away.\r\n");
        assertThat(mail.loopHeaders().xAutoreply()).isTrue();
        assertThat(mail.loopHeaders().xAutorespond()).isTrue();
        assertThat(mail.loopHeaders().precedence()).isEqualTo("auto_reply");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "035-bounce-dsn-amazon-ses.eml | true | delivery-status | Example Subject",
            "036-bounce-dsn-postfix-multi-recipient.eml | true | delivery-status | Test of bounce email",
            "037-bounce-dsn-office365-ndr.eml | true | delivery-status | ",
            "039-bounce-dsn-sendmail-rfc3464.eml | true | delivery-status | \u30d0\u30a6\u30f3\u30b9\u30e1\u30fc\u30eb\u306e\u30c6\u30b9\u30c8(\u65e5\u672c\u8a9e)",
            "040-bounce-dsn-warning-delayed-rfc822-headers.eml | true | delivery-status | ",
            "041-mdn-read-receipt-disposition-notification.eml | false | disposition-notification | First draft of report",
            "038-bounce-exim-plain-text-no-report.eml | false | | "})
    void flagsDeliveryStatusReports_P03(String fileName, boolean dsn, String reportType, String returnedSubject) {
        ParsedMail mail = corpus(fileName);
        assertThat(mail.loopHeaders().deliveryStatusReport()).isEqualTo(dsn);
        assertThat(mail.loopHeaders().reportType()).isEqualTo(reportType);
        if (returnedSubject != null) {
            assertThat(mail.forwarded()).extracting(ForwardedMessage::subject).containsExactly(returnedSubject);
        }
        assertThat(mail.text()).isNotBlank();
    }

    @Test
    void keepsBounceReportPartsAsAttachments_P03() {
        ParsedMail ses = corpus("035-bounce-dsn-amazon-ses.eml");
        assertThat(ses.from().address()).isEqualTo("MAILER-DAEMON@amazonses.com");
        assertThat(ses.attachments()).extracting(ParsedAttachment::fileName, ParsedAttachment::contentType)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("delivery-status.txt", "message/delivery-status"),
                        org.assertj.core.groups.Tuple.tuple("forwarded-1.eml", "message/rfc822"));
        assertThat(corpus("040-bounce-dsn-warning-delayed-rfc822-headers.eml").attachments())
                .extracting(ParsedAttachment::contentType).contains("text/rfc822-headers");
        assertThat(corpus("038-bounce-exim-plain-text-no-report.eml").header("X-Failed-Recipients"))
                .isEqualTo("kijitora@example.ed.jp");
    }

    // ---- threading headers and recipients ----------------------------------------------------------------

    @Test
    void readsMessageIdsAndThreadReferencesNewestFirst_P03() {
        ParsedMail original = corpus("042-thread-1-original.eml");
        assertThat(original.messageId()).isEqualTo("<1234@local.machine.example>");
        assertThat(original.inReplyTo()).isEmpty();
        ParsedMail reply = corpus("043-thread-2-reply-in-reply-to.eml");
        assertThat(reply.messageId()).isEqualTo("<3456@example.net>");
        assertThat(reply.inReplyTo()).containsExactly("<1234@local.machine.example>");
        assertThat(reply.replyTo()).containsExactly(new MailAddress("Mary Smith: Personal Account", "smith@home.example"));
        assertThat(corpus("044-thread-3-reply-references-chain.eml").inReplyTo())
                .containsExactly("<3456@example.net>", "<1234@local.machine.example>");
        assertThat(corpus("045-reply-thunderbird-in-reply-to-references.eml").inReplyTo())
                .containsExactly("<348F04F142D69C21-291E56D292BC@xxxx.net>", "<473FF3B8.9020707@xxx.org>");
        assertThat(corpus("013-encoded-subject-hungarian-utf8-reply-8bit-preamble.eml").inReplyTo())
                .containsExactly("<CAEMnOreG=99=qx-ONib=g+32uBdSav5WP303BA@mail.gmail.com>");
        assertThat(corpus("054-malformed-obsolete-header-syntax.eml").messageId())
                .isEqualTo("<1234@local.machine.example>");
        assertThat(corpus("011-plain-utf8-base64-japanese-subject.eml").messageId()).isNull();
        ParsedMail messy = synthetic("Message-ID: bare-id@example.com\r\nIn-Reply-To: <a@x> (Joe's message)\r\n"
                + "References: <c@x>\r\n  <b@x> <a@x>\r\n\r\nbody");
        assertThat(messy.messageId()).isEqualTo("<bare-id@example.com>");
        assertThat(messy.inReplyTo()).containsExactly("<a@x>", "<b@x>", "<c@x>");
    }

    @Test
    void mergesRecipientsOfEveryToAndCcHeader_P03() {
        assertThat(corpus("047-cc-several-recipients-one-header.eml").cc()).extracting(MailAddress::address)
                .containsExactly("team@bar.com", "wat@bar.com", "reply+d400310beeae61d785c2ac6a2aacb210@bar.com");
        ParsedMail many = corpus("048-cc-multiple-cc-headers.eml");
        assertThat(many.cc()).extracting(MailAddress::address).containsExactly("ccc@zzz.org", "ddd@zzz.org", "eee@zzz.org");
        assertThat(many.from()).isEqualTo(new MailAddress("John X. Doe", "bbb@ddd.com"));
        ParsedMail quoted = corpus("049-cc-to-and-cc-quoted-display-names.eml");
        assertThat(quoted.to()).containsExactly(new MailAddress("Mary Smith", "mary@x.test"),
                new MailAddress(null, "jdoe@example.org"), new MailAddress("Who?", "one@y.test"));
        assertThat(quoted.cc()).containsExactly(new MailAddress(null, "boss@nil.test"),
                new MailAddress("Giant; \"Big\" Box", "sysservices@example.net"));
        assertThat(quoted.subject()).isNull();
        assertThat(corpus("009-plain-windows1252-qp-encoded-subject.eml").from())
                .as("the first of two From headers").isEqualTo(new MailAddress("Doug Sauder", "doug@example.com"));
        ParsedMail group = synthetic("To: undisclosed-recipients:;\r\nCc: Team: a@x.example, b@x.example;\r\n\r\nx");
        assertThat(group.to()).isEmpty();
        assertThat(group.cc()).extracting(MailAddress::address).containsExactly("a@x.example", "b@x.example");
    }

    // ---- dates ---------------------------------------------------------------------------------------

    @Test
    void readsDatesAndTurnsBadOnesIntoNull_P03() {
        assertThat(corpus("042-thread-1-original.eml").date()).isEqualTo(Instant.parse("1997-11-21T15:55:06Z"));
        assertThat(corpus("041-mdn-read-receipt-disposition-notification.eml").date())
                .as("comment before the zone").isEqualTo(Instant.parse("1995-09-20T04:19:00Z"));
        assertThat(corpus("060-long-lines-7000-chars.eml").date()).as("two-digit year")
                .isEqualTo(Instant.parse("1998-02-11T17:51:00Z"));
        assertThat(corpus("054-malformed-obsolete-header-syntax.eml").date())
                .isEqualTo(Instant.parse("1997-11-21T15:55:06Z"));
        ParsedMail year3609 = corpus("003-multipart-alternative-windows1251-bad-date.eml");
        assertThat(year3609.date()).isNull();
        assertThat(year3609.warnings()).contains("implausible Date 'Mon, 30 Jun 3609 15:33:50 +0600' ignored");
        assertThat(corpus("020-attachment-rfc2231-utf8-filename.eml").date()).isNull();
        assertThat(synthetic("Date: next Tuesday-ish\r\n\r\nx").date()).isNull();
    }

    // ---- malformed messages ----------------------------------------------------------------------------

    @Test
    void readsMalformedStructuresWithoutLosingText_P03() {
        ParsedMail innerMissing = corpus("050-malformed-missing-inner-boundary.eml");
        assertThat(innerMissing.text()).isEqualTo("Foo\n\nAAA");
        assertThat(innerMissing.warnings()).anyMatch(w -> w.contains("could not be split into parts"));
        assertThat(corpus("051-malformed-missing-closing-boundary.eml").text())
                .isEqualTo("Multipart message without closing boundary");
        assertThat(corpus("052-malformed-boundary-text-in-body.eml").text())
                .isEqualTo("This should be a text including the --boundary\nstring and should not be parsed as multiple bodies");
        ParsedMail noBlankLine = corpus("053-malformed-header-no-blank-line.eml");
        assertThat(noBlankLine.subject()).isEqualTo("this is a subject");
        assertThat(noBlankLine.text()).isEqualTo("Body text");
        ParsedMail obsolete = corpus("054-malformed-obsolete-header-syntax.eml");
        assertThat(obsolete.from()).isEqualTo(new MailAddress("John Doe", "jdoe@machine.example"));
        assertThat(obsolete.subject()).isEqualTo("Saying Hello");
        assertThat(obsolete.warnings()).noneMatch(w -> w.contains("mbox"));
        ParsedMail outlookExpress = corpus("057-malformed-unquoted-illegal-boundary-outlook-express.eml");
        assertThat(outlookExpress.text()).isEqualTo("Hello\nThis is an outlook test\n\nSo there.\n\nMe.");
        assertThat(outlookExpress.html()).contains("So there.");
        assertThat(corpus("060-long-lines-7000-chars.eml").text().lines().mapToInt(String::length).max().orElse(0))
                .isGreaterThan(6000);
    }

    @Test
    void neverThrowsOnGarbage_P03() {
        assertThat(parser.parse((byte[]) null).problems()).containsExactly("empty message: no bytes to parse");
        assertThat(parser.parse(new byte[0]).problems()).containsExactly("empty message: no bytes to parse");
        assertThat(parser.parse((MimeMessage) null).problems()).isNotEmpty();
        Random random = new Random(20240603L);
        for (int i = 0; i < 300; i++) {
            byte[] noise = new byte[random.nextInt(4000)];
            random.nextBytes(noise);
            assertThatCode(() -> parser.parse(noise)).doesNotThrowAnyException();
        }
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            deep.append("Content-Type: multipart/mixed; boundary=b").append(i).append("\r\n\r\n--b").append(i).append("\r\n");
        }
        deep.append("Content-Type: text/plain\r\n\r\ndeep inside\r\n");
        ParsedMail nested = synthetic(deep.toString());
        assertThat(nested.warnings()).anyMatch(w -> w.contains("nested deeper than"));
        ParsedMail brokenBase64 = synthetic("Content-Type: application/pdf; name=x.pdf\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0x!!!LjQK====\r\n===\r\n");
        assertThat(brokenBase64.attachments()).singleElement().satisfies(a -> assertThat(a.fileName()).isEqualTo("x.pdf"));
        ParsedMail badType = synthetic("Content-Type: ;;;garbage\r\n\r\nstill text\r\n");
        assertThat(badType.text()).isEqualTo("still text");
    }

    @Test
    void parsesMimeMessagesBuiltInMemory_P03() throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress("ann@example.com", "Ann \u00c5berg", "UTF-8"));
        message.setSubject("R\u00e9sum\u00e9 attached", "UTF-8");
        message.setText("Hello \u00e9t\u00e9", "UTF-8");
        ParsedMail mail = parser.parse(message);
        assertThat(mail.problems()).isEmpty();
        assertThat(mail.subject()).isEqualTo("R\u00e9sum\u00e9 attached");
        assertThat(mail.from()).isEqualTo(new MailAddress("Ann \u00c5berg", "ann@example.com"));
        assertThat(mail.text()).isEqualTo("Hello \u00e9t\u00e9");
    }

    // ---- quoted history ----------------------------------------------------------------------------------

    @Test
    void trimsQuotedHistoryButKeepsTheFullText_P03() {
        ParsedMail outlookFr = corpus("016-attachment-pdf-encoded-filename-long-line.eml");
        assertThat(outlookFr.quotedTrimmedText()).isEqualTo("M. DUPONT Paul\nSuperviseur de voitures\n\n\n\n"
                + "Pas \u00e0 pas, agissons au quotidien pour pr\u00e9server notre environnement.\n"
                + "N'imprimez ce mail qu'en cas de n\u00e9cessit\u00e9.");
        assertThat(outlookFr.text()).contains("-----Message d'origine-----", "Pi\u00e8ce jointe toujours pas conforme");

        ParsedMail gmailReply = synthetic("""
                From: customer@example.com
                Subject: Re: [DOC-123] printing
                Content-Type: text/plain; charset=utf-8

                Still broken, see attached.

                Thanks,
                Ann

                On Tue, 4 Jun 2024 at 10:02, Docmail Support <dotpost@cfh.com>
                wrote:
                > Please try again.
                >
                > > Earlier: it does not print.
                """);
        assertThat(gmailReply.quotedTrimmedText()).isEqualTo("Still broken, see attached.\n\nThanks,\nAnn");
        assertThat(gmailReply.text()).contains("> Please try again.");
    }
}
