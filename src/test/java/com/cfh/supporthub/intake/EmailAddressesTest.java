package com.cfh.supporthub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressesTest {

    @ParameterizedTest
    @CsvSource({
            "ann@example.com, ann@example.com",
            "  Ann.Smith@Example.CO.UK , ann.smith@example.co.uk",
            "first+tag@sub.example.org, first+tag@sub.example.org",
            "o'brien@example.ie, o'brien@example.ie"})
    void acceptsPlainAddressesInCanonicalForm(String raw, String expected) {
        assertThat(EmailAddresses.normalize(raw)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "ann", "ann@", "@example.com", "ann@localhost", "ann@@example.com",
            "Ann <ann@example.com>", "a@b.com, c@d.com", "ann@example..com", "ann@.example.com", "ann@[127.0.0.1]",
            "ann example@example.com"})
    void refusesWhatIsNotOnePlainAddress(String raw) {
        assertThat(EmailAddresses.normalize(raw)).isEmpty();
    }
}
