package com.cfh.supporthub.web;

import jakarta.servlet.http.HttpServletRequest;

import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.springframework.stereotype.Component;

/**
 * The body of a public request as text, for the routes ({@code requestBodies.text}): the raw bytes the
 * request guards kept (before anything parsed or decoded them), decoded by the declared charset
 * ({@link RequestText#decode}). An empty body is a 400 that says so.
 */
@Component("requestBodies")
public class RequestBodies {

    /** Request attribute with the raw body bytes a guard read (widget, telephony, other public bodies). */
    public static final String RAW_BODY = RequestBodies.class.getName() + ".raw";

    /** The request's body as text; 400 when there is none. */
    public String text(Exchange exchange) {
        String text = RequestText.decode(raw(exchange), exchange.getIn().getHeader(Exchange.CONTENT_TYPE, String.class));
        if (text.isBlank()) {
            throw ProblemException.malformed("The request has no body; send "
                    + expected(exchange.getIn().getHeader(Exchange.CONTENT_TYPE, String.class)) + ".");
        }
        return text;
    }

    /** The raw body bytes: as a guard kept them, else as Camel holds the body. */
    public static byte[] raw(Exchange exchange) {
        HttpServletRequest servlet = servletRequest(exchange);
        if (servlet != null && servlet.getAttribute(RAW_BODY) instanceof byte[] bytes) {
            return bytes;
        }
        return exchange.getIn().getBody(byte[].class);
    }

    /** The servlet request behind a platform-http exchange, or null outside HTTP. */
    public static HttpServletRequest servletRequest(Exchange exchange) {
        if (exchange.getIn() instanceof PlatformHttpMessage m) {
            return m.getRequest();
        }
        return exchange.getIn().getHeader(Exchange.HTTP_SERVLET_REQUEST, HttpServletRequest.class);
    }

    private static String expected(String contentType) {
        return contentType != null && contentType.toLowerCase().contains("form") ? "the form fields" : "a JSON object";
    }
}
