package com.cfh.supporthub.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import com.cfh.supporthub.config.HubProperties;

/**
 * The body limit of the other public endpoints that take a body (Jira's webhook, the feedback link, the
 * customer API): read up to {@code hub.web.max-body-bytes} and kept raw for the route (413 problem+json
 * above it), so nobody can make the hub hold an unbounded body and every route decodes the same bytes
 * by the declared charset ({@link RequestBodies}). The widget and telephony guards do the same with
 * their own limits.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class PublicBodyGuard extends OncePerRequestFilter {

    private static final String[] PATHS = {"/api/v1/jira/webhook", "/api/v1/feedback/", "/api/v1/customer/"};

    private final HubProperties properties;
    private final ProblemWriter problems;

    public PublicBodyGuard(HubProperties properties, ProblemWriter problems) {
        this.properties = properties;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        if (!HttpMethod.POST.matches(request.getMethod()) && !HttpMethod.PUT.matches(request.getMethod())
                && !HttpMethod.PATCH.matches(request.getMethod())) {
            return true;
        }
        String uri = request.getRequestURI();
        for (String path : PATHS) {
            if (uri.startsWith(path)) {
                return false;
            }
        }
        return true;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        BufferedRequest.continueWith(request, response, chain, properties.getWeb().getMaxBodyBytes(), problems);
    }
}
