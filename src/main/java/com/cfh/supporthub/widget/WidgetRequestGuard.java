package com.cfh.supporthub.widget;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import com.cfh.supporthub.config.HubProperties;
import com.cfh.supporthub.web.BufferedRequest;
import com.cfh.supporthub.web.ProblemException;
import com.cfh.supporthub.web.ProblemWriter;

import io.github.bucket4j.ConsumptionProbe;

/**
 * Transport limits of the public widget endpoint (P05), applied before the body is read:
 * a per-client rate limit ({@link WidgetRateLimits}, shared by every node on PostgreSQL; 429 with
 * {@code Retry-After}) and a body size limit (413), both as
 * problem+json. The body (with or without {@code Content-Length}) is read up to the limit and kept
 * raw for the route, which decodes it by its declared charset.
 */
@Component
public class WidgetRequestGuard extends OncePerRequestFilter {

    private final HubProperties.Widget config;
    private final ProblemWriter problems;
    private final WidgetRateLimits limits;

    public WidgetRequestGuard(HubProperties properties, ProblemWriter problems, WidgetRateLimits limits) {
        this.config = properties.getWidget();
        this.problems = problems;
        this.limits = limits;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !HttpMethod.POST.matches(request.getMethod())
                || !request.getRequestURI().startsWith("/api/v1/widget/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ConsumptionProbe probe = limits.tryConsume("widget:" + clientOf(request));
        if (!probe.isConsumed()) {
            problems.write(request, response,
                    ProblemException.rateLimited(Duration.ofNanos(probe.getNanosToWaitForRefill())));
            return;
        }
        BufferedRequest.continueWith(request, response, chain, config.getMaxBodyBytes(), problems);
    }

    private String clientOf(HttpServletRequest request) {
        if (config.getRateLimit().isTrustForwardedFor()) {
            String forwarded = request.getHeader("X-Forwarded-For");
            if (forwarded != null && !forwarded.isBlank()) {
                return forwarded.split(",")[0].trim();
            }
        }
        return request.getRemoteAddr();
    }
}
