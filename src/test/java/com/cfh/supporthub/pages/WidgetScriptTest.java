package com.cfh.supporthub.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The widget's words (P05, issue 17 item 3): each product's object from the template {@code widget} travels inside
 * /widget.js as {@code product.text}; a product's override and an edit on disk change the script and its ETag
 * without a restart; a template that is not a JSON object is refused, naming the file.
 */
class WidgetScriptTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The PRODUCTS object written into the script. */
    private static JsonNode products(WidgetScript script) throws IOException {
        String s = script.script();
        int at = s.indexOf("var PRODUCTS = ") + "var PRODUCTS = ".length();
        return JSON.readTree(s.substring(at, s.indexOf(";\n", at)));
    }

    @Test
    @DisplayName("P05: the shipped words are in the script per product, with the product's name; the script uses no literal text of its own")
    void shippedWordsPerProduct_P05() throws IOException {
        WidgetScript script = new WidgetScript(TemplatesTest.hub(), TemplatesTest.shipped(), JSON);
        JsonNode products = products(script);
        assertThat(products.at("/runmy/text/title").asText()).isEqualTo("Ask RunMy support");
        assertThat(products.at("/tokyo/text/title").asText()).isEqualTo("Ask Tokyo Desk support");
        assertThat(products.at("/runmy/text/labels/email").asText()).isEqualTo("Your e-mail address");
        assertThat(products.at("/runmy/text/rateLimitedSeconds").asText()).contains("{seconds}");
        assertThat(products.at("/runmy/text/received").asText()).isEqualTo("Thank you, we have your question.");
        assertThat(script.script()).doesNotContain("'Send question'").doesNotContain("'Ask another question'")
                .doesNotContain("Thank you, we have your question.');");
    }

    @Test
    @DisplayName("issue 17.3: a product's widget words override the default; an edit on disk changes the script and its ETag; broken JSON is refused")
    void overrideEditAndBrokenJson(@TempDir Path dir) throws IOException {
        TemplatesTest.write(dir.resolve("default/widget.mustache"), "{\"title\": \"Ask {{product.name}}\"}");
        TemplatesTest.write(dir.resolve("tokyo/widget.mustache"), "{\"title\": \"{{product.name}} に質問\"}");
        Templates templates = new Templates(dir.toString(), TemplatesTest.hub());
        templates.afterPropertiesSet();
        WidgetScript script = new WidgetScript(TemplatesTest.hub(), templates, JSON);
        assertThat(products(script).at("/runmy/text/title").asText()).isEqualTo("Ask RunMy");
        assertThat(products(script).at("/tokyo/text/title").asText()).isEqualTo("Tokyo Desk に質問");
        String etag = script.etag();
        assertThat(script.unchanged(etag)).isTrue();

        Path file = dir.resolve("default/widget.mustache");
        TemplatesTest.write(file, "{\"title\": \"Questions for {{product.name}}\"}");
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 2000));
        assertThat(products(script).at("/runmy/text/title").asText()).isEqualTo("Questions for RunMy");
        assertThat(script.etag()).isNotEqualTo(etag);
        assertThat(script.unchanged(etag)).isFalse();

        TemplatesTest.write(file, "title: not json");
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 4000));
        assertThatThrownBy(script::script).hasMessageContaining("widget.mustache");
    }
}
