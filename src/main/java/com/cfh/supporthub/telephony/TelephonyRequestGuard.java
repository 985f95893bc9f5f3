package com.cfh.supporthub.telephony;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.camel.Exchange;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import com.cfh.supporthub.web.BufferedRequest;
import com.cfh.supporthub.web.ProblemWriter;
import com.cfh.supporthub.web.RequestBodies;
import com.cfh.supporthub.web.RequestText;

/**
 * Keeps the raw body of a telephony webhook, before anything parses it: Twilio's signature is over
 * the exact parameters, and a servlet container that parses a form body into request parameters
 * leaves nothing for Camel. Bodies over {@code hub.telephony.max-body-bytes} get 413 problem+json, a form
 * body that is not name=value pairs 400 ({@link BufferedRequest#continueWith}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class TelephonyRequestGuard extends OncePerRequestFilter {

    static final String RAW_BODY = RequestBodies.RAW_BODY;

    private final TelephonyProperties properties;
    private final ProblemWriter problems;

    public TelephonyRequestGuard(TelephonyProperties properties, ProblemWriter problems) {
        this.properties = properties;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !HttpMethod.POST.matches(request.getMethod())
                || !request.getRequestURI().startsWith(TelephonyProviders.PATH_PREFIX);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        BufferedRequest.continueWith(request, response, chain, properties.getMaxBodyBytes(), problems);
    }

    /** The servlet request behind a platform-http exchange, or null outside HTTP. */
    static HttpServletRequest servletRequest(Exchange exchange) {
        return RequestBodies.servletRequest(exchange);
    }

    /** The raw body this filter kept, decoded by the charset of its Content-Type (UTF-8 when none); 400/415 otherwise. */
    static String body(HttpServletRequest request) {
        Object raw = request.getAttribute(RAW_BODY);
        return raw instanceof byte[] bytes ? RequestText.decode(bytes, request.getContentType()) : "";
    }
}
