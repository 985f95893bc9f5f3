package com.cfh.supporthub.email;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** HTML bodies through jsoup (P03): safe for display, readable as text. */
class HtmlBodiesTest {

    @Test
    void keepsParagraphsLineBreaksAndListItems_P03() {
        String html = "<html><head><title>t</title></head><body><h1>Order</h1><p>Line one<br>line two</p>"
                + "<div>Block</div><ol><li>first</li><li>second</li></ol><ul><li>dot</li></ul>"
                + "<table><tr><td>a</td><td>b</td></tr></table><p>See <a href=\"https://docmail.co.uk/x\">the portal</a>"
                + " or <a href=\"mailto:dotpost@cfh.com\">dotpost@cfh.com</a>&nbsp;now.</p></body></html>";
        assertThat(HtmlBodies.toText(html)).isEqualTo("Order\n\nLine one\nline two\n\nBlock\n\n1. first\n2. second\n\n"
                + "- dot\n\na\tb\n\nSee the portal <https://docmail.co.uk/x> or dotpost@cfh.com now.");
    }

    @Test
    void dropsScriptsStylesAndHandlers_P03() {
        String html = "<style>.x{}</style><script>alert(1)</script><p style=\"color:red\" onmouseover=\"x()\">Hi"
                + "<img src=\"https://t.example/pixel.gif\" onerror=\"y()\"><a href=\"javascript:z()\">link</a></p>";
        assertThat(HtmlBodies.sanitize(html)).isEqualTo("<p>Hi<img src=\"https://t.example/pixel.gif\"><a"
                + " rel=\"noopener noreferrer nofollow\">link</a></p>");
        assertThat(HtmlBodies.toText(html)).isEqualTo("Hilink");
    }

    @Test
    void quotesBlockquotesAndKeepsPreformattedText_P03() {
        String html = "<p>Answer</p><blockquote>Question<blockquote>older</blockquote></blockquote><pre>  a\n  b</pre>";
        assertThat(HtmlBodies.toText(html)).isEqualTo("Answer\n\n> Question\n\n> > older\n\n  a\n  b");
    }
}
