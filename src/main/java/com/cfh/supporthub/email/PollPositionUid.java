package com.cfh.supporthub.email;

import jakarta.mail.Message;

import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.component.mail.MailUidGenerator;
import org.springframework.stereotype.Component;

/**
 * The id Camel's mail consumer tells the messages of one poll apart by: folder and message number,
 * known without a server round trip. Camel's default reads each message's Message-ID header from
 * the server first, one round trip per message before any work starts. The real duplicate guard is
 * {@code mail_intake} (docs/email.md), not this id.
 */
@Component("mailUidGenerator")
public class PollPositionUid implements MailUidGenerator {

    @Override
    public String generateUuid(MailEndpoint endpoint, Message message) {
        return (message.getFolder() == null ? "" : message.getFolder().getFullName()) + "#" + message.getMessageNumber();
    }
}
