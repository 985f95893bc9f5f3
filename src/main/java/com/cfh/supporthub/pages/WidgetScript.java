package com.cfh.supporthub.pages;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.stereotype.Component;

import com.cfh.supporthub.config.HubProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code GET /widget.js} (P05, issue 18 item 3): the embeddable widget ({@code classpath:pages/widget.js}) with each
 * product's name and colours from {@code hub.products} written into it, so a product's site needs one request and
 * no further call to show the form. Built once; public, cacheable, with an ETag of its content.
 */
@Component("widgetScript")
public class WidgetScript {

    static final String PLACEHOLDER = "/*PRODUCTS*/{}";

    private final String script;
    private final String etag;

    public WidgetScript(HubProperties hub, ObjectMapper json) {
        Map<String, Map<String, String>> products = new LinkedHashMap<>();
        hub.getProducts().forEach((id, p) -> products.put(id, Map.of("name", p.getName(),
                "primaryColour", p.getBrand().getPrimaryColour(), "onPrimaryColour", p.getBrand().getOnPrimaryColour())));
        String source;
        try (InputStream in = WidgetScript.class.getResourceAsStream("/pages/widget.js")) {
            if (in == null) {
                throw new IllegalStateException("classpath:pages/widget.js is missing");
            }
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!source.contains(PLACEHOLDER)) {
            throw new IllegalStateException("pages/widget.js has no " + PLACEHOLDER);
        }
        try {
            this.script = source.replace(PLACEHOLDER, Templates.scriptJson(json.writeValueAsString(products)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        this.etag = "\"" + sha256(script).substring(0, 32) + "\"";
    }

    public String script() {
        return script;
    }

    public String etag() {
        return etag;
    }

    /** Whether the client's If-None-Match already names this script (the route then answers 304). */
    public boolean unchanged(@org.apache.camel.Header("If-None-Match") String ifNoneMatch) {
        return ifNoneMatch != null && (ifNoneMatch.contains(etag) || ifNoneMatch.strip().equals("*"));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
