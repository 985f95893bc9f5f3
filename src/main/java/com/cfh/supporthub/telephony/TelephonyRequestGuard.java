package com.cfh.supporthub.telephony;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import com.cfh.supporthub.web.ProblemException;
import com.cfh.supporthub.web.ProblemWriter;
import com.cfh.supporthub.widget.WidgetRequestGuard;

/**
 * Keeps the raw body of a telephony webhook, before anything parses it: Twilio's signature is over
 * the exact parameters, and a servlet container that parses a form body into request parameters
 * leaves nothing for Camel. Bodies over {@code hub.telephony.max-body-bytes} get 413 problem+json.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class TelephonyRequestGuard extends OncePerRequestFilter {

    static final String RAW_BODY = TelephonyRequestGuard.class.getName() + ".body";

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
        long max = properties.getMaxBodyBytes();
        if (request.getContentLengthLong() > max) {
            problems.write(request, response, ProblemException.tooLarge("The webhook body is larger than " + max + " bytes."));
            return;
        }
        byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        if (body.length > max) {
            problems.write(request, response, ProblemException.tooLarge("The webhook body is larger than " + max + " bytes."));
            return;
        }
        request.setAttribute(RAW_BODY, body);
        chain.doFilter(new WidgetRequestGuard.BufferedRequest(request, body), response);
    }

    /** The servlet request behind a platform-http exchange, or null outside HTTP. */
    static HttpServletRequest servletRequest(Exchange exchange) {
        if (exchange.getIn() instanceof PlatformHttpMessage m) {
            return m.getRequest();
        }
        return exchange.getIn().getHeader(Exchange.HTTP_SERVLET_REQUEST, HttpServletRequest.class);
    }

    /** The raw body this filter kept, as UTF-8 text. */
    static String body(HttpServletRequest request) {
        Object raw = request.getAttribute(RAW_BODY);
        return raw instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : "";
    }
}
