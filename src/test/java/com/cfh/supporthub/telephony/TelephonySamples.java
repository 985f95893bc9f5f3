package com.cfh.supporthub.telephony;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The corpus payloads of ../shared/corpus/telephony, copied byte for byte to src/test/resources/telephony. */
final class TelephonySamples {

    private TelephonySamples() {
    }

    static String sample(String name) {
        try (InputStream in = TelephonySamples.class.getResourceAsStream("/telephony/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
