package com.cfh.supporthub.web;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import com.cfh.supporthub.config.HubProperties;

/**
 * 503 instead of 404 while the hub starts (issue 14 item 8). Tomcat opens the port before Camel has
 * started the routes that serve {@code /api/}; in between Spring answered {@code 404 No static resource},
 * which clients take as final. Until the hub accepts traffic (Spring Boot's readiness state, reached
 * after Camel's routes started) and again once it stops accepting it (shutdown), every {@code /api/}
 * request gets 503 problem+json with {@code Retry-After}; nothing is read, rate-limited or stored.
 * {@code /actuator/health/**} is not gated: it tells the same story to probes.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class StartupGate extends OncePerRequestFilter {

    private final ProblemWriter problems;
    private final Duration retryAfter;
    private volatile boolean accepting;

    public StartupGate(ProblemWriter problems, HubProperties properties) {
        this.problems = problems;
        this.retryAfter = properties.getWeb().getStartingRetryAfter();
    }

    @EventListener
    public void onReadiness(AvailabilityChangeEvent<ReadinessState> event) {
        accepting = event.getState() == ReadinessState.ACCEPTING_TRAFFIC;
    }

    public boolean accepting() {
        return accepting;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return accepting || !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        problems.write(request, response, new ProblemException(Problem.of(503, "starting", "Starting",
                "The hub is starting (or stopping) and does not take requests yet; nothing was read or stored. Retry after "
                        + Math.max(1, retryAfter.toSeconds()) + " s."), Duration.ofSeconds(Math.max(1, retryAfter.toSeconds()))));
    }
}
