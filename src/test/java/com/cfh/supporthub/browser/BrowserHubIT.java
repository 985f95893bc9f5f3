package com.cfh.supporthub.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import com.cfh.supporthub.lifecycle.LifecycleHubIT;

/**
 * Base of the browser tests (issue 18 item 5): the whole hub on its random port, as every {@code HubIT}, and one
 * headless Chromium per test class. Each test opens pages as a person would, checks stored rows, keeps screenshots
 * at 390 and 1280 px in {@code target/screenshots/}, and runs axe-core on every page it shows.
 */
abstract class BrowserHubIT extends LifecycleHubIT {

    static Chromium browser;

    @BeforeAll
    static void startBrowser() throws IOException {
        browser = Chromium.start();
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    protected String hub() {
        return "http://127.0.0.1:" + port;
    }

    /** Screenshots at both widths, then no serious accessibility violation and no error in the browser's console. */
    protected void checkPage(String name) throws IOException {
        browser.screenshots(name);
        assertThat(browser.seriousViolations()).as("axe-core: serious or critical violations on " + name).isEmpty();
        assertThat(browser.consoleErrors()).as("console errors on " + name).isEmpty();
    }
}
