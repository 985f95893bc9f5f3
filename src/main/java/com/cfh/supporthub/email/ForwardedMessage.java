package com.cfh.supporthub.email;

import java.time.Instant;

/**
 * A {@code message/rfc822} part of a message (a forward, a digest entry, the returned message of a
 * bounce). Its bytes are in the attachment of the same {@code fileName}.
 */
public record ForwardedMessage(String fileName, String subject, MailAddress from, Instant date, String messageId) {
}
