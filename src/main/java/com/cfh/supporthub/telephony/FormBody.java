package com.cfh.supporthub.telephony;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code application/x-www-form-urlencoded} body: names and values in the order sent, repeats
 * kept, each percent-decoded as UTF-8 ({@code +} is a space). Values may contain any character
 * once decoded (a transcription with {@code &} arrives as {@code %26}).
 */
public record FormBody(List<Map.Entry<String, String>> fields) {

    public static FormBody parse(String body) {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        if (body != null && !body.isEmpty()) {
            for (String pair : body.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                fields.add(Map.entry(name, value));
            }
        }
        return new FormBody(List.copyOf(fields));
    }

    /** The first value of each name (later repeats ignored), in order. */
    public Map<String, String> first() {
        Map<String, String> first = new LinkedHashMap<>();
        fields.forEach(f -> first.putIfAbsent(f.getKey(), f.getValue()));
        return first;
    }

    /** Every value of a name, in order. */
    public List<String> all(String name) {
        return fields.stream().filter(f -> f.getKey().equals(name)).map(Map.Entry::getValue).toList();
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a form-urlencoded body: " + e.getMessage(), e);
        }
    }
}
