package com.cfh.supporthub.email;

/**
 * One mailbox named in a header: the decoded display name (may be null) and the address as written
 * (may be null when a header names a person without an address).
 */
public record MailAddress(String name, String address) {
}
