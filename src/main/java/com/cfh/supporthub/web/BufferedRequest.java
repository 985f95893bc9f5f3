package com.cfh.supporthub.web;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A request whose (small, already checked) body was read into memory: what the body guards of the public
 * endpoints (widget, telephony, {@link PublicBodyGuard}) hand on, with the raw bytes kept in
 * {@link RequestBodies#RAW_BODY} for the routes.
 */
public final class BufferedRequest extends HttpServletRequestWrapper {
    private final byte[] body;

    public BufferedRequest(HttpServletRequest request, byte[] body) {
        super(request);
        this.body = body;
    }

    /**
     * Reads the body up to {@code max} bytes (413 above it), refuses a form body that is not name=value pairs
     * (400, {@link RequestText#checkForm}), keeps the raw bytes for the route and continues the chain with them.
     */
    public static void continueWith(HttpServletRequest request, HttpServletResponse response, FilterChain chain, long max,
                                    ProblemWriter problems) throws IOException, ServletException {
        byte[] body = readAtMost(request, max);
        if (body == null) {
            problems.write(request, response, ProblemException.tooLarge("The request body is larger than " + max + " bytes."));
            return;
        }
        try {
            RequestText.checkForm(body, request.getContentType());
        } catch (ProblemException e) {
            problems.write(request, response, e);
            return;
        }
        request.setAttribute(RequestBodies.RAW_BODY, body);
        chain.doFilter(new BufferedRequest(request, body), response);
    }

    /**
     * The body, at most {@code max} bytes (a larger Content-Length is refused before reading); null when
     * it is larger than that.
     */
    public static byte[] readAtMost(HttpServletRequest request, long max) throws IOException {
        if (request.getContentLengthLong() > max) {
            return null;
        }
        byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        return body.length > max ? null : body;
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
