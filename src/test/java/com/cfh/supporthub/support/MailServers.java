package com.cfh.supporthub.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * One GreenMail (real IMAP and SMTP servers, random ports) for every e-mail integration test of the
 * JVM, started before any Spring context that polls it (TRAPS.md), with the two product mailboxes.
 */
public final class MailServers {

    public static final String DOCMAIL = "dotpost@cfh.com";
    public static final String RUNMY = "customersupport@runmy.com";
    /** A second mailbox of Docmail (issue 17: several mailboxes per product). */
    public static final String DOCMAIL_BILLING = "billing@cfh.com";
    public static final String PASSWORD = "mailbox-secret";

    private static GreenMail greenMail;
    private static final java.util.Map<String, GreenMailUser> USERS = new java.util.HashMap<>();

    private MailServers() {
    }

    public static synchronized GreenMail greenMail() {
        if (greenMail == null) {
            GreenMail gm = new GreenMail(ServerSetup.dynamicPort(new ServerSetup[] {
                    new ServerSetup(3025, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                    new ServerSetup(3143, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)}));
            gm.start();
            for (String mailbox : new String[] {DOCMAIL, RUNMY, DOCMAIL_BILLING}) {
                USERS.put(mailbox, gm.setUser(mailbox, mailbox, PASSWORD));
            }
            greenMail = gm;
        }
        return greenMail;
    }

    public static int imapPort() {
        return greenMail().getImap().getPort();
    }

    public static int smtpPort() {
        return greenMail().getSmtp().getPort();
    }

    public static synchronized GreenMailUser user(String address) {
        greenMail();
        GreenMailUser user = USERS.get(address);
        if (user == null) {
            throw new IllegalArgumentException("no mailbox " + address);
        }
        return user;
    }

    /** Puts a message into a mailbox's INBOX, its bytes exactly as given (what the IMAP server then serves). */
    public static void deliver(String mailbox, byte[] raw) {
        try {
            user(mailbox).deliver(new RawMessage(raw));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static MailFolder folder(String mailbox, String name) {
        ImapHostManager host = greenMail().getManagers().getImapHostManager();
        try {
            return name.equals("INBOX") ? host.getInbox(user(mailbox)) : host.getFolder(user(mailbox), name);
        } catch (FolderException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Mail the SMTP server received for an address (its mailbox, created on first delivery). */
    public static java.util.List<MimeMessage> received(String address) {
        GreenMailUser user = greenMail().getManagers().getUserManager().getUserByEmail(address);
        if (user == null) {
            return java.util.List.of();
        }
        try {
            return greenMail().getManagers().getImapHostManager().getInbox(user).getMessages().stream()
                    .map(com.icegreen.greenmail.store.StoredMessage::getMimeMessage).toList();
        } catch (FolderException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bytes the IMAP server serves for a stored message (BODY[]). */
    public static byte[] served(com.icegreen.greenmail.store.StoredMessage m) {
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            m.getMimeMessage().writeTo(out);
            return out.toByteArray();
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A message whose serialised form is the original bytes, unchanged. */
    static final class RawMessage extends MimeMessage {
        private final byte[] raw;

        RawMessage(byte[] raw) throws MessagingException {
            super(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
            this.raw = raw;
        }

        @Override
        public void writeTo(OutputStream os) throws IOException {
            os.write(raw);
        }

        @Override
        public void writeTo(OutputStream os, String[] ignoreList) throws IOException {
            os.write(raw);
        }
    }
}
