package com.cfh.supporthub.web;

import java.util.UUID;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.apache.camel.NoTypeConversionAvailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;


import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * Turns the exception an HTTP route failed with into an RFC 9457 reply. Called by the shared
 * {@code error-handling} route configuration; the caller's request headers are not echoed back.
 */
@Component("problemResponder")
public class ProblemResponder {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponder.class);

    private final ObjectMapper objectMapper;

    public ProblemResponder(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    public void respond(Exchange exchange) throws JsonProcessingException {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ProblemException problem = toProblem(cause);
        Message out = exchange.getMessage();
        String path = out.getHeader(Exchange.HTTP_URI, String.class);
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, problem.status());
        out.setHeader(Exchange.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (problem.retryAfter() != null) {
            out.setHeader("Retry-After", Long.toString(problem.retryAfter().toSeconds()));
        }
        out.setBody(objectMapper.writeValueAsString(problem.problem().withInstance(path)));
    }

    static ProblemException toProblem(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ProblemException p) {
                return p;
            }
            if (t instanceof InvalidFormatException f) {
                return ProblemException.malformed("Field '" + path(f) + "' has the wrong type or format.");
            }
            if (t instanceof MismatchedInputException m) {
                return ProblemException.malformed(m.getPath().isEmpty()
                        ? "The body must be a JSON object."
                        : "Field '" + path(m) + "' has the wrong type.");
            }
            if (t instanceof JsonProcessingException j) {
                return ProblemException.malformed("The body is not valid JSON: " + j.getOriginalMessage() + ".");
            }
            if (t instanceof InvalidPayloadException
                    || (t instanceof NoTypeConversionAvailableException n && n.getValue() == null)) {
                // an empty body (e.g. an agent API call without one) reaching a conversion: the caller's fault, not ours
                return ProblemException.malformed("The request has no body.");
            }
        }
        String incident = UUID.randomUUID().toString();
        log.error("Request failed, incident {}", incident, cause);
        return new ProblemException(Problem.of(500, "internal-error", "Internal error",
                "The request could not be completed; nothing was stored. Quote incident " + incident + "."));
    }

    private static String path(MismatchedInputException e) {
        StringBuilder sb = new StringBuilder();
        e.getPath().forEach(ref -> {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) sb.append('.');
                sb.append(ref.getFieldName());
            } else {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        });
        return sb.toString();
    }
}
