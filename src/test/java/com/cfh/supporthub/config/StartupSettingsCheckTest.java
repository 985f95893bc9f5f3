package com.cfh.supporthub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

import com.cfh.supporthub.SupportHubApplication;
import com.cfh.supporthub.config.StartupSettingsCheck.InvalidSettingsException;

/** Issue 17 item 7 (P15): a bad admin account setting stops the start before the database or Camel start. */
@ExtendWith(OutputCaptureExtension.class)
class StartupSettingsCheckTest {

    @Test
    @DisplayName("P15 a short admin password is refused before the database is opened, in one report")
    void shortPasswordStopsTheStartBeforeTheDatabase(@TempDir Path dir, CapturedOutput output) {
        Path dataDir = dir.resolve("data");
        assertThatThrownBy(() -> new SpringApplicationBuilder(SupportHubApplication.class)
                .run("--hub.data-dir=" + dataDir, "--server.port=0",
                        "--hub.security.admin-username=admin", "--hub.security.admin-password=short"))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("HUB_ADMIN_PASSWORD (hub.security.admin-password) has 5 characters; it needs at least 12");
        // HSQLDB creates its files under hub.data-dir as soon as the DataSource opens: it never did.
        assertThat(Files.exists(dataDir)).isFalse();
        assertThat(output.getOut() + output.getErr())
                .contains("APPLICATION FAILED TO START")
                .contains("The hub's settings have 1 problem(s)");
    }

    @Test
    @DisplayName("P15 every admin account problem is listed, a missing password too")
    void everyProblemIsListed() {
        assertThat(StartupSettingsCheck.problems(new MockEnvironment()
                .withProperty("hub.security.admin-username", "admin")))
                .singleElement().asString().contains("HUB_ADMIN_PASSWORD (hub.security.admin-password) is missing");
        assertThat(StartupSettingsCheck.problems(new MockEnvironment()
                .withProperty("hub.security.admin-password", "tiny")))
                .hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("HUB_ADMIN_USERNAME (hub.security.admin-username) is missing"))
                .anySatisfy(p -> assertThat(p).contains("has 4 characters"));
        assertThat(StartupSettingsCheck.problems(new MockEnvironment())).isEmpty();
        assertThat(StartupSettingsCheck.problems(new MockEnvironment()
                .withProperty("hub.security.admin-password", "tiny")
                .withProperty("hub.sla.scan.cron", "every minute")
                .withProperty("hub.email.raw-copies.expiry-cron", "0 45 2 * * ?")))
                .hasSize(3)
                .anySatisfy(p -> assertThat(p).contains("hub.sla.scan.cron is not a Quartz cron expression")
                        .contains("\"every minute\""));
        assertThat(StartupSettingsCheck.problems(new MockEnvironment()
                .withProperty("hub.security.admin-username", "admin")
                .withProperty("hub.security.admin-password", "twelve-chars"))).isEmpty();
    }
}
