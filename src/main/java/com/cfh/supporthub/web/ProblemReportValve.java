package com.cfh.supporthub.web;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Tomcat's error report as RFC 9457 problem+json instead of its HTML page (issue 14 item 7). Tomcat
 * answers some requests itself, before Spring or Camel see them: a malformed request line or header
 * (400), headers over {@code server.max-http-request-header-size} (400), an unsupported HTTP version
 * (505), a body over a connector limit (413). Replaces the host's {@link ErrorReportValve}
 * ({@link TomcatProblemPages}); like it, it writes only when nothing was written yet, so answers the
 * application made itself pass untouched.
 */
public class ProblemReportValve extends ErrorReportValve {

    private final ObjectMapper json;

    public ProblemReportValve(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        Problem problem = Problem.of(status, slug(status), title(status), detail(status, response.getMessage(), throwable));
        String uri = request.getDecodedRequestURI();
        try {
            byte[] body = json.writeValueAsBytes(uri == null ? problem : problem.withInstance(uri));
            response.setContentType(Problem.MEDIA_TYPE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.setContentLength(body.length);
            OutputStream out = response.getOutputStream();
            out.write(body);
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response cannot take a body any more: nothing else to tell
        }
    }

    static String detail(int status, String message, Throwable throwable) {
        String cause = throwable != null && throwable.getMessage() != null ? throwable.getMessage()
                : message != null && !message.isBlank() ? message : null;
        String what = switch (status) {
            case 400 -> "The request could not be read (request line, headers or their size, or encoding).";
            case 404 -> "Nothing is served at this path.";
            case 405 -> "This method is not allowed here.";
            case 408 -> "The request did not arrive in time.";
            case 413 -> "The request is too large.";
            case 414 -> "The request URL is too long.";
            case 431 -> "The request headers are too large.";
            case 505 -> "This HTTP version is not supported; use HTTP/1.1.";
            default -> "The request was refused by the web server.";
        };
        // "The request could not be read (...): Request header is too large."
        return cause == null ? what : what.substring(0, what.length() - 1) + ": " + RequestText.printable(cause) + ".";
    }

    private static String slug(int status) {
        return switch (status) {
            case 413, 431, 414 -> "too-large";
            case 505 -> "http-version-not-supported";
            case 400 -> "malformed-request";
            default -> "http-" + status;
        };
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Malformed request";
            case 413, 414, 431 -> "Request too large";
            case 505 -> "HTTP version not supported";
            default -> "Request refused";
        };
    }
}
