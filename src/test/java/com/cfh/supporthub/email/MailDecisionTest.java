package com.cfh.supporthub.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The e-mail channel's decision per message, over the real corpus, and the pieces it rests on (P03, P16). */
class MailDecisionTest {

    /** Messages without any From address: parked, with the reason. */
    static final Set<String> PARKED = Set.of("020", "050", "052", "053");

    private final MailParser parser = new MailParser(26_214_400);
    private final OutboundMessageIds ids = ids("test-secret");
    private final EmailIntakeMapper mapper = new EmailIntakeMapper(ids);

    private static OutboundMessageIds ids(String secret) {
        MailSettings s = new MailSettings();
        s.getMail().setMessageIdSecret(secret);
        s.getSmtp().setFrom("hub@support.example");
        return new OutboundMessageIds(null, s, null);
    }

    static List<String> corpus() throws Exception {
        return MailParserCorpusTest.corpusFiles().toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    @DisplayName("P03: each corpus message is taken in, recorded as automatic (029-041) or parked without a sender")
    void eachCorpusMessageHasOneDecision_P03(String file) {
        MailDecision d = mapper.decide(parser.parse(MailParserCorpusTest.read(file)), "docmail", "box", Instant.EPOCH);
        int n = Integer.parseInt(file.substring(0, 3));
        MailDecision.Kind expected = PARKED.contains(file.substring(0, 3)) ? MailDecision.Kind.PARK
                : n >= 29 && n <= 41 ? MailDecision.Kind.LOOP : MailDecision.Kind.INTAKE;
        assertThat(d.kind()).as(file + ": " + d.reason()).isEqualTo(expected);
        if (expected != MailDecision.Kind.INTAKE) {
            assertThat(d.reason()).isNotBlank();
        }
        if (n >= 35 && n <= 40) {
            assertThat(d.reason()).startsWith("bounce");
        }
        if (n == 29 || n == 30 || n == 31 || n == 33 || n == 34) {
            assertThat(d.reason()).startsWith("auto-reply");
        }
    }

    @Test
    @DisplayName("P03 P16: requester from From, Cc as participants, Message-ID as external id, In-Reply-To chain kept")
    void envelopeOfAReplyWithCc_P03_P16() {
        ParsedMail m = parser.parse(MailParserCorpusTest.read("047-cc-several-recipients-one-header.eml"));
        MailDecision d = mapper.decide(m, "docmail", "box", Instant.EPOCH);
        assertThat(d.intake().requester().email()).isEqualTo("discourse@bar.com");
        assertThat(d.intake().participants()).hasSize(3);
        assertThat(d.intake().externalId()).isEqualTo(m.messageId());

        ParsedMail reply = parser.parse(MailParserCorpusTest.read("044-thread-3-reply-references-chain.eml"));
        assertThat(mapper.decide(reply, "docmail", "box", Instant.EPOCH).intake().inReplyTo())
                .containsExactly("<3456@example.net>", "<1234@local.machine.example>");
    }

    @Test
    @DisplayName("P03: a message without Message-ID is known by the SHA-256 of its raw bytes")
    void missingMessageIdUsesRawDigest_P03() {
        byte[] raw = MailParserCorpusTest.read("011-plain-utf8-base64-japanese-subject.eml");
        ParsedMail m = parser.parse(raw);
        assertThat(m.messageId()).isNull();
        assertThat(EmailIntakeMapper.messageKey(m, null)).isEqualTo("sha256:" + MailParser.sha256Hex(raw));
    }

    @Test
    @DisplayName("P03: the [KEY] subject tag names the ticket")
    void subjectTag_P03() {
        assertThat(EmailIntakeMapper.subjectKey("Re: [doc-123] Invoice")).isEqualTo("DOC-123");
        assertThat(EmailIntakeMapper.subjectKey("Re: Invoice DOC-123")).isNull();
        assertThat(EmailIntakeMapper.subjectKey(null)).isNull();
    }

    @Test
    @DisplayName("P03: the hub's own Message-IDs carry an HMAC of the ticket key; forged or other-key ids are not trusted")
    void outboundMessageIdsCannotBeForged_P03() {
        String id = ids.create("DOC-7");
        assertThat(id).startsWith("<hub.DOC-7.").endsWith("@support.example>");
        assertThat(ids.ticketKey(id)).contains("DOC-7");
        assertThat(ids.ticketKey(id.replace("DOC-7", "DOC-8"))).isEmpty();
        assertThat(ids(" other-secret").ticketKey(id)).isEmpty();
        assertThat(ids.ticketKey("<1234@local.machine.example>")).isEmpty();
        assertThat(ids.create("DOC-7")).isNotEqualTo(id);
    }

    @Test
    @DisplayName("P09 P15: staff-only ids never thread as customer mail; a fixed nonce gives the same id every time (issue 14.5)")
    void internalAndFixedMessageIds_P09_P15() {
        String internal = ids.createInternal("RUN-1");
        assertThat(internal).startsWith("<hub-internal.RUN-1.");
        assertThat(ids.ticketKey(internal)).isEmpty();
        assertThat(ids.internalTicketKey(internal)).contains("RUN-1");
        assertThat(ids.isOwn(internal)).isTrue();
        // renaming a customer id into an internal one (or back) breaks its HMAC
        String customer = ids.create("RUN-1");
        assertThat(ids.internalTicketKey(customer.replace("<hub.", "<hub-internal."))).isEmpty();
        assertThat(ids.ticketKey(internal.replace("<hub-internal.", "<hub."))).isEmpty();
        assertThat(ids.internalTicketKey(customer)).isEmpty();
        String nonce = OutboundMessageIds.nonce(42);
        assertThat(nonce).isEqualTo("000000000000002a");
        assertThat(ids.create("RUN-1", nonce)).isEqualTo(ids.create("RUN-1", nonce));
        assertThat(ids.createInternal("RUN-1", nonce)).isNotEqualTo(ids.create("RUN-1", nonce));
        assertThat(ids.isOwn("<1234@local.machine.example>")).isFalse();
    }

    @Test
    @DisplayName("P03: a reply naming only the hub's Message-ID threads by the key the HMAC vouches for")
    void replyToOwnMessageIdThreadsByKey_P03() {
        String own = ids.create("RUN-42");
        String raw = "From: ann@example.com\r\nTo: customersupport@runmy.com\r\nSubject: Re: help\r\nMessage-ID: <a1@x>\r\n"
                + "In-Reply-To: " + own + "\r\n\r\nThanks\r\n";
        MailDecision d = mapper.decide(parser.parse(raw.getBytes()), "runmy", "box", Instant.EPOCH);
        assertThat(d.intake().ticketReference()).isEqualTo("RUN-42");
        assertThat(d.intake().inReplyTo()).isEmpty();
    }

    @Test
    @DisplayName("P03: the hub's own mail coming back (its loop header) is automatic")
    void ownLoopHeaderIsALoop_P03() {
        String raw = "From: ann@example.com\r\nSubject: [DOC-1] x\r\nMessage-ID: <a2@x>\r\n" + LoopDetector.LOOP_HEADER
                + ": DOC-1\r\n\r\nbody\r\n";
        MailDecision d = mapper.decide(parser.parse(raw.getBytes()), "docmail", "box", Instant.EPOCH);
        assertThat(d.kind()).isEqualTo(MailDecision.Kind.LOOP);
        assertThat(d.intake().ticketReference()).isEqualTo("DOC-1");
    }

    @Test
    @DisplayName("P03: automatic mail never goes to no-reply or daemon addresses")
    void noReplyAndDaemonAddresses_P03() {
        assertThat(LoopDetector.undeliverableAutomatically("noreply@example.com")).isTrue();
        assertThat(LoopDetector.undeliverableAutomatically("no-reply@example.com")).isTrue();
        assertThat(LoopDetector.undeliverableAutomatically("do-not-reply@example.com")).isTrue();
        assertThat(LoopDetector.undeliverableAutomatically("MAILER-DAEMON@example.com")).isTrue();
        assertThat(LoopDetector.undeliverableAutomatically("postmaster@example.com")).isTrue();
        assertThat(LoopDetector.undeliverableAutomatically("ann@example.com")).isFalse();
        assertThat(LoopDetector.undeliverableAutomatically("nora@example.com")).isFalse();
    }

    @Test
    @DisplayName("P03: a mailbox poll interval becomes a Quartz cron; one Quartz cannot express is refused")
    void pollIntervalAsCron_P03() {
        assertThat(MailboxRoutes.cron(Duration.ofSeconds(30))).isEqualTo("0/30 * * * * ?");
        assertThat(MailboxRoutes.cron(Duration.ofMinutes(5))).isEqualTo("0 0/5 * * * ?");
        assertThatThrownBy(() -> MailboxRoutes.cron(Duration.ofSeconds(7))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("P03 issue 14.5: mail whose own Message-ID is one the hub made is its own mail coming back: LOOP on the ticket it names")
    void ownMessageIdComingBackIsALoop_P03() {
        String own = ids.create("DOC-9", OutboundMessageIds.nonce(7));
        String raw = "From: help@support.example\r\nTo: dotpost@cfh.com\r\nSubject: Re: [DOC-9] x\r\nMessage-ID: " + own
                + "\r\n\r\nour reply\r\n";
        MailDecision d = mapper.decide(parser.parse(raw.getBytes()), "docmail", "box", Instant.EPOCH);
        assertThat(d.kind()).isEqualTo(MailDecision.Kind.LOOP);
        assertThat(d.reason()).startsWith(EmailIntakeMapper.OWN_MAIL);
        assertThat(d.intake().ticketReference()).isEqualTo("DOC-9");
        // a forged one is an ordinary message
        String forged = own.substring(0, own.length() - 20) + "0000000000000000000@support.example>";
        assertThat(mapper.decide(parser.parse(raw.replace(own, forged).getBytes()), "docmail", "box", Instant.EPOCH).kind())
                .isEqualTo(MailDecision.Kind.INTAKE);
    }

    @Test
    @DisplayName("P09 P15 issue 14.3: a reply to staff-only mail, or staff mail on a ticket, is an internal note; staff mail on nothing is a request")
    void staffMailOnATicketIsANote_P09_P15() {
        InternalSenders staff = new InternalSenders(java.util.Set.of("tier2@support.example"), java.util.Set.of("cfh.com"));
        EmailIntakeMapper withStaff = new EmailIntakeMapper(ids, staff);
        String notice = ids.createInternal("RUN-5");
        MailDecision toNotice = withStaff.decide(parser.parse(("From: someone@elsewhere.example\r\nSubject: Re: escalation"
                + "\r\nMessage-ID: <n1@x>\r\nIn-Reply-To: " + notice + "\r\n\r\nInternal: not yet\r\n").getBytes()),
                "runmy", "box", Instant.EPOCH);
        assertThat(toNotice.kind()).isEqualTo(MailDecision.Kind.NOTE);
        assertThat(toNotice.ticketKey()).isEqualTo("RUN-5");

        MailDecision tagged = withStaff.decide(parser.parse(("From: Tier Two <TIER2@support.example>\r\nSubject: Re: [RUN-5] x"
                + "\r\nMessage-ID: <n2@x>\r\n\r\nchecked\r\n").getBytes()), "runmy", "box", Instant.EPOCH);
        assertThat(tagged.kind()).isEqualTo(MailDecision.Kind.NOTE);
        assertThat(tagged.ticketKey()).as("found by its references").isNull();
        assertThat(withStaff.decide(parser.parse(("From: ops@mail.cfh.com\r\nSubject: Re: [RUN-5] x\r\nMessage-ID: <n3@x>"
                + "\r\n\r\nsubdomain\r\n").getBytes()), "runmy", "box", Instant.EPOCH).kind()).isEqualTo(MailDecision.Kind.NOTE);
        assertThat(withStaff.decide(parser.parse(("From: tier2@support.example\r\nSubject: New problem\r\nMessage-ID: <n4@x>"
                + "\r\n\r\nfresh\r\n").getBytes()), "runmy", "box", Instant.EPOCH).kind()).isEqualTo(MailDecision.Kind.INTAKE);
        assertThat(withStaff.decide(parser.parse(("From: ann@customer.example\r\nSubject: Re: [RUN-5] x\r\nMessage-ID: <n5@x>"
                + "\r\n\r\ncustomer\r\n").getBytes()), "runmy", "box", Instant.EPOCH).kind()).isEqualTo(MailDecision.Kind.INTAKE);
        // an out-of-office of staff is still automatic, not a note
        assertThat(withStaff.decide(parser.parse(("From: tier2@support.example\r\nSubject: Re: [RUN-5] x\r\nMessage-ID: <n6@x>"
                + "\r\nAuto-Submitted: auto-replied\r\n\r\naway\r\n").getBytes()), "runmy", "box", Instant.EPOCH).kind())
                .isEqualTo(MailDecision.Kind.LOOP);
    }
}
