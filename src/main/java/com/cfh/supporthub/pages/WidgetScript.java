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
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code GET /widget.js} (P05, issue 18 item 3): the embeddable widget ({@code classpath:pages/widget.js}) with each
 * product's name, colours (from {@code hub.products}) and words (the template {@code widget} of
 * {@code hub.templates-dir}, a JSON object per product; issue 17 item 3) written into it, so a product's site needs one
 * request and no further call to show the form. Public, cacheable, with an ETag of its content; an edit of the
 * template shows in the next script served (the words are rendered at each request, the script rebuilt when they
 * change).
 */
@Component("widgetScript")
public class WidgetScript {

    static final String PLACEHOLDER = "/*PRODUCTS*/{}";

    /** The script as last built, for the words it was built with. */
    private record Built(String words, String script, String etag) {
    }

    private final HubProperties hub;
    private final Templates templates;
    private final ObjectMapper json;
    private final String source;
    private volatile Built built;

    public WidgetScript(HubProperties hub, Templates templates, ObjectMapper json) {
        this.hub = hub;
        this.templates = templates;
        this.json = json;
        try (InputStream in = WidgetScript.class.getResourceAsStream("/pages/widget.js")) {
            if (in == null) {
                throw new IllegalStateException("classpath:pages/widget.js is missing");
            }
            this.source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!source.contains(PLACEHOLDER)) {
            throw new IllegalStateException("pages/widget.js has no " + PLACEHOLDER);
        }
        current(); // a template that is not a JSON object stops the start
    }

    public String script() {
        return current().script();
    }

    public String etag() {
        return current().etag();
    }

    /** The script for the words the templates give now: rebuilt only when they changed. */
    private Built current() {
        Map<String, Object> words = new LinkedHashMap<>();
        hub.getProducts().keySet().forEach(id -> words.put(id, words(id)));
        String key;
        try {
            key = json.writeValueAsString(words);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Built last = built;
        if (last != null && last.words().equals(key)) {
            return last;
        }
        Map<String, Map<String, Object>> products = new LinkedHashMap<>();
        hub.getProducts().forEach((id, p) -> products.put(id, Map.of("name", p.getName(),
                "primaryColour", p.getBrand().getPrimaryColour(), "onPrimaryColour", p.getBrand().getOnPrimaryColour(),
                "text", words.get(id))));
        String script;
        try {
            script = source.replace(PLACEHOLDER, Templates.scriptJson(json.writeValueAsString(products)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Built fresh = new Built(key, script, "\"" + sha256(script).substring(0, 32) + "\"");
        built = fresh;
        return fresh;
    }

    /** The words of one product's widget: the template {@code widget}, which must be a JSON object. */
    private JsonNode words(String product) {
        String text = templates.renderText("widget", product, Map.of());
        try {
            JsonNode node = json.readTree(text);
            if (node == null || !node.isObject()) {
                throw new IllegalStateException("template " + templates.file("widget", product) + " is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("template " + templates.file("widget", product) + " is not JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** Whether the client's If-None-Match already names this script (the route then answers 304). */
    public boolean unchanged(@org.apache.camel.Header("If-None-Match") String ifNoneMatch) {
        String etag = etag();
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
