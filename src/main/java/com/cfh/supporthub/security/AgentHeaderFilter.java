package com.cfh.supporthub.security;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Hands the authenticated account name to the Camel routes as the request header
 * {@value #HEADER}. Camel's platform-http may process a request on another thread, where Spring
 * Security's thread-bound context is not visible, so the name travels with the request. A client's
 * own header of that name is always dropped: only this filter can set it.
 */
public class AgentHeaderFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-Hub-Agent";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        String name = auth == null || !auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken
                ? null : auth.getName();
        chain.doFilter(new AgentRequest(request, name), response);
    }

    private static final class AgentRequest extends HttpServletRequestWrapper {
        private final String agent;

        AgentRequest(HttpServletRequest request, String agent) {
            super(request);
            this.agent = agent;
        }

        private static boolean ours(String name) {
            return HEADER.equalsIgnoreCase(name);
        }

        @Override
        public String getHeader(String name) {
            return ours(name) ? agent : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            if (ours(name)) {
                return agent == null ? Collections.emptyEnumeration() : Collections.enumeration(List.of(agent));
            }
            return super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = new ArrayList<>();
            for (Enumeration<String> e = super.getHeaderNames(); e.hasMoreElements(); ) {
                String name = e.nextElement();
                if (!ours(name)) {
                    names.add(name);
                }
            }
            if (agent != null) {
                names.add(HEADER);
            }
            return Collections.enumeration(names);
        }
    }
}
