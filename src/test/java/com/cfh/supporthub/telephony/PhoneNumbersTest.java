package com.cfh.supporthub.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Caller numbers to E.164 with libphonenumber, default region GB (issue 5 item 3). */
class PhoneNumbersTest {

    private final PhoneNumbers numbers = new PhoneNumbers("GB");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "+447700900123, +447700900123",      // Twilio
            "447700900123, +447700900123",       // Zammad: E.164 digits without '+'
            "'+44 7700 900123', +447700900123",  // Aircall raw_digits
            "07700 900123, +447700900123",       // national, default region GB
            "020 7946 0958, +442079460958",
            "'+1 212-555-0147', +12125550147",   // Aircall, US caller
            "tel:+442079460958, +442079460958"
    })
    @DisplayName("P04 numbers in every provider's format become E.164")
    void e164_P04(String raw, String expected) {
        PhoneNumbers.Caller caller = numbers.caller(raw);
        assertThat(caller.e164()).isEqualTo(expected);
        assertThat(caller.withheld()).isFalse();
    }

    @org.junit.jupiter.api.Test
    @DisplayName("P04 a line listed in hub.telephony.lines, written in any format, is that product's own line; any other line names no product")
    void productOfLine_P04() {
        TelephonyProperties p = new TelephonyProperties();
        p.setTriageProduct("docmail");
        p.setLines(java.util.Map.of("020 7946 0958", "runmy"));
        assertThat(p.productOf("+442079460958", numbers)).isEqualTo("runmy");
        assertThat(p.productOf("+442079460999", numbers)).isNull();
        assertThat(p.productOf(null, numbers)).isNull();
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"anonymous", "Anonymous", "", "  ", "restricted", "+266696687", "client:alice"})
    @DisplayName("P04 a withheld or unusable caller id is a withheld caller with no number")
    void withheld_P04(String raw) {
        PhoneNumbers.Caller caller = numbers.caller(raw);
        assertThat(caller.withheld()).isTrue();
        assertThat(caller.e164()).isNull();
    }
}
