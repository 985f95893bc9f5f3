package com.cfh.supporthub.web;

import java.time.Duration;
import java.util.List;

/**
 * A failure the caller caused or must know about, carrying the problem details it is answered with.
 * Thrown by beans; turned into an {@code application/problem+json} reply by the shared error handling.
 */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final Duration retryAfter;

    public ProblemException(Problem problem) {
        this(problem, null);
    }

    public ProblemException(Problem problem, Duration retryAfter) {
        super(problem.title() + ": " + problem.detail());
        this.problem = problem;
        this.retryAfter = retryAfter;
    }

    public Problem problem() { return problem; }

    public Duration retryAfter() { return retryAfter; }

    public int status() { return problem.status(); }

    public static ProblemException malformed(String detail) {
        return new ProblemException(Problem.of(400, "malformed-request", "Malformed request", detail));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Problem.of(404, "not-found", "Not found", detail));
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(Problem.of(403, "forbidden", "Forbidden", detail));
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(Problem.of(409, "conflict", "Conflict", detail));
    }

    public static ProblemException tooLarge(String detail) {
        return new ProblemException(Problem.of(413, "payload-too-large", "Payload too large", detail));
    }

    public static ProblemException unsupportedMediaType(String detail) {
        return new ProblemException(Problem.of(415, "unsupported-media-type", "Unsupported media type", detail));
    }

    public static ProblemException invalid(String detail, List<FieldError> errors) {
        return new ProblemException(Problem.of(422, "invalid-field", "Invalid field", detail).withErrors(errors));
    }

    public static ProblemException unprocessable(String slug, String title, String detail) {
        return new ProblemException(Problem.of(422, slug, title, detail));
    }

    public static ProblemException rateLimited(Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return new ProblemException(Problem.of(429, "rate-limited", "Too many requests",
                "This client sent too many requests; retry after " + seconds + " s."), Duration.ofSeconds(seconds));
    }

    public static ProblemException unavailable(String detail) {
        return new ProblemException(Problem.of(503, "unavailable", "Service unavailable", detail), Duration.ofSeconds(5));
    }
}
