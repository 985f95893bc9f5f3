package com.cfh.supporthub.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The access map ({@link AccessRules}, {@code routes/access.yaml}) as the API chain's authorization: the first rule
 * that matches a request decides, a request no rule matches is refused (401 anonymous, 403 with an account). An edit
 * of the file takes effect within {@link #RECHECK_NANOS} without a restart; a map that no longer reads leaves the
 * previous one in force and is logged. At start-up a map that does not read stops the start.
 */
public final class AccessMap implements AuthorizationManager<RequestAuthorizationContext> {

    private static final Logger LOG = LoggerFactory.getLogger(AccessMap.class);
    /** How often the file's modification time is looked at, at most (one stat per interval, not per request). */
    static final long RECHECK_NANOS = 2_000_000_000L;
    private static final AuthorizationDecision DENY = new AuthorizationDecision(false);
    private static final AuthorizationDecision ALLOW = new AuthorizationDecision(true);

    private record Entry(RequestMatcher matcher, AuthorizationManager<RequestAuthorizationContext> manager) {
    }

    private final Path file;
    private final RoleHierarchy hierarchy;
    private volatile List<Entry> entries;
    private volatile AccessRules rules;
    private volatile FileTime seen;
    private volatile long checkedAt = System.nanoTime();
    private volatile String problem;

    public AccessMap(Path file, RoleHierarchy hierarchy) {
        this.file = file;
        this.hierarchy = hierarchy;
        this.seen = modified();
        use(AccessRules.load(file));
    }

    public AccessRules rules() {
        return rules;
    }

    /** Why the file as it is now is not the map in force (an edit that does not read), or null. */
    public String problem() {
        return problem;
    }

    @Override
    @SuppressWarnings("deprecation")
    public AuthorizationDecision check(Supplier<Authentication> authentication, RequestAuthorizationContext context) {
        reloadIfChanged();
        for (Entry e : entries) {
            if (e.matcher().matches(context.getRequest())) {
                AuthorizationDecision d = e.manager().check(authentication, context);
                return d == null ? DENY : d;
            }
        }
        return DENY;
    }

    /** Reads the map again when the file changed since it was last read (looked at once per {@link #RECHECK_NANOS}). */
    void reloadIfChanged() {
        long now = System.nanoTime();
        if (now - checkedAt < RECHECK_NANOS) {
            return;
        }
        synchronized (this) {
            if (now - checkedAt < RECHECK_NANOS) {
                return;
            }
            checkedAt = now;
            FileTime modified = modified();
            if (modified == null || modified.equals(seen)) {
                return;
            }
            seen = modified;
            try {
                use(AccessRules.load(file));
                problem = null;
                LOG.info("Access map {} read again: {} rules in force", file, rules.rules().size());
            } catch (IllegalStateException ex) {
                problem = ex.getMessage();
                LOG.error("Access map {} changed but cannot be used; the previous map stays in force. {}", file,
                        ex.getMessage());
            }
        }
    }

    private void use(AccessRules loaded) {
        List<Entry> compiled = new ArrayList<>();
        for (AccessRules.Rule rule : loaded.rules()) {
            AuthorizationManager<RequestAuthorizationContext> manager = manager(rule.access());
            for (String path : rule.paths()) {
                if (rule.methods().isEmpty()) {
                    compiled.add(new Entry(PathPatternRequestMatcher.withDefaults().matcher(path), manager));
                } else {
                    for (HttpMethod method : rule.methods()) {
                        compiled.add(new Entry(PathPatternRequestMatcher.withDefaults().matcher(method, path), manager));
                    }
                }
            }
        }
        entries = List.copyOf(compiled);
        rules = loaded;
    }

    private AuthorizationManager<RequestAuthorizationContext> manager(AccessRules.Access access) {
        if (access == AccessRules.Access.PUBLIC) {
            return (a, c) -> ALLOW;
        }
        AuthorityAuthorizationManager<RequestAuthorizationContext> role = AuthorityAuthorizationManager.hasRole(access.name());
        role.setRoleHierarchy(hierarchy);
        return role;
    }

    private FileTime modified() {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException ex) {
            return null;
        }
    }
}
