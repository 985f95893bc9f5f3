package com.cfh.supporthub.ops;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Live routes (issue 17 item 1): adding, editing or removing a {@code *.camel.yaml} file in {@code hub.routes-dir}
 * takes effect at once, without a restart. Camel's own watcher ({@link RouteWatcherReloadStrategy}: the JDK
 * WatchService on the folder) tells which file changed; what a change does is decided here, per file:
 * <ul>
 * <li>Only the routes (and REST definitions) of that file are replaced; no other route is stopped. Camel's default
 * reload removes every route first (and with {@code routes-reload-remove-all-routes=false} it cannot remove a
 * deleted file's routes, and after one failure it keeps reloading the broken file with every later change).</li>
 * <li>A file that fails to load (bad YAML, unknown endpoint or bean, a duplicate route id) leaves its previous
 * version running: that version is loaded again from the text kept in memory. The failure is one WARN line, the
 * counter {@code hub.routes.reload.failures}, the gauge {@code hub.routes.reload.failing.files} and a detail of
 * the {@code routesReload} health component ({@link LiveRoutesHealth}) until a later version of the file loads.</li>
 * <li>Removing a file stops and removes its routes.</li>
 * <li>A blank file (an editor truncating before it writes) changes nothing.</li>
 * </ul>
 */
public class LiveRoutes extends RouteWatcherReloadStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(LiveRoutes.class);

    /** The pattern of the route files, as in {@code camel.main.routes-include-pattern}. */
    public static final String PATTERN = "*.camel.yaml";

    /** Why a file's latest version is not running. */
    public record Failure(String file, String error, Instant at) {
    }

    private final Path folder;
    private final Clock clock;
    private final Counter reloads;
    private final Counter failures;
    /** The text of each file's running version: what is loaded again when a new version fails. */
    private final Map<Path, String> running = new ConcurrentHashMap<>();
    private final Map<Path, Failure> failing = new ConcurrentHashMap<>();

    private Runnable afterChange = () -> { };

    /** Run after each change (under the same lock): LiveRoutesConfig drops the HTTP mappings of removed REST routes. */
    public void setAfterChange(Runnable afterChange) {
        this.afterChange = afterChange;
    }

    public LiveRoutes(String folder, MeterRegistry meters, Clock clock) {
        super(folder, false);
        setPattern(PATTERN);
        this.folder = Paths.get(folder).toAbsolutePath().normalize();
        this.clock = clock;
        setResourceReload((name, resource) -> onFileChanged(resource));
        this.reloads = Counter.builder("hub.routes.reloads")
                .description("Route files loaded again after a change (added, edited or removed)").register(meters);
        this.failures = Counter.builder("hub.routes.reload.failures")
                .description("Changed route files that failed to load; their previous version kept running").register(meters);
        Gauge.builder("hub.routes.reload.failing.files", failing, Map::size)
                .description("Route files whose latest version failed to load").register(meters);
    }

    public Path folder() {
        return folder;
    }

    /** The files whose latest version failed to load, by file name. */
    public Map<String, Failure> failing() {
        Map<String, Failure> answer = new TreeMap<>();
        failing.values().forEach(f -> answer.put(f.file(), f));
        return answer;
    }

    public long reloadCount() {
        return (long) reloads.count();
    }

    public long failureCount() {
        return (long) failures.count();
    }

    @Override
    protected void doStart() throws Exception {
        // the versions Camel loaded at start-up
        if (Files.isDirectory(folder)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, PATTERN)) {
                for (Path file : files) {
                    running.put(file.toAbsolutePath().normalize(), Files.readString(file));
                }
            }
        }
        super.doStart();
    }

    @Override
    protected String startupMessage(java.io.File dir) {
        return "Live routes: changes to " + PATTERN + " files in " + dir + " take effect without a restart";
    }

    /** Called by Camel's watcher thread for each created, modified or deleted file that matches {@link #PATTERN}. */
    void onFileChanged(Resource resource) {
        if (resource == null) {
            return; // a properties file: not watched here
        }
        Path file = pathOf(resource.getLocation());
        if (file == null) {
            return;
        }
        synchronized (this) {
            try {
                reload(file, resource.getLocation());
            } finally {
                afterChange.run();
            }
        }
    }

    private void reload(Path file, String location) {
        CamelContext camel = getCamelContext();
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        String content;
        try {
            content = Files.exists(file) ? Files.readString(file) : null;
        } catch (IOException e) {
            // removed or replaced between the event and the read: the next event tells what it is now
            LOG.debug("Route file {} could not be read yet: {}", file, e.toString());
            return;
        }
        if (content == null) {
            List<String> removed = removeRoutesOf(camel, model, file);
            running.remove(file);
            failing.remove(file);
            reloads.increment();
            LOG.info("Route file {} removed: routes {} stopped and removed", file.getFileName(), removed);
            return;
        }
        if (content.isBlank() || content.equals(running.get(file))) {
            return;
        }
        String previous = running.get(file);
        Map<String, Path> othersIds = routeIdsOfOtherFiles(model, file);
        Set<Path> clobbered = new HashSet<>();
        try {
            removeRoutesOf(camel, model, file);
            Set<String> ids = load(camel, location, content);
            for (String id : ids) {
                if (othersIds.containsKey(id)) {
                    clobbered.add(othersIds.get(id));
                }
            }
            if (!clobbered.isEmpty()) {
                throw new IllegalStateException("duplicate route id: " + ids.stream().filter(othersIds::containsKey)
                        .map(id -> id + " (also in " + othersIds.get(id).getFileName() + ")").toList());
            }
            running.put(file, content);
            failing.remove(file);
            reloads.increment();
            LOG.info("Route file {} loaded: routes {}", file.getFileName(), ids);
        } catch (Exception e) {
            failures.increment();
            String error = describe(e);
            failing.put(file, new Failure(file.getFileName().toString(), error, clock.instant()));
            // Camel's update replaces a route of the same id whatever file it came from: find every file it touched
            othersIds.forEach((id, other) -> {
                RouteDefinition now = model.getRouteDefinition(id);
                if (now == null || now.getResource() == null || !other.equals(pathOf(now.getResource().getLocation()))) {
                    clobbered.add(other);
                }
            });
            String outcome;
            try {
                removeRoutesOf(camel, model, file);
                if (previous != null) {
                    load(camel, location, previous);
                    outcome = "its previous version keeps running";
                } else {
                    outcome = "it had no previous version";
                }
                // Camel replaced the other files' routes of the same id: they come back as they were
                for (Path other : clobbered) {
                    if (running.containsKey(other)) {
                        removeRoutesOf(camel, model, other);
                        load(camel, "file:" + other, running.get(other));
                    }
                }
            } catch (Exception restore) {
                outcome = "its previous version could not be loaded again either: " + describe(restore);
            }
            LOG.warn("Route file {} failed to load, {}: {}", file.getFileName(), outcome, error);
        }
    }

    private static Map<String, Path> routeIdsOfOtherFiles(Model model, Path file) {
        Map<String, Path> ids = new HashMap<>();
        for (RouteDefinition definition : model.getRouteDefinitions()) {
            Path source = definition.getResource() == null ? null : pathOf(definition.getResource().getLocation());
            if (source != null && !source.equals(file) && !isRestApi(definition)) {
                ids.put(definition.getRouteId(), source);
            }
        }
        return ids;
    }

    private static Set<String> load(CamelContext camel, String location, String content) throws Exception {
        Resource resource = ResourceHelper.fromString(location, content);
        return PluginHelper.getRoutesLoader(camel).updateRoutes(List.of(resource));
    }

    /** Stops and removes the routes and REST definitions that came from this file, and only those. */
    private List<String> removeRoutesOf(CamelContext camel, Model model, Path file) {
        List<String> removed = new ArrayList<>();
        for (RouteDefinition definition : new ArrayList<>(model.getRouteDefinitions())) {
            if (definition.getResource() != null && file.equals(pathOf(definition.getResource().getLocation()))
                    && !isRestApi(definition)) {
                try {
                    model.removeRouteDefinition(definition);
                    removed.add(definition.getRouteId());
                } catch (Exception e) {
                    throw new IllegalStateException("Route " + definition.getRouteId() + " could not be removed: "
                            + describe(e), e);
                }
            }
        }
        for (Route route : new ArrayList<>(camel.getRoutes())) {
            Resource source = route.getSourceResource();
            if (source != null && file.equals(pathOf(source.getLocation())) && !removed.contains(route.getRouteId())
                    && !route.getEndpoint().getEndpointUri().startsWith("rest-api:")) {
                try {
                    camel.getRouteController().stopRoute(route.getRouteId());
                    camel.removeRoute(route.getRouteId());
                    removed.add(route.getRouteId());
                } catch (Exception e) {
                    throw new IllegalStateException("Route " + route.getRouteId() + " could not be removed: "
                            + describe(e), e);
                }
            }
        }
        model.getRestDefinitions().removeIf(rest -> rest.getResource() != null
                && file.equals(pathOf(rest.getResource().getLocation())));
        return removed;
    }

    /** The route serving the OpenAPI document belongs to no file: it stays whatever file first declared a REST path. */
    private static boolean isRestApi(RouteDefinition definition) {
        return definition.getInput() != null && definition.getInput().getEndpointUri() != null
                && definition.getInput().getEndpointUri().startsWith("rest-api:");
    }

    static Path pathOf(String location) {
        if (location == null || !location.startsWith("file:")) {
            return null;
        }
        String name = location.substring("file:".length());
        if (name.startsWith("//")) {
            name = name.substring(2);
        }
        return Paths.get(name).toAbsolutePath().normalize();
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && text.length() < 600; t = t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (text.indexOf(message) < 0) {
                if (!text.isEmpty()) {
                    text.append(" <- ");
                }
                text.append(message.replaceAll("\\s+", " ").strip());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return text.length() > 600 ? text.substring(0, 600) + "..." : text.toString();
    }
}
