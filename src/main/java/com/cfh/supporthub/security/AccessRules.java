package com.cfh.supporthub.security;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.http.HttpMethod;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The access map beside the routes (issue 17 item 4): which role each API path needs, in
 * {@code routes/access.yaml} (property {@code hub.security.access-rules}), so that an integration engineer who
 * adds a REST route declares its role without Java. The first rule that matches a request decides; a path no rule
 * names is closed to everyone ({@link SecurityConfig}). A map that cannot be read refuses the start, naming the
 * file, the rule and what is wrong.
 *
 * <pre>
 * rules:
 *   - paths: [/api/v1/widget/**]
 *     methods: [OPTIONS, POST]     # optional: every method when absent
 *     access: public               # public | AGENT | MANAGER | ADMIN
 * </pre>
 */
public final class AccessRules {

    /** Who may call a path: nobody needs an account, or the role (each role includes the ones below it). */
    public enum Access {
        PUBLIC, AGENT, MANAGER, ADMIN;

        static Access of(String value) {
            if (value != null) {
                for (Access a : values()) {
                    if (a.name().equalsIgnoreCase(value.strip())) {
                        return a;
                    }
                }
            }
            return null;
        }
    }

    /**
     * One rule of the map.
     *
     * @param paths   path patterns (Spring's PathPattern syntax: {@code *} one segment, {@code **} the rest)
     * @param methods the HTTP methods it covers; empty: every method
     * @param access  who may call them
     */
    public record Rule(List<String> paths, List<HttpMethod> methods, Access access) {
    }

    private static final Set<String> KEYS = Set.of("paths", "methods", "access");

    private final Path file;
    private final List<Rule> rules;

    private AccessRules(Path file, List<Rule> rules) {
        this.file = file;
        this.rules = List.copyOf(rules);
    }

    public Path file() {
        return file;
    }

    public List<Rule> rules() {
        return rules;
    }

    /** Reads and checks the map; every problem found is listed in one {@link IllegalStateException}. */
    public static AccessRules load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException ex) {
            throw new IllegalStateException("Access map " + file.toAbsolutePath() + " does not exist: every API path "
                    + "would be closed. Put access.yaml beside the routes or set hub.security.access-rules (docs/routes.md).");
        } catch (IOException ex) {
            throw new IllegalStateException("Access map " + file.toAbsolutePath() + " cannot be read: " + ex.getMessage(), ex);
        }
        return parse(file, text);
    }

    static AccessRules parse(Path file, String text) {
        Object root;
        try (Reader reader = new java.io.StringReader(text)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        } catch (YAMLException | IOException ex) {
            throw new IllegalStateException("Access map " + file + " is not valid YAML: " + ex.getMessage(), ex);
        }
        List<String> problems = new ArrayList<>();
        List<Rule> rules = new ArrayList<>();
        Object list = root instanceof Map<?, ?> map ? map.get("rules") : null;
        if (!(list instanceof List<?> entries) || entries.isEmpty()) {
            throw new IllegalStateException("Access map " + file + " must be a map with a non-empty list 'rules' "
                    + "(each: paths, optional methods, access).");
        }
        if (root instanceof Map<?, ?> map && map.size() > 1) {
            problems.add("unknown top-level keys " + map.keySet().stream().filter(k -> !"rules".equals(k)).toList()
                    + " (only 'rules')");
        }
        int index = 0;
        for (Object entry : entries) {
            index++;
            String where = "rule " + index;
            if (!(entry instanceof Map<?, ?> rule)) {
                problems.add(where + ": is not a map with paths, methods and access");
                continue;
            }
            for (Object key : rule.keySet()) {
                if (!KEYS.contains(String.valueOf(key))) {
                    problems.add(where + ": unknown key '" + key + "' (allowed: paths, methods, access)");
                }
            }
            List<String> paths = strings(rule.get("paths"));
            if (paths == null || paths.isEmpty()) {
                problems.add(where + ": 'paths' must be a path or a non-empty list of paths");
                paths = List.of();
            }
            for (String path : paths) {
                if (!path.startsWith("/")) {
                    problems.add(where + ": path '" + path + "' must start with /");
                } else if (path.contains("**") && !path.endsWith("/**")) {
                    problems.add(where + ": path '" + path + "' may have ** only as its last segment");
                }
            }
            List<HttpMethod> methods = new ArrayList<>();
            if (rule.containsKey("methods")) {
                List<String> names = strings(rule.get("methods"));
                if (names == null || names.isEmpty()) {
                    problems.add(where + ": 'methods' must be a method or a non-empty list of methods");
                } else {
                    for (String name : names) {
                        HttpMethod method = method(name);
                        if (method == null) {
                            problems.add(where + ": '" + name + "' is not an HTTP method (GET, HEAD, POST, PUT, PATCH, "
                                    + "DELETE, OPTIONS)");
                        } else {
                            methods.add(method);
                        }
                    }
                }
            }
            Object accessValue = rule.get("access");
            Access access = accessValue instanceof String s ? Access.of(s) : null;
            if (access == null) {
                problems.add(where + ": access '" + accessValue + "' is not one of public, AGENT, MANAGER, ADMIN");
            }
            rules.add(new Rule(paths, methods, access));
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Access map " + file + " is invalid: " + String.join("; ", problems) + ".");
        }
        return new AccessRules(file, rules);
    }

    private static List<String> strings(Object value) {
        if (value instanceof String s) {
            return s.isBlank() ? null : List.of(s.strip());
        }
        if (value instanceof List<?> list) {
            Set<String> out = new LinkedHashSet<>();
            for (Object o : list) {
                if (!(o instanceof String s) || s.isBlank()) {
                    return null;
                }
                out.add(s.strip());
            }
            return List.copyOf(out);
        }
        return null;
    }

    private static HttpMethod method(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return switch (upper) {
            case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS" -> HttpMethod.valueOf(upper);
            default -> null;
        };
    }
}
