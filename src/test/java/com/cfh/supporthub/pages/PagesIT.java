package com.cfh.supporthub.pages;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import com.cfh.supporthub.support.HubHttp.Reply;
import com.cfh.supporthub.support.HubIT;

/**
 * What every page shares, through real HTTP (issue 18 items 3 and 4): widget.js public and cacheable, the product
 * colours' style sheet, and errors outside any route as pages for browsers while API clients keep their JSON.
 */
class PagesIT extends HubIT {

    static final String HTML = "text/html,application/xhtml+xml,*/*;q=0.8";

    @Test
    @DisplayName("P05: widget.js is public, cacheable with an ETag (304 when unchanged), carries the products' names and colours, sets no cookie")
    void widgetScriptIsPublicAndCacheable_P05() {
        Reply script = http.send(http.get("/widget.js"));
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.contentType()).startsWith("text/javascript");
        assertThat(script.header("Cache-Control")).isEqualTo("public, max-age=3600");
        assertThat(script.header("ETag")).matches("\"[0-9a-f]{32}\"");
        assertThat(script.raw().headers().allValues("Set-Cookie")).isEmpty();
        assertThat(script.body()).contains("\"runmy\":{").contains("\"name\":\"RunMy\"").contains("#0b6e4f")
                .contains("Idempotency-Key").contains("credentials: 'omit'").doesNotContain("/*PRODUCTS*/")
                .as("the widget's words from templates/default/widget.mustache").contains("\"title\":\"Ask RunMy support\"");
        Reply again = http.send(http.get("/widget.js").header("If-None-Match", script.header("ETag")));
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    @DisplayName("A product's colours are a style sheet; an unknown product is a 404")
    void brandStyleSheet() {
        Reply css = http.send(http.get("/brand/docmail.css"));
        assertThat(css.status()).isEqualTo(200);
        assertThat(css.contentType()).startsWith("text/css");
        assertThat(css.body()).contains("--brand: #1f4e79;");
        assertThat(http.send(http.get("/brand/nope.css")).status()).isEqualTo(404);
        Reply pagesCss = http.send(http.get("/assets/pages.css"));
        assertThat(pagesCss.status()).isEqualTo(200);
        assertThat(pagesCss.header("Cache-Control")).contains("max-age=3600");
    }

    @Test
    @DisplayName("A path nothing serves is a page for a browser and JSON for an API client")
    void unknownPathIsAPageForBrowsers() {
        Reply page = http.send(http.get("/portal/nowhere/at/all").header("Accept", HTML));
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("<h1 id=\"what\">Not found</h1>").contains("There is no page at this address.");
        Reply api = http.send(http.get("/portal/nowhere/at/all").header("Accept", "application/json"));
        assertThat(api.status()).isEqualTo(404);
        assertThat(api.contentType()).doesNotStartWith("text/html");
    }
}
