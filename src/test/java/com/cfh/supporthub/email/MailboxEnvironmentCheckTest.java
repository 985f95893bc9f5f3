package com.cfh.supporthub.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

import com.cfh.supporthub.config.HubProperties;

/** Issue 17: environment variables that look like mailbox settings and that nothing reads are reported. */
class MailboxEnvironmentCheckTest {

    @Test
    @DisplayName("P03 issue 17: HUB_<PRODUCT>_MAILBOX_* of a product added by configuration is reported with the name that works")
    void unreadMailboxVariablesReported_P03() throws Exception {
        StandardEnvironment environment = new StandardEnvironment();
        // the shipped application.yaml: it refers to HUB_DOCMAIL_MAILBOX_HOST and the other Docmail and RunMy names
        new YamlPropertySourceLoader().load("application.yaml", new ClassPathResource("application.yaml"))
                .forEach(environment.getPropertySources()::addLast);
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
                        "HUB_DOCMAIL_MAILBOX_HOST", "imap.example.com",
                        "HUB_RUNMY_MAILBOX_POLL_INTERVAL", "10s",
                        "HUB_PRODUCTS_ACME_MAILBOX_HOST", "imap.acme.example",
                        "HUB_PRODUCTS_ACME_MAILBOXES_BILLING_USERNAME", "billing@acme.example",
                        "HUB_ACME_MAILBOX_PASSWORD", "secret",
                        "HUB_PRODUCTS_ACME_MAILBOX_POLL_INTERVAL", "10s",
                        "HUB_PRODUCTS_ACMEE_MAILBOX_HOST", "typo.example",
                        "HUB_SMTP_HOST", "smtp.example.com",
                        "PATH", "/usr/bin")));
        HubProperties hub = new HubProperties();
        for (String id : new String[] {"docmail", "runmy", "acme"}) {
            hub.getProducts().put(id, new HubProperties.Product());
        }

        assertThat(new MailboxEnvironmentCheck(environment, hub).problems()).containsExactly(
                "HUB_ACME_MAILBOX_PASSWORD looks like a mailbox setting but the hub does not read it. "
                        + "Use HUB_PRODUCTS_ACME_MAILBOX_PASSWORD (docs/email.md).",
                "HUB_PRODUCTS_ACMEE_MAILBOX_HOST looks like a mailbox setting but the hub does not read it. "
                        + "No product 'acmee' is configured (hub.products).",
                "HUB_PRODUCTS_ACME_MAILBOX_POLL_INTERVAL looks like a mailbox setting but the hub does not read it. "
                        + "Use HUB_PRODUCTS_ACME_MAILBOX_POLLINTERVAL (docs/email.md).");
    }
}
