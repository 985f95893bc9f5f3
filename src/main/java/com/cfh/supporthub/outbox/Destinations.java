package com.cfh.supporthub.outbox;

import java.util.List;
import java.util.Set;

/**
 * The outbox's destinations (column {@code destination}) and its claim order (column {@code priority}):
 * which destination and priority a row of a given type gets when it is written (docs/outbox.md).
 */
public final class Destinations {

    /** Mail to customers (acknowledgements, replies, notices, links, feedback requests). */
    public static final String CUSTOMER_MAIL = "customer-mail";
    /** Staff-only mail (escalation notices, agent notifications): internal Message-IDs, no customer threading. */
    public static final String STAFF_MAIL = "staff-mail";
    /** The Jira mirror. */
    public static final String JIRA = "jira";

    public static final List<String> ALL = List.of(CUSTOMER_MAIL, STAFF_MAIL, JIRA);
    public static final List<String> MAIL = List.of(CUSTOMER_MAIL, STAFF_MAIL);

    /** Priority of a conversation (acknowledgement, reply): claimed before any notice (issue 15.3). */
    public static final int CONVERSATION = 0;
    /** Priority of everything else. */
    public static final int NOTICE = 1;

    private static final Set<String> STAFF_TYPES = Set.of("escalation.notice", "agent.notification");
    private static final Set<String> CONVERSATION_TYPES = Set.of("ticket.created", "reply.public");

    private Destinations() {
    }

    /** The destination of a mail row of this type. */
    public static String mailDestination(String type) {
        return STAFF_TYPES.contains(type) ? STAFF_MAIL : CUSTOMER_MAIL;
    }

    public static int priority(String type) {
        return CONVERSATION_TYPES.contains(type) ? CONVERSATION : NOTICE;
    }

    public static boolean isMail(String destination) {
        return MAIL.contains(destination);
    }
}
