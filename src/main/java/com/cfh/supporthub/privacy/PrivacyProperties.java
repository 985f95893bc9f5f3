package com.cfh.supporthub.privacy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code hub.privacy.*}: what PII redaction removes (P14). Each pattern has a kind (its key, shown in the
 * marker and the audit trail), a regular expression, an optional check that a match must pass (a Luhn
 * check for card numbers, the ISO 13616 mod-97 check for IBANs) and an optional named group: when the
 * expression has a group of that name only the group is replaced (the password after "password:").
 */
@ConfigurationProperties(prefix = "hub.privacy")
public class PrivacyProperties {

    /** Replacement of a removed value; %s is the kind. */
    private String marker = "[REDACTED:%s]";
    /** Patterns in the order they are applied. */
    private Map<String, Rule> patterns = new LinkedHashMap<>();

    public enum Check {
        NONE, LUHN, IBAN
    }

    public static class Rule {
        private String pattern;
        private Check check = Check.NONE;
        private String group;
        private boolean enabled = true;

        public String getPattern() { return pattern; }
        public void setPattern(String pattern) { this.pattern = pattern; }
        public Check getCheck() { return check; }
        public void setCheck(Check check) { this.check = check; }
        public String getGroup() { return group; }
        public void setGroup(String group) { this.group = group; }
        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
    }

    public String getMarker() { return marker; }
    public void setMarker(String marker) { this.marker = marker; }
    public Map<String, Rule> getPatterns() { return patterns; }
    public void setPatterns(Map<String, Rule> patterns) { this.patterns = patterns; }
}
