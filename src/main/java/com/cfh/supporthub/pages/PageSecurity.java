package com.cfh.supporthub.pages;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import com.cfh.supporthub.security.Role;

/**
 * Who may open the pages (issue 18), in a filter chain of their own ahead of the API's ({@code SecurityConfig}):
 * the manager's report needs an agent account with role MANAGER (HTTP Basic, as the API); the customer portal
 * is open at this level and checks its signed token in every request; {@code widget.js}, the pages' assets and
 * the chart library are public. No session and no cookie; every answer carries the pages' Content-Security-Policy
 * and no Referer leaves a page (the portal's links carry the customer's token). Refusals are pages for browsers
 * and problem+json otherwise ({@link ErrorPages}).
 */
@Configuration(proxyBeanMethods = false)
public class PageSecurity {

    /** Paths of this chain; every other path is the API chain's. */
    public static final String[] PATHS = {"/reports", "/reports/**", "/portal", "/portal/**", "/widget.js",
            "/assets/**", "/webjars/**", "/brand/**"};

    /** Generated per request: never stored by a browser or proxy. */
    static final String[] PAGES = {"/reports", "/reports/**", "/portal", "/portal/**"};
    /** The same for everyone until the hub's configuration changes. */
    static final String[] CACHEABLE = {"/widget.js", "/brand/**"};

    private static RequestMatcher matcher(String... patterns) {
        return new OrRequestMatcher(java.util.Arrays.stream(patterns)
                .map(p -> (RequestMatcher) PathPatternRequestMatcher.withDefaults().matcher(p)).toList());
    }

    @Bean
    @Order(1)
    SecurityFilterChain pages(HttpSecurity http, ErrorPages errors,
                              @Value("${hub.pages.content-security-policy}") String contentSecurityPolicy) throws Exception {
        http.securityMatcher(PATHS)
                .csrf(AbstractHttpConfigurer::disable) // no cookie and no session: nothing a forged request could ride on
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .httpBasic(b -> b.authenticationEntryPoint(errors::unauthenticated))
                .exceptionHandling(x -> x.authenticationEntryPoint(errors::unauthenticated)
                        .accessDeniedHandler(errors::forbidden))
                // Cache-Control here, not in the routes: Camel's HTTP header filter never writes a route's Cache-Control.
                // Pages are never stored; widget.js and the colours are kept an hour; assets keep what
                // spring.web.resources.cache sets.
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives(contentSecurityPolicy))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .cacheControl(HeadersConfigurer.CacheControlConfig::disable)
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(matcher(CACHEABLE),
                                new StaticHeadersWriter("Cache-Control", "public, max-age=3600")))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(matcher(PAGES),
                                new StaticHeadersWriter("Cache-Control", "no-store"))))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/reports", "/reports/**").hasRole(Role.MANAGER.name())
                        .anyRequest().permitAll());
        return http.build();
    }
}
