package com.cfh.supporthub.browser;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

import com.sun.net.httpserver.HttpServer;

/**
 * A product's own web site for the widget's browser test (issue 18 item 3): {@code GET /help?hub=<hub origin>} is
 * a help page that embeds the hub's {@code widget.js} for RunMy, as a customer's site would, from an origin of its
 * own ({@code http://127.0.0.1:<port>}), so the widget's requests are cross-origin and CORS is exercised for real.
 *
 * <p>Started as a JUnit launcher session listener ({@code META-INF/services}), i.e. before any Spring context: its
 * origin is added to RunMy's allowed widget origins through {@code HUB_RUNMY_WIDGET_ORIGINS}, which
 * {@code application.yaml} reads, the way an operator configures a product's site.
 */
public class TestSite implements LauncherSessionListener {

    public static final String ORIGIN_PROPERTY = "hub.test.site-origin";
    private static HttpServer server;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (server != null) {
            return;
        }
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/help", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            String hub = query == null || !query.startsWith("hub=") ? "" : URLDecoder.decode(query.substring(4),
                    StandardCharsets.UTF_8);
            byte[] page;
            try (InputStream in = TestSite.class.getResourceAsStream("/browser/runmy-help.html")) {
                page = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                        .replace("{{hub}}", hub.replaceAll("[^A-Za-z0-9:/.\\-]", "")).getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            }
        });
        server.start();
        String origin = "http://127.0.0.1:" + server.getAddress().getPort();
        System.setProperty(ORIGIN_PROPERTY, origin);
        if (System.getProperty("HUB_RUNMY_WIDGET_ORIGINS") == null && System.getenv("HUB_RUNMY_WIDGET_ORIGINS") == null) {
            System.setProperty("HUB_RUNMY_WIDGET_ORIGINS",
                    "https://www.runmy.com,https://app.runmy.com,https://help.runmy.com," + origin);
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** The site's help page embedding the widget of the hub at {@code hubOrigin}. */
    public static String helpPage(String hubOrigin) {
        String origin = System.getProperty(ORIGIN_PROPERTY);
        if (origin == null) {
            throw new IllegalStateException("TestSite did not start (META-INF/services/...LauncherSessionListener)");
        }
        return origin + "/help?hub=" + hubOrigin;
    }
}
