package com.cfh.supporthub.widget;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
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
 * problem+json. A body without {@code Content-Length} is read up to the limit first.
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
        if (request.getContentLengthLong() >= 0) {
            chain.doFilter(request, response);
            return;
        }
        // No Content-Length (chunked): read at most max + 1 bytes, then hand the buffered body on.
        byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        if (body.length > max) {
            problems.write(request, response, tooLarge(max));
            return;
        }
        chain.doFilter(new BufferedRequest(request, body), response);
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

    /** A request whose (small, already checked) body was read into memory. Also used by the telephony webhooks. */
    public static final class BufferedRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        public BufferedRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buf, int off, int len) {
                    return in.read(buf, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already buffered");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(),
                    encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding)));
        }
    }
}
