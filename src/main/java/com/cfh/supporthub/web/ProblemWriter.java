package com.cfh.supporthub.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Writes a problem to a servlet response: used by filters and Spring Security, before Camel. */
@Component
public class ProblemWriter {

    private final ObjectMapper objectMapper;

    public ProblemWriter(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    public void write(HttpServletRequest request, HttpServletResponse response, ProblemException e) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        Problem problem = e.problem().withInstance(request.getRequestURI());
        response.resetBuffer();
        response.setStatus(problem.status());
        response.setContentType(Problem.MEDIA_TYPE);
        if (e.retryAfter() != null) {
            response.setHeader("Retry-After", Long.toString(e.retryAfter().toSeconds()));
        }
        objectMapper.writeValue(response.getOutputStream(), problem);
    }
}
