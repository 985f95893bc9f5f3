package com.cfh.supporthub.intake;

/**
 * A person named by a channel: the requester or a participant. At least one of e-mail and phone is
 * given, except for a withheld caller.
 */
public record Party(String name, String email, String phone) {

    public static Party ofEmail(String name, String email) {
        return new Party(name, email, null);
    }
}
