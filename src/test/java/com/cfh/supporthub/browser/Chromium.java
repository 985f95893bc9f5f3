package com.cfh.supporthub.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Debian's headless {@code chromium}, driven by Selenium through {@code chromium-driver} (issue 18 item 5), with
 * the flags this closed network needs and a fresh profile per browser. Screenshots at 390 and 1280 CSS pixels go to
 * {@code target/screenshots/}; axe-core (npm, {@code browser/node_modules}) checks a page for accessibility.
 *
 * <p>Without {@code /usr/bin/chromium}, {@code /usr/bin/chromedriver} or axe-core the browser tests are skipped
 * with a message saying what to install, except under CI ({@code CI=true}), where they fail: {@code .ci/run}
 * installs all three.
 */
public final class Chromium implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final Path AXE = Path.of("browser/node_modules/axe-core/axe.min.js");
    static final Path SCREENSHOTS = Path.of("target/screenshots");
    public static final int PHONE = 390;
    public static final int DESKTOP = 1280;

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ChromeDriver driver;
    private final Path profile;

    private Chromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts a browser, or skips the calling test class when the tools are missing (fails instead under CI). */
    public static Chromium start() throws IOException {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(BINARY)) {
            missing.add(BINARY + " (apt-get install chromium)");
        }
        if (!Files.isExecutable(DRIVER)) {
            missing.add(DRIVER + " (apt-get install chromium-driver)");
        }
        if (!Files.isRegularFile(AXE)) {
            missing.add(AXE + " (npm ci --prefix browser)");
        }
        if (!missing.isEmpty()) {
            String message = "Browser tests need " + String.join(", ", missing) + "; .ci/run installs them.";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(message);
            }
            Assumptions.abort(message);
        }
        Path profile = Files.createTempDirectory("hub-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=" + DESKTOP + ",900",
                "--lang=en-GB");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return new Chromium(driver, profile);
    }

    public ChromeDriver driver() {
        return driver;
    }

    public WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    public void open(String url) {
        width(DESKTOP);
        driver.get(url);
    }

    /** The viewport as a phone (390 px, touch, the page's viewport meta applies) or a desktop (1280 px). */
    public void width(int width) {
        metrics(width, 900);
    }

    /** Sets the viewport and returns once the page has laid itself out again (two animation frames later). */
    private void metrics(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", width < 600));
        driver.executeAsyncScript("var done = arguments[arguments.length - 1];"
                + "requestAnimationFrame(function () { requestAnimationFrame(function () { done(true); }); });");
    }

    /** A full-page PNG at this width: {@code target/screenshots/<name>-<width>.png}. */
    public Path screenshot(String name, int width) throws IOException {
        width(width);
        Number height = (Number) driver.executeScript("return Math.ceil(Math.max(document.documentElement.scrollHeight,"
                + " document.body ? document.body.scrollHeight : 0));");
        int h = Math.max(300, Math.min(6000, height.intValue()));
        metrics(width, h);
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true));
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name + "-" + width + ".png");
        Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
        width(width);
        return file;
    }

    /** Screenshots at both widths; the viewport is left at the desktop width. */
    public void screenshots(String name) throws IOException {
        screenshot(name, PHONE);
        screenshot(name, DESKTOP);
    }

    /** axe-core's violations of impact serious or critical on the current page (WCAG 2.1 A and AA rules and best practices). */
    public List<String> seriousViolations() throws IOException {
        driver.executeScript(Files.readString(AXE));
        Object result = ((JavascriptExecutor) driver).executeAsyncScript("var done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']}).then(function (r) { done(JSON.stringify(r.violations)); })"
                + ".catch(function (e) { done('ERROR ' + e); });");
        String text = String.valueOf(result);
        assertThat(text).as("axe-core ran").doesNotStartWith("ERROR");
        List<String> serious = new ArrayList<>();
        for (JsonNode v : JSON.readTree(text)) {
            String impact = v.path("impact").asText();
            if (impact.equals("serious") || impact.equals("critical")) {
                List<String> where = new ArrayList<>();
                v.path("nodes").forEach(n -> where.add(n.path("target").toString() + " " + n.path("failureSummary").asText()));
                serious.add(impact + " " + v.path("id").asText() + ": " + v.path("help").asText() + " " + where);
            }
        }
        return serious;
    }

    /** Messages the page logged at SEVERE (script errors, Content-Security-Policy refusals, failed loads). */
    public List<String> consoleErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(e.getMessage());
            }
        }
        return errors;
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }
}
