package com.cfh.supporthub.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet error page ({@code /error}) as problem+json, in place of Spring Boot's own JSON
 * ({@code timestamp}, {@code error}, {@code path}): what a filter's or the container's
 * {@code sendError} ends in (issue 14 item 7).
 */
@RestController
public class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:${error.path:/error}}")
    public ResponseEntity<Problem> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i && i >= 400 ? i : 500;
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String detail = status >= 500
                ? "The request could not be completed; nothing was stored."
                : ProblemReportValve.detail(status, message == null ? null : message.toString(), null);
        HttpStatus known = HttpStatus.resolve(status);
        Problem problem = Problem.of(status, "http-" + status, known == null ? "Error" : known.getReasonPhrase(), detail)
                .withInstance(uri == null ? null : uri.toString());
        return ResponseEntity.status(status).contentType(MediaType.valueOf(Problem.MEDIA_TYPE)).body(problem);
    }
}
