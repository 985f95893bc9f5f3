package com.cfh.supporthub.pages;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorViewResolver;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.View;

import com.cfh.supporthub.web.Problem;
import com.cfh.supporthub.web.ProblemException;
import com.cfh.supporthub.web.ProblemResponder;
import com.cfh.supporthub.web.ProblemWriter;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Errors a browser sees are pages, API clients keep problem+json (issue 18 item 4). A request whose
 * {@code Accept} names {@code text/html} (a browser following a link or posting a form) gets the template
 * {@code error} with the problem's status, title, detail and field errors; {@code fetch()} and API clients
 * (no {@code text/html} in {@code Accept}) get the RFC 9457 body unchanged. Used by the page routes'
 * {@code page-error-handling} configuration, by the pages' security chain (401, 403) and, as Spring Boot's
 * {@link ErrorViewResolver}, for errors outside Camel (an unknown path).
 */
@Component("errorPages")
public class ErrorPages implements ErrorViewResolver {

    /** Exchange property a page route sets to the product whose colours its error pages wear. */
    public static final String PRODUCT = "hubProduct";
    /** Exchange property holding the request's Accept header, for errors raised after the headers were removed. */
    public static final String ACCEPT = "hubAccept";
    /** Exchange property a portal route sets, so its 401 page offers a new link and its 403 speaks of revoked access. */
    public static final String PORTAL = "hubPortal";
    private static final String PREFIX = "urn:support-hub:problem:";
    /** Problem types the template {@code error} words itself; any other shows its title and detail. */
    private static final java.util.Set<String> WORDED = java.util.Set.of("unauthenticated", "forbidden", "not-found",
            "link-expired", "conflict", "invalid-field", "rate-limited", "unavailable", "malformed-request",
            "unsupported-media-type", "payload-too-large", "internal-error");

    private final Templates templates;
    private final ProblemResponder problems;
    private final ProblemWriter writer;
    private final ObjectMapper json;
    private final String contentSecurityPolicy;

    public ErrorPages(Templates templates, ProblemResponder problems, ProblemWriter writer, ObjectMapper json,
                      @Value("${hub.pages.content-security-policy}") String contentSecurityPolicy) {
        this.templates = templates;
        this.problems = problems;
        this.writer = writer;
        this.json = json;
        this.contentSecurityPolicy = contentSecurityPolicy;
    }

    /** Whether the client asked for HTML: browsers do for links and forms; {@code fetch()} sends {@code *}{@code /*}. */
    public static boolean wantsHtml(String accept) {
        return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("text/html");
    }

    /** The error handler of the page routes: problem+json as the API's, then HTML for browsers. */
    public void respond(Exchange exchange) throws IOException {
        String accept = exchange.getMessage().getHeader("Accept", String.class);
        if (accept == null) {
            accept = exchange.getProperty(ACCEPT, String.class);
        }
        String product = exchange.getProperty(PRODUCT, String.class);
        boolean portal = exchange.getProperty(PORTAL) != null;
        problems.respond(exchange);
        if (!wantsHtml(accept)) {
            return;
        }
        Message out = exchange.getMessage();
        Problem problem = json.readValue(out.getBody(String.class), Problem.class);
        out.setHeader(Exchange.CONTENT_TYPE, "text/html; charset=utf-8");
        out.setHeader("Content-Security-Policy", contentSecurityPolicy);
        out.setHeader("Referrer-Policy", "no-referrer");
        out.setBody(page(problem, product, portal, out.getHeader("Retry-After", String.class)));
    }

    /** The error page of a problem; {@code product} chooses colours and wording (null: the default set). */
    public String page(Problem problem, String product, boolean portal, String retryAfter) {
        String slug = problem.type() != null && problem.type().startsWith(PREFIX) ? problem.type().substring(PREFIX.length())
                : "error";
        slug = WORDED.contains(slug) ? slug : "error";
        Map<String, Object> model = new HashMap<>();
        model.put("status", problem.status());
        model.put("problemTitle", problem.title());
        model.put("detail", problem.detail());
        model.put("errors", problem.errors() == null ? List.of() : problem.errors());
        model.put("is", Map.of(slug, Boolean.TRUE));
        model.put("retryAfter", retryAfter);
        model.put("portal", portal);
        model.put("ownHeading", true);
        return templates.page("error", product, problem.title(), model);
    }

    // ----------------------------------------------------------- outside Camel: Spring Security and Spring MVC

    /** 401 of the pages' security chain: the Basic challenge, with a page for browsers. */
    public void unauthenticated(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        response.setHeader("WWW-Authenticate", "Basic realm=\"support-hub\"");
        write(request, response, new ProblemException(Problem.of(401, "unauthenticated", "Sign in needed",
                "This page needs an agent account with the manager role.")));
    }

    /** 403 of the pages' security chain. */
    public void forbidden(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        write(request, response, ProblemException.forbidden("Your account's role does not allow this page."));
    }

    private void write(HttpServletRequest request, HttpServletResponse response, ProblemException e) throws IOException {
        if (!wantsHtml(request.getHeader("Accept")) || response.isCommitted()) {
            writer.write(request, response, e);
            return;
        }
        response.resetBuffer();
        response.setStatus(e.status());
        response.setContentType("text/html;charset=UTF-8");
        response.getOutputStream().write(page(e.problem(), null, false, null).getBytes(StandardCharsets.UTF_8));
    }

    /** Spring Boot's error page for browsers (errors outside Camel, e.g. a path nothing serves). */
    @Override
    public ModelAndView resolveErrorView(HttpServletRequest request, HttpStatus status, Map<String, Object> model) {
        String detail = status == HttpStatus.NOT_FOUND ? "There is no page at this address." : status.getReasonPhrase() + ".";
        Problem problem = Problem.of(status.value(), status == HttpStatus.NOT_FOUND ? "not-found" : "error",
                status.getReasonPhrase(), detail);
        String html = page(problem, null, false, null);
        View view = new View() {
            @Override
            public String getContentType() {
                return "text/html;charset=UTF-8";
            }

            @Override
            public void render(Map<String, ?> ignored, HttpServletRequest req, HttpServletResponse res) throws IOException {
                res.setContentType(getContentType());
                res.setHeader("Content-Security-Policy", contentSecurityPolicy);
                res.getOutputStream().write(html.getBytes(StandardCharsets.UTF_8));
            }
        };
        ModelAndView page = new ModelAndView(view);
        page.setStatus(status);
        return page;
    }
}
