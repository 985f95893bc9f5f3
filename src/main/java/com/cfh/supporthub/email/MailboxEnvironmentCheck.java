package com.cfh.supporthub.email;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.stereotype.Component;

import com.cfh.supporthub.config.HubProperties;

/**
 * Environment variables that look like mailbox settings but that nothing reads (issue 17): reported at start-up,
 * one warning each, with the name that would work. A variable counts as read when the configuration refers to it
 * ({@code ${HUB_DOCMAIL_MAILBOX_HOST:}} in application.yaml) or when it is the environment form Spring Boot binds
 * itself: {@code HUB_PRODUCTS_<ID>_MAILBOX_<KEY>} and {@code HUB_PRODUCTS_<ID>_MAILBOXES_<NAME>_<KEY>} for a
 * configured product, {@code <KEY>} one of the mailbox keys without dashes (POLLINTERVAL, PARKEDFOLDER, ...).
 * So {@code HUB_ACME_MAILBOX_HOST} for a product {@code acme} added by configuration, or
 * {@code HUB_PRODUCTS_ACME_MAILBOX_POLL_INTERVAL}, are no longer silently ignored.
 */
@Component
public class MailboxEnvironmentCheck implements InitializingBean {

    private static final Logger LOG = LoggerFactory.getLogger(MailboxEnvironmentCheck.class);

    /** The mailbox keys in their environment form (Spring Boot: upper case, dashes removed). */
    static final Set<String> KEYS = Set.of("PROTOCOL", "HOST", "PORT", "USERNAME", "PASSWORD", "FOLDER", "POLLINTERVAL",
            "PROCESSEDFOLDER", "PARKEDFOLDER", "MAXMESSAGESPERPOLL");
    private static final Pattern LOOKS_LIKE_MAILBOX = Pattern.compile("HUB_.*MAILBOX.*");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(HUB_[A-Z0-9_]+)");
    private static final Pattern RELAXED = Pattern.compile("HUB_PRODUCTS_([A-Z0-9]+)_MAILBOX(?:ES_([A-Z0-9]+))?_([A-Z0-9]+)");

    private final ConfigurableEnvironment environment;
    private final HubProperties hub;

    public MailboxEnvironmentCheck(ConfigurableEnvironment environment, HubProperties hub) {
        this.environment = environment;
        this.hub = hub;
    }

    @Override
    public void afterPropertiesSet() {
        for (String problem : problems()) {
            LOG.warn(problem);
        }
    }

    /** One sentence per environment variable that looks like a mailbox setting and is not read. */
    public List<String> problems() {
        Set<String> referenced = referencedVariables();
        Set<String> products = new LinkedHashSet<>();
        hub.getProducts().keySet().forEach(id -> products.add(id.toUpperCase(Locale.ROOT))); // an id with '-' has no env form
        List<String> problems = new ArrayList<>();
        for (String name : environmentVariables()) {
            if (!LOOKS_LIKE_MAILBOX.matcher(name).matches() || referenced.contains(name)) {
                continue;
            }
            Matcher m = RELAXED.matcher(name);
            if (m.matches() && products.contains(m.group(1)) && KEYS.contains(m.group(3))) {
                continue;
            }
            problems.add(name + " looks like a mailbox setting but the hub does not read it. " + hint(name, products));
        }
        return problems;
    }

    private static String hint(String name, Set<String> products) {
        Matcher relaxed = RELAXED.matcher(name);
        if (relaxed.matches() && !products.contains(relaxed.group(1))) {
            return "No product '" + relaxed.group(1).toLowerCase(Locale.ROOT) + "' is configured (hub.products).";
        }
        Matcher m = Pattern.compile("HUB_(?:PRODUCTS_)?([A-Z0-9]+)_MAILBOX(?:ES_([A-Z0-9]+))?_(.+)").matcher(name);
        if (!m.matches()) {
            return "Mailbox variables are HUB_PRODUCTS_<ID>_MAILBOX_<KEY> or HUB_PRODUCTS_<ID>_MAILBOXES_<NAME>_<KEY> "
                    + "(docs/email.md).";
        }
        String key = m.group(3).replace("_", "");
        String box = m.group(2) == null ? "_MAILBOX_" : "_MAILBOXES_" + m.group(2) + "_";
        if (!KEYS.contains(key)) {
            return "The mailbox keys are " + new TreeSet<>(KEYS) + " (docs/email.md).";
        }
        return "Use HUB_PRODUCTS_" + m.group(1) + box + key + " (docs/email.md).";
    }

    /** The names of the environment variables, as Spring sees them. */
    private Set<String> environmentVariables() {
        PropertySource<?> source = environment.getPropertySources()
                .get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        return source instanceof EnumerablePropertySource<?> variables ? new TreeSet<>(List.of(variables.getPropertyNames()))
                : Set.of();
    }

    /** Every HUB_* variable a property value refers to as ${HUB_...}. */
    private Set<String> referencedVariables() {
        Set<String> names = new LinkedHashSet<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (!(source instanceof EnumerablePropertySource<?> enumerable)
                    || StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME.equals(source.getName())) {
                continue;
            }
            for (String property : enumerable.getPropertyNames()) {
                Object value = enumerable.getProperty(property);
                if (value != null) {
                    Matcher m = REFERENCE.matcher(value.toString());
                    while (m.find()) {
                        names.add(m.group(1));
                    }
                }
            }
        }
        return names;
    }
}
