package com.cfh.supporthub.intake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of what an envelope asks for, to tell a retried request from a reused Idempotency-Key. */
final class RequestHash {

    private RequestHash() {
    }

    static String of(TicketIntake intake) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {intake.product(), intake.requester().email(), intake.requester().phone(),
                    intake.subject(), intake.body()}) {
                digest.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
