package com.cfh.supporthub.pages;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import com.cfh.supporthub.web.Problem;

/**
 * A path nothing serves, asked for by a browser ({@code Accept: text/html}), is the error page (issue 18 item 4).
 * Only for that media type: API clients still get Spring's problem+json for it ({@code spring.mvc.problemdetails}).
 */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class PageNotFound {

    private final ErrorPages errorPages;
    private final String contentSecurityPolicy;

    public PageNotFound(ErrorPages errorPages, @Value("${hub.pages.content-security-policy}") String contentSecurityPolicy) {
        this.errorPages = errorPages;
        this.contentSecurityPolicy = contentSecurityPolicy;
    }

    @ExceptionHandler(value = NoResourceFoundException.class, produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> notFound(NoResourceFoundException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(new MediaType(MediaType.TEXT_HTML,
                java.nio.charset.StandardCharsets.UTF_8)).header("Content-Security-Policy", contentSecurityPolicy)
                .body(errorPages.page(Problem.of(404, "not-found", "Not found", "There is no page at this address."), null,
                        false, null));
    }
}
