package com.cfh.supporthub.widget;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import com.cfh.supporthub.config.HubProperties;
import com.cfh.supporthub.web.ProblemException;
import com.cfh.supporthub.web.ProblemWriter;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

/**
 * Transport limits of the public widget endpoint (P05), applied before the body is read:
 * a per-client rate limit (429 with {@code Retry-After}) and a body size limit (413), both as
 * problem+json. A body without {@code Content-Length} is counted while it is read.
 */
@Component
public class WidgetRequestGuard extends OncePerRequestFilter {

    private final HubProperties.Widget config;
    private final ProblemWriter problems;
    private final Cache<String, Bucket> buckets;

    public WidgetRequestGuard(HubProperties properties, ProblemWriter problems) {
        this.config = properties.getWidget();
        this.problems = problems;
        this.buckets = Caffeine.newBuilder()
                .maximumSize(config.getRateLimit().getMaxClients())
                .expireAfterAccess(config.getRateLimit().getPeriod().multipliedBy(2))
                .build();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !HttpMethod.POST.matches(request.getMethod())
                || !request.getRequestURI().startsWith("/api/v1/widget/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ConsumptionProbe probe = buckets.get(clientOf(request), k -> newBucket()).tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            problems.write(request, response,
                    ProblemException.rateLimited(Duration.ofNanos(probe.getNanosToWaitForRefill())));
            return;
        }
        long max = config.getMaxBodyBytes();
        if (request.getContentLengthLong() > max) {
            problems.write(request, response, tooLarge(max));
            return;
        }
        try {
            chain.doFilter(request.getContentLengthLong() < 0 ? new LimitedRequest(request, max) : request, response);
        } catch (BodyTooLargeException e) {
            problems.write(request, response, tooLarge(max));
        }
    }

    private static ProblemException tooLarge(long max) {
        return ProblemException.tooLarge("The request body is larger than " + max + " bytes.");
    }

    private Bucket newBucket() {
        HubProperties.RateLimit limit = config.getRateLimit();
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(limit.getCapacity())
                        .refillGreedy(limit.getCapacity(), limit.getPeriod()).build())
                .build();
    }

    private String clientOf(HttpServletRequest request) {
        if (config.getRateLimit().isTrustForwardedFor()) {
            String forwarded = request.getHeader("X-Forwarded-For");
            if (forwarded != null && !forwarded.isBlank()) {
                return forwarded.split(",")[0].trim();
            }
        }
        return request.getRemoteAddr();
    }

    /** Thrown while reading a body that grows past the limit; mapped to 413. */
    public static final class BodyTooLargeException extends IOException {
        BodyTooLargeException() {
            super("request body too large");
        }
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {
        private final long max;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long max) {
            super(request);
            this.max = max;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream in = super.getInputStream();
                stream = new ServletInputStream() {
                    private long count;

                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        if (b >= 0 && ++count > max) {
                            throw new BodyTooLargeException();
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buf, int off, int len) throws IOException {
                        int n = in.read(buf, off, len);
                        if (n > 0 && (count += n) > max) {
                            throw new BodyTooLargeException();
                        }
                        return n;
                    }

                    @Override
                    public boolean isFinished() { return in.isFinished(); }

                    @Override
                    public boolean isReady() { return in.isReady(); }

                    @Override
                    public void setReadListener(ReadListener listener) { in.setReadListener(listener); }
                };
            }
            return stream;
        }
    }
}
