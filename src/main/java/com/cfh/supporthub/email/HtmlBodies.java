package com.cfh.supporthub.email;

import java.util.Locale;
import java.util.Set;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * HTML bodies through jsoup: sanitised for display ({@link Safelist#relaxed()} plus {@code cid:}
 * images, no scripts, styles, event handlers or forms) and turned into readable plain text that
 * keeps paragraphs, line breaks, list items and quoted blocks ({@code > } prefixes).
 */
final class HtmlBodies {

    private static final Safelist SAFELIST = Safelist.relaxed()
            .addTags("hr", "center")
            .addProtocols("img", "src", "cid")
            .addEnforcedAttribute("a", "rel", "noopener noreferrer nofollow");

    private HtmlBodies() {
    }

    /** The body of the HTML, cleaned to the safelist, as an HTML fragment. */
    static String sanitize(String html) {
        return clean(html).body().html();
    }

    /** Readable text of the HTML (scripts, styles and other non-content dropped by the sanitiser). */
    static String toText(String html) {
        Document clean = clean(html);
        TextFormatter formatter = new TextFormatter();
        NodeTraversor.traverse(formatter, clean.body());
        return formatter.text();
    }

    private static Document clean(String html) {
        Document dirty = Jsoup.parse(html == null ? "" : html);
        Document clean = new Cleaner(SAFELIST).clean(dirty);
        clean.outputSettings().prettyPrint(false);
        return clean;
    }

    /** Builds text line by line; block elements end lines, paragraphs and headings add a blank line. */
    private static final class TextFormatter implements NodeVisitor {

        private static final Set<String> PARAGRAPHS = Set.of("p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul",
                "ol", "dl", "pre", "blockquote", "hr");
        private static final Set<String> LINES = Set.of("div", "tr", "li", "dt", "dd", "caption", "center");

        private final StringBuilder out = new StringBuilder();
        private boolean atLineStart = true;
        private int pendingNewlines;
        private int quoteDepth;
        private int preDepth;

        @Override
        public void head(Node node, int depth) {
            if (node instanceof TextNode textNode) {
                text(preDepth > 0 ? textNode.getWholeText() : textNode.text());
                return;
            }
            if (!(node instanceof Element element)) {
                return;
            }
            String tag = element.normalName();
            switch (tag) {
                case "br" -> {
                    if (out.length() > 0) {
                        pendingNewlines++; // <br><br> is a blank line
                    }
                }
                case "li" -> {
                    newline(1);
                    Element parent = element.parent();
                    boolean ordered = parent != null && parent.normalName().equals("ol");
                    text(ordered ? (element.elementSiblingIndex() + 1) + ". " : "- ");
                }
                case "td", "th" -> {
                    if (element.elementSiblingIndex() > 0) {
                        text("\t");
                    }
                }
                case "blockquote" -> {
                    newline(2);
                    quoteDepth++;
                }
                case "pre" -> {
                    newline(2);
                    preDepth++;
                }
                default -> {
                    if (PARAGRAPHS.contains(tag)) {
                        newline(2);
                    } else if (LINES.contains(tag)) {
                        newline(1);
                    }
                }
            }
        }

        @Override
        public void tail(Node node, int depth) {
            if (!(node instanceof Element element)) {
                return;
            }
            String tag = element.normalName();
            if (tag.equals("a")) {
                String href = element.attr("href").trim();
                String label = element.text().trim();
                String target = href.toLowerCase(Locale.ROOT).startsWith("mailto:") ? href.substring(7) : href;
                if ((href.startsWith("http://") || href.startsWith("https://") || href.startsWith("mailto:"))
                        && !target.equalsIgnoreCase(label) && !label.isEmpty()) {
                    text(" <" + target + ">");
                }
            } else if (tag.equals("blockquote")) {
                quoteDepth = Math.max(0, quoteDepth - 1);
                newline(2);
            } else if (tag.equals("pre")) {
                preDepth = Math.max(0, preDepth - 1);
                newline(2);
            } else if (PARAGRAPHS.contains(tag)) {
                newline(2);
            } else if (LINES.contains(tag)) {
                newline(1);
            }
        }

        private void newline(int count) {
            if (out.length() == 0) {
                return;
            }
            pendingNewlines = Math.max(pendingNewlines, count);
        }

        private void text(String raw) {
            String s = raw.replace('\u00A0', ' ');
            if (preDepth == 0 && (atLineStart || pendingNewlines > 0)) {
                s = s.stripLeading();
            }
            if (s.isEmpty()) {
                return;
            }
            if (pendingNewlines > 0) {
                for (int i = 0; i < pendingNewlines; i++) {
                    out.append('\n');
                }
                pendingNewlines = 0;
                atLineStart = true;
            }
            String[] lines = s.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (i > 0) {
                    out.append('\n');
                    atLineStart = true;
                }
                if (lines[i].isEmpty()) {
                    continue;
                }
                if (atLineStart) {
                    out.append("> ".repeat(quoteDepth));
                    atLineStart = false;
                }
                out.append(lines[i]);
            }
        }

        String text() {
            String[] lines = out.toString().split("\n", -1);
            StringBuilder sb = new StringBuilder();
            for (String line : lines) {
                sb.append(line.stripTrailing()).append('\n');
            }
            return sb.toString().replaceAll("\n{3,}", "\n\n").strip();
        }
    }
}
