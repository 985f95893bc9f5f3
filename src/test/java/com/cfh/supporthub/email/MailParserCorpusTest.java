package com.cfh.supporthub.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every message of the real-world corpus (copied byte for byte from ../shared/corpus/email) goes
 * through the parser without an exception and yields text, or says why it has none (P03).
 */
class MailParserCorpusTest {

    /** Messages whose only content is attachments, a forwarded message or an image: no text, said so in a warning. */
    private static final Set<String> NO_TEXT_BODY = Set.of(
            "014-encoded-subject-hebrew-iso8859-8-i-gmail.eml",
            "018-attachment-zip-dmarc-aggregate-report.eml",
            "019-attachment-only-gzip-no-text-body.eml",
            "022-attachment-large-800kb.eml",
            "027-forward-rfc822-whole-body-groupwise.eml",
            "028-forward-rfc822-inline-image-eml.eml");

    private static final Pattern SOURCES_ROW = Pattern.compile(
            "^\\| `(\\d{3}-[^`]+\\.eml)` \\|.*\\| (\\d+) \\| `([0-9a-f]{16})\u2026` \\|$");

    private final MailParser parser = new MailParser(25L * 1024 * 1024);

    static Path corpusDir() {
        try {
            return Path.of(MailParserCorpusTest.class.getResource("/email/corpus").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<String> corpusFiles() throws IOException {
        try (Stream<Path> files = Files.list(corpusDir())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".eml")).sorted().toList()
                    .stream();
        }
    }

    static byte[] read(String fileName) {
        try {
            return Files.readAllBytes(corpusDir().resolve(fileName));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** file name to {size, sha256 prefix} as SOURCES.md lists them. */
    static Map<String, String[]> sources() throws IOException {
        Map<String, String[]> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(corpusDir().resolve("SOURCES.md"), StandardCharsets.UTF_8)) {
            Matcher m = SOURCES_ROW.matcher(line);
            if (m.matches()) {
                rows.put(m.group(1), new String[] {m.group(2), m.group(3)});
            }
        }
        return rows;
    }

    @Test
    void corpusCopyIsCompleteAndByteExact_P03() throws IOException {
        Map<String, String[]> sources = sources();
        assertThat(sources).hasSize(63);
        assertThat(corpusFiles().toList()).containsExactlyElementsOf(new TreeSet<>(sources.keySet()));
        for (Map.Entry<String, String[]> row : sources.entrySet()) {
            byte[] bytes = read(row.getKey());
            assertThat(bytes.length).as("size of %s", row.getKey()).isEqualTo(Integer.parseInt(row.getValue()[0]));
            assertThat(MailParser.sha256Hex(bytes)).as("SHA-256 of %s", row.getKey()).startsWith(row.getValue()[1]);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpusFiles")
    void everyCorpusMessageParsesToTextOrAStatedReason_P03(String fileName) {
        byte[] raw = read(fileName);
        ParsedMail[] holder = new ParsedMail[1];
        assertThatCode(() -> holder[0] = parser.parse(raw)).doesNotThrowAnyException();
        ParsedMail mail = holder[0];

        assertThat(mail.problems()).as("problems of %s", fileName).isEmpty();
        if (NO_TEXT_BODY.contains(fileName)) {
            assertThat(mail.text()).isEmpty();
            assertThat(mail.warnings()).anyMatch(w -> w.startsWith("no text body"));
        } else {
            assertThat(mail.text()).as("text of %s", fileName).isNotBlank();
        }
        assertThat(mail.text()).doesNotContain("\r");
        assertThat(mail.quotedTrimmedText()).isNotNull();
        assertThat(mail.text()).contains(mail.quotedTrimmedText().strip().lines().findFirst().orElse(""));
        assertThat(mail.rawSha256()).matches("[0-9a-f]{64}");
        if (mail.html() != null) {
            assertThat(mail.html()).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("onclick=");
        }
        for (ParsedAttachment a : mail.attachments()) {
            assertThat(a.fileName()).isNotBlank();
            assertThat(a.sha256()).matches("[0-9a-f]{64}");
            assertThat(a.content()).isNotNull();
            assertThat(a.content().length).isEqualTo(a.size());
        }
        assertThat(mail.forwarded()).allSatisfy(f -> assertThat(mail.attachments())
                .anyMatch(a -> a.fileName().equals(f.fileName()) && a.message()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpusFiles")
    void mimeMessageEntryPointGivesTheSameResult_P03(String fileName) throws Exception {
        byte[] raw = read(fileName);
        ParsedMail fromBytes = parser.parse(raw);
        byte[] withoutMboxLine = raw;
        if (new String(raw, 0, 5, StandardCharsets.ISO_8859_1).equals("From ") && raw[5] != ' ') {
            int nl = 0;
            while (raw[nl] != '\n') {
                nl++;
            }
            withoutMboxLine = Arrays.copyOfRange(raw, nl + 1, raw.length);
        }
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(withoutMboxLine));

        ParsedMail fromMessage = parser.parse(message);

        assertThat(fromMessage.subject()).isEqualTo(fromBytes.subject());
        assertThat(fromMessage.messageId()).isEqualTo(fromBytes.messageId());
        assertThat(fromMessage.from()).isEqualTo(fromBytes.from());
        assertThat(fromMessage.text()).isEqualTo(fromBytes.text());
        assertThat(fromMessage.html()).isEqualTo(fromBytes.html());
        assertThat(fromMessage.attachments()).extracting(ParsedAttachment::sha256)
                .containsExactlyElementsOf(fromBytes.attachments().stream().map(ParsedAttachment::sha256).toList());
        assertThat(fromMessage.problems()).isEqualTo(fromBytes.problems());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpusFiles")
    void truncatedCorpusMessagesNeverThrow_P03(String fileName) {
        byte[] raw = read(fileName);
        for (int cut : List.of(0, 1, 7, raw.length / 3, raw.length / 2, raw.length - 3)) {
            byte[] truncated = Arrays.copyOf(raw, Math.max(0, Math.min(raw.length, cut)));
            assertThatCode(() -> {
                ParsedMail mail = parser.parse(truncated);
                assertThat(mail.text()).isNotNull();
                assertThat(mail.text().isBlank() && mail.problems().isEmpty() && mail.warnings().isEmpty()
                        && mail.attachments().isEmpty()).as("cut at %d says nothing", cut).isFalse();
            }).as("%s cut at %d bytes", fileName, cut).doesNotThrowAnyException();
        }
    }
}
