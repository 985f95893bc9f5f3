package com.cfh.supporthub.jira;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plain text as an Atlassian Document Format document (Jira Cloud REST v3): one paragraph per block
 * of text between blank lines, line breaks inside a block as hardBreak nodes. ADF allows no empty
 * text node, so empty lines and an empty text produce none.
 */
final class Adf {

    private Adf() {
    }

    static Map<String, Object> of(String text) {
        List<Object> paragraphs = new ArrayList<>();
        String normalised = text == null ? "" : text.replace("\r\n", "\n").replace('\r', '\n');
        for (String block : normalised.split("\n\\s*\n")) {
            List<Object> inline = new ArrayList<>();
            for (String line : block.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                if (!inline.isEmpty()) {
                    inline.add(Map.of("type", "hardBreak"));
                }
                inline.add(Map.of("type", "text", "text", line));
            }
            if (!inline.isEmpty()) {
                paragraphs.add(Map.of("type", "paragraph", "content", inline));
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("type", "doc");
        doc.put("version", 1);
        doc.put("content", paragraphs);
        return doc;
    }
}
