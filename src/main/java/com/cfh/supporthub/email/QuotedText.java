package com.cfh.supporthub.email;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Removes the quoted history from a reply's text, conservatively: only a trailing block of
 * {@code >} lines, an {@code On <date>, <name> wrote:} line followed only by {@code >} lines, or
 * everything from an Outlook {@code -----Original Message-----} separator or {@code From: / Sent:}
 * header block on. Interleaved answers are kept; when nothing new would remain the text is kept whole.
 */
final class QuotedText {

    private static final Pattern ON_WROTE = Pattern.compile("(?is)^\\s*On\\s.{4,300}\\swrote:\\s*$");
    private static final Pattern ORIGINAL_MESSAGE = Pattern.compile(
            "(?i)^\\s*-{2,}\\s*(Original Message|Message d'origine|Urspr\u00fcngliche Nachricht)\\s*-{2,}\\s*$");
    private static final Pattern OUTLOOK_FROM = Pattern.compile("(?i)^\\s*\\*?From:\\*?\\s+\\S.*$");
    private static final Pattern OUTLOOK_SENT = Pattern.compile("(?i)^\\s*\\*?Sent:\\*?\\s+\\S.*$");
    private static final Pattern UNDERSCORES = Pattern.compile("^\\s*_{10,}\\s*$");

    private QuotedText() {
    }

    static String trim(String text) {
        if (text == null || text.isBlank()) {
            return text == null ? "" : text;
        }
        List<String> lines = Arrays.asList(text.split("\n", -1));
        int cut = lines.size();

        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (ORIGINAL_MESSAGE.matcher(line).matches()) {
                cut = i;
                break;
            }
            if (OUTLOOK_FROM.matcher(line).matches() && sentFollows(lines, i)) {
                cut = i > 0 && UNDERSCORES.matcher(lines.get(i - 1)).matches() ? i - 1 : i;
                break;
            }
            int wroteEnd = wroteHeaderEnd(lines, i);
            if (wroteEnd >= 0 && onlyQuotedAfter(lines, wroteEnd + 1)) {
                cut = i;
                break;
            }
        }

        // a trailing block of quoted lines (and blank lines) with nothing new after it
        int end = cut;
        int firstQuoted = -1;
        for (int i = cut - 1; i >= 0; i--) {
            String line = lines.get(i).strip();
            if (line.startsWith(">")) {
                firstQuoted = i;
            } else if (!line.isEmpty()) {
                break;
            }
        }
        if (firstQuoted >= 0) {
            end = firstQuoted;
            // an attribution ("On ... wrote:", one or two lines) directly above the quoted block
            int above = end - 1;
            while (above >= 0 && lines.get(above).isBlank()) {
                above--;
            }
            if (above >= 0 && wroteHeaderEnd(lines, above) == above) {
                end = above;
            } else if (above >= 1 && wroteHeaderEnd(lines, above - 1) == above) {
                end = above - 1;
            }
        }

        String kept = String.join("\n", lines.subList(0, end)).replaceFirst("^(?:[ \\t]*\\n)+", "").stripTrailing();
        return kept.isBlank() ? text : kept;
    }

    /** Index of the last line of an "On ... wrote:" attribution starting at {@code i} (one or two lines), else -1. */
    private static int wroteHeaderEnd(List<String> lines, int i) {
        if (i < 0 || i >= lines.size() || !lines.get(i).stripLeading().startsWith("On ")) {
            return -1;
        }
        if (ON_WROTE.matcher(lines.get(i)).matches()) {
            return i;
        }
        if (i + 1 < lines.size() && ON_WROTE.matcher(lines.get(i) + " " + lines.get(i + 1)).matches()) {
            return i + 1;
        }
        return -1;
    }

    private static boolean onlyQuotedAfter(List<String> lines, int from) {
        boolean anyQuoted = false;
        for (int i = from; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            if (!line.startsWith(">")) {
                return false;
            }
            anyQuoted = true;
        }
        return anyQuoted;
    }

    private static boolean sentFollows(List<String> lines, int fromLine) {
        for (int j = fromLine + 1; j < Math.min(lines.size(), fromLine + 4); j++) {
            if (OUTLOOK_SENT.matcher(lines.get(j)).matches()) {
                return true;
            }
        }
        return false;
    }
}
