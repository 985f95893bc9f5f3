package com.cfh.supporthub.pages;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

import com.cfh.supporthub.config.HubProperties;
import com.samskivert.mustache.Escapers;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;

/**
 * Every text a customer or agent reads, as a Mustache template in the folder {@code hub.templates-dir}
 * (issue 17 item 3): {@code default/<name>.mustache}, overridden per product by {@code <product>/<name>.mustache}.
 * Templates are read from disk and compiled once, and compiled again when the file (or a partial it includes)
 * changes on disk, so an edit takes effect without a rebuild or restart.
 *
 * <p>{@link #render} escapes HTML in every {@code {{value}}} (pages); {@link #renderText} escapes nothing (plain text);
 * {@link #mail} makes a plain-text mail of a template whose first line is {@code Subject: ...}. Every model also has
 * {@code product} (id, name, brand colours; absent for no product) and the helpers {@code {{#date}}},
 * {@code {{#dateTime}}}, {@code {{#dayDateTime}}} and {@code {{#time}}} that show an instant inside them for people, in
 * the product's time zone: {@code {{#dateTime}}{{createdAt}}{{/dateTime}}} gives "2 March 2026, 09:00 GMT",
 * {@code {{#dayDateTime}}} "Monday 2 March 2026, 09:00 GMT" (the mails' format). They are the hub's one formatter of
 * dates for people.
 * A null value renders as nothing; a name the model lacks is an error, so a typo in a template shows.
 */
@Component("templates")
public class Templates implements InitializingBean {

    public static final String SUFFIX = ".mustache";
    public static final String DEFAULT_SET = "default";
    private static final ZoneId FALLBACK_ZONE = ZoneId.of("Europe/London");

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm z", Locale.UK);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm z", Locale.UK);
    private static final DateTimeFormatter DAY_DATE_TIME = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm z", Locale.UK);
    private static final String SUBJECT = "Subject:";
    /** The first line of a page template that names the page's title. */
    private static final Pattern TITLE = Pattern.compile("\\s*Title:([^\\r\\n]*)\\R");

    /** A mail rendered from a template: its subject line and its plain-text body. */
    public record Mail(String subject, String text) {
    }

    /**
     * The five characters HTML gives meaning to in text and quoted attributes (as Spring's HtmlUtils); the templates
     * quote every attribute, so {@code =} and {@code `} stay readable in links.
     */
    private static final Mustache.Escaper HTML = Escapers.simple(new String[][] {{"&", "&amp;"}, {"'", "&#39;"},
            {"\"", "&quot;"}, {"<", "&lt;"}, {">", "&gt;"}});
    /** Modification time recorded for a product override that did not exist when a template was compiled. */
    private static final FileTime ABSENT = FileTime.fromMillis(-1);

    private record Key(String name, String product, boolean html) {
    }

    /** A compiled template and the modification time of every file it was compiled from. */
    private record Compiled(Template template, Map<Path, FileTime> files) {
    }

    private final Path dir;
    private final HubProperties hub;
    private final Mustache.Compiler html;
    private final Mustache.Compiler text;
    private final Map<Key, Compiled> cache = new ConcurrentHashMap<>();

    public Templates(@Value("${hub.templates-dir:templates}") String dir, HubProperties hub) {
        this.dir = Path.of(dir).toAbsolutePath().normalize();
        this.hub = hub;
        this.html = Mustache.compiler().withEscaper(HTML).nullValue("");
        this.text = Mustache.compiler().escapeHTML(false).nullValue("");
    }

    /** Fails the start when the folder or its default set is missing, or when any template does not compile. */
    @Override
    public void afterPropertiesSet() {
        Path defaults = dir.resolve(DEFAULT_SET);
        if (!Files.isDirectory(defaults)) {
            throw new IllegalStateException("hub.templates-dir: no folder " + defaults
                    + " (start the hub from the project folder or set HUB_TEMPLATES_DIR).");
        }
        for (String set : sets()) {
            for (String name : names(set)) {
                compiled(name, DEFAULT_SET.equals(set) ? null : set, true);
            }
        }
    }

    /** The page {@code name} for {@code product} (null: the default set), every value HTML-escaped. */
    public String render(String name, String product, Map<String, ?> model) {
        return compiled(name, product, true).template().execute(context(product, model));
    }

    /** The same without escaping: plain text such as a mail body. */
    public String renderText(String name, String product, Map<String, ?> model) {
        return compiled(name, product, false).template().execute(context(product, model));
    }

    /**
     * A plain-text mail: template {@code name} rendered without escaping, whose first line is {@code Subject: ...}
     * and the rest, after a blank line, the body. Leading and trailing blank lines of the body are dropped, runs of
     * more than one blank line become one (a line of only spaces counts as blank), and the body ends with one line
     * break.
     */
    public Mail mail(String name, String product, Map<String, ?> model) {
        String rendered = renderText(name, product, model).replace("\r\n", "\n").stripLeading();
        int end = rendered.indexOf('\n');
        String first = end < 0 ? rendered : rendered.substring(0, end);
        if (!first.regionMatches(true, 0, SUBJECT, 0, SUBJECT.length())) {
            throw new IllegalStateException("template " + file(name, product) + ": a mail template starts with a line "
                    + "\"Subject: ...\"");
        }
        String subject = first.substring(SUBJECT.length()).strip().replaceAll("\\s+", " ");
        String body = end < 0 ? "" : rendered.substring(end + 1);
        body = body.replaceAll("(?m)^[ \t]+$", "").replaceAll("\n{3,}", "\n\n").strip();
        return new Mail(subject, body + "\n");
    }

    /** A sentence or two on one line (the promise of an acknowledgement): the template's line breaks become spaces. */
    public String line(String name, String product, Map<String, ?> model) {
        return renderText(name, product, model).strip().replaceAll("\\s+", " ");
    }

    /**
     * A whole page: template {@code name} rendered, then placed as {@code content} (with {@code title}) in the
     * template {@code layout}, which holds the document head, the product's header and its styles. A page template
     * that starts with a line {@code Title: ...} names its own title (the page's {@code <h1>} and {@code <title>});
     * {@code title} is the title of a template without one.
     */
    public String page(String name, String product, String title, Map<String, ?> model) {
        String content = render(name, product, model);
        Matcher own = TITLE.matcher(content);
        if (own.lookingAt()) {
            title = HtmlUtils.htmlUnescape(own.group(1).strip());
            content = content.substring(own.end());
        }
        Map<String, Object> outer = new HashMap<>(model);
        outer.put("content", content);
        outer.put("title", title);
        return render("layout", product, outer);
    }

    /** The file a name resolves to for a product: its override if there is one, else the default set's. */
    public Path file(String name, String product) {
        return file(name, product, new HashMap<>());
    }

    /** As {@link #file(String, String)}; an override that does not exist is noted as absent, so adding one shows. */
    private Path file(String name, String product, Map<Path, FileTime> files) {
        if (!name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("template name " + name);
        }
        if (product != null && hub.product(product).isPresent()) {
            Path own = dir.resolve(product).resolve(name + SUFFIX);
            if (Files.isRegularFile(own)) {
                return own;
            }
            files.put(own, ABSENT);
        }
        Path fallback = dir.resolve(DEFAULT_SET).resolve(name + SUFFIX);
        if (!Files.isRegularFile(fallback)) {
            throw new IllegalStateException("no template " + fallback);
        }
        return fallback;
    }

    /** Names of the templates of one set ({@code default} or a product id). */
    public List<String> names(String set) {
        Path folder = dir.resolve(set);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(SUFFIX))
                    .map(n -> n.substring(0, n.length() - SUFFIX.length())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> sets() {
        return Stream.concat(Stream.of(DEFAULT_SET), hub.getProducts().keySet().stream()).toList();
    }

    private Compiled compiled(String name, String product, boolean escapeHtml) {
        String set = product != null && hub.product(product).isPresent() ? product : null;
        Key key = new Key(name, set, escapeHtml);
        Compiled known = cache.get(key);
        if (known != null && unchanged(known)) {
            return known;
        }
        Compiled fresh = compile(name, set, escapeHtml);
        cache.put(key, fresh);
        return fresh;
    }

    private static boolean unchanged(Compiled compiled) {
        for (Map.Entry<Path, FileTime> f : compiled.files().entrySet()) {
            if (!f.getValue().equals(modified(f.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private Compiled compile(String name, String product, boolean escapeHtml) {
        Map<Path, FileTime> files = new LinkedHashMap<>();
        Mustache.Compiler compiler = (escapeHtml ? html : text).withLoader(partial -> read(file(partial, product, files), files));
        Path main = file(name, product, files);
        try (Reader source = read(main, files)) {
            return new Compiled(compiler.compile(source), files);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MustacheException e) {
            throw new IllegalStateException("template " + main + ": " + e.getMessage(), e);
        }
    }

    private static Reader read(Path file, Map<Path, FileTime> files) {
        try {
            FileTime time = modified(file);
            String source = Files.readString(file, StandardCharsets.UTF_8);
            files.put(file, time);
            return new StringReader(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return ABSENT; // not there (removed, or an override not written yet)
        }
    }

    private Map<String, Object> context(String product, Map<String, ?> model) {
        Map<String, Object> context = new HashMap<>(model);
        HubProperties.Product p = product == null ? null : hub.product(product).orElse(null);
        ZoneId zone = p == null ? FALLBACK_ZONE : p.getTimeZone();
        if (p != null && !context.containsKey("product")) {
            context.put("product", Map.of("id", product, "name", p.getName(), "brand", p.getBrand(),
                    "timeZone", zone.getId()));
        }
        context.put("date", instantLambda(DATE.withZone(zone)));
        context.put("dateTime", instantLambda(DATE_TIME.withZone(zone)));
        context.put("time", instantLambda(TIME.withZone(zone)));
        context.put("dayDateTime", instantLambda(DAY_DATE_TIME.withZone(zone)));
        return context;
    }

    /** Formats the instant its section renders to (ISO-8601, as {@code Instant.toString()}); empty stays empty. */
    private static Mustache.Lambda instantLambda(DateTimeFormatter format) {
        return (fragment, out) -> {
            String raw = fragment.execute().strip();
            if (raw.isEmpty()) {
                return;
            }
            try {
                out.write(format.format(Instant.parse(raw)));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not an instant in a date section: " + raw, e);
            }
        };
    }

    /** JSON that is safe inside a {@code <script>} element or a script file: no {@code <}, {@code >} or {@code &} as such. */
    public static String scriptJson(String json) {
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
    }

    /** For people, outside a template: an instant in a product's time zone, as {@code {{#dateTime}}} shows it. */
    public String dateTime(Instant instant, String product) {
        ZoneId zone = hub.product(product).map(HubProperties.Product::getTimeZone).orElse(FALLBACK_ZONE);
        return instant == null ? "" : DATE_TIME.withZone(zone).format(instant);
    }
}
