package com.cfh.supporthub.portal;

import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The portal link the hub mailed to an address, read from the outbox as the customer would read their mail. */
public final class PortalLinks {

    private PortalLinks() {
    }

    /** The path of the newest portal link mailed to {@code email}: {@code /portal?token=...}. */
    public static String mailedLink(JdbcTemplate jdbc, ObjectMapper json, String email) throws Exception {
        for (String payload : jdbc.queryForList("SELECT payload FROM outbox WHERE event_type = 'mail.notice' ORDER BY id DESC",
                String.class)) {
            JsonNode mail = json.readTree(payload);
            String text = mail.get("text").asText();
            if (mail.get("to").get(0).asText().equals(email) && text.contains("/portal?token=")) {
                return text.substring(text.indexOf("/portal?token=")).split("\\s")[0];
            }
        }
        throw new AssertionError("no portal link mailed to " + email);
    }
}
