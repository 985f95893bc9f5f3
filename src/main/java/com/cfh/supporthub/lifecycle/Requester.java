package com.cfh.supporthub.lifecycle;

import org.springframework.jdbc.core.JdbcTemplate;

/** The requester of a ticket as automatic mail needs it: address (null for a caller without one) and revocation. */
record Requester(String email, boolean revoked, String subject) {

    static Requester of(JdbcTemplate jdbc, long ticketId) {
        return jdbc.query("SELECT c.email, c.access_revoked_at, t.subject FROM ticket t JOIN contact c "
                + "ON c.id = t.requester_id WHERE t.id = ?", rs -> rs.next() ? new Requester(rs.getString(1),
                rs.getObject(2) != null, rs.getString(3)) : null, ticketId);
    }

    /** Whether an automatic mail can go to them: an address, and access not revoked (P18). */
    boolean mailable() {
        return email != null && !revoked;
    }
}
