package com.cfh.supporthub.email;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Conservative trimming of a reply's quoted history (P03): only clear markers, never the new text. */
class QuotedTextTest {

    @Test
    void cutsOnWroteAttributionFollowedOnlyByQuotes_P03() {
        String text = "Yes, that fixed it.\n\nOn Mon, 3 Jun 2024, 09:15 Support <dotpost@cfh.com> wrote:\n> Did it work?\n>\n> Regards";
        assertThat(QuotedText.trim(text)).isEqualTo("Yes, that fixed it.");
    }

    @Test
    void cutsOnTwoLineWroteAttribution_P03() {
        String text = "Thanks!\n\nOn Mon, Jun 3, 2024 at 9:15 AM Docmail Support <\ndotpost@cfh.com> wrote:\n\n> old";
        assertThat(QuotedText.trim(text)).isEqualTo("Thanks!");
    }

    @Test
    void cutsOutlookOriginalMessageSeparator_P03() {
        String text = "Please close the ticket.\n\n-----Original Message-----\nFrom: Support\nSent: Monday\nSubject: x\n\nold text";
        assertThat(QuotedText.trim(text)).isEqualTo("Please close the ticket.");
    }

    @Test
    void cutsOutlookFromSentHeaderBlockWithItsRule_P03() {
        String text = "New info below the line? No, above.\n\n________________________________\n"
                + "From: Docmail Support <dotpost@cfh.com>\nSent: 03 June 2024 09:15\nTo: Ann\nSubject: RE: x\n\nOld";
        assertThat(QuotedText.trim(text)).isEqualTo("New info below the line? No, above.");
    }

    @Test
    void removesTrailingQuoteBlockWithoutAttribution_P03() {
        assertThat(QuotedText.trim("Agreed.\n\n> earlier\n> text\n\n")).isEqualTo("Agreed.");
    }

    @Test
    void keepsInterleavedAnswers_P03() {
        String text = "On Mon, 3 Jun 2024, Support wrote:\n> Which printer?\nThe HP one.\n> Which driver?\nVersion 5.";
        assertThat(QuotedText.trim(text)).isEqualTo(text);
    }

    @Test
    void keepsForwardedMessagesAndTextThatIsAllQuoted_P03() {
        String forward = "FYI\n\n---------- Forwarded message ---------\nFrom: Bob <bob@example.com>\nDate: Mon, 3 Jun 2024\n\nThe printer is on fire.";
        assertThat(QuotedText.trim(forward)).isEqualTo(forward);
        assertThat(QuotedText.trim("> only\n> quotes")).isEqualTo("> only\n> quotes");
        assertThat(QuotedText.trim("")).isEmpty();
        assertThat(QuotedText.trim(null)).isEmpty();
    }

    @Test
    void doesNotMistakeOrdinaryFromLinesForOutlookHeaders_P03() {
        String text = "From: the accounts team\nWe need the invoice again.\nSent items are empty.";
        assertThat(QuotedText.trim(text)).isEqualTo("From: the accounts team\nWe need the invoice again.\nSent items are empty.");
    }
}
