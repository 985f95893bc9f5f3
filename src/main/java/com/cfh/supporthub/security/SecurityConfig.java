package com.cfh.supporthub.security;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import java.io.IOException;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.PathPatternRequestMatcherBuilderFactoryBean;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

import com.cfh.supporthub.config.HubProperties;
import com.cfh.supporthub.web.Problem;
import com.cfh.supporthub.web.ProblemException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.cfh.supporthub.web.ProblemWriter;

/**
 * Who may call what (P15). The widget and the OpenAPI document are public; the agent API needs an
 * account (HTTP Basic) with a role; everything else is closed. Refusals are problem+json.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfig {

    public static final String WIDGET_PATHS = "/api/v1/widget/**";
    /** Telephony webhooks authenticate by provider signature or token, checked in their routes (P04). */
    public static final String TELEPHONY_PATHS = "/api/v1/telephony/**";

    @Bean
    SecurityFilterChain api(HttpSecurity http, ProblemWriter problems, HubProperties properties) throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .cors(c -> {})
                .httpBasic(b -> b.authenticationEntryPoint((req, res, e) -> problems.write(req, res,
                        new ProblemException(com.cfh.supporthub.web.Problem.of(401, "unauthenticated",
                                "Unauthenticated", "This endpoint needs an agent account (HTTP Basic).")))))
                .exceptionHandling(x -> x
                        .authenticationEntryPoint((req, res, e) -> {
                            res.setHeader("WWW-Authenticate", "Basic realm=\"support-hub\"");
                            problems.write(req, res, new ProblemException(com.cfh.supporthub.web.Problem.of(401,
                                    "unauthenticated", "Unauthenticated",
                                    "This endpoint needs an agent account (HTTP Basic).")));
                        })
                        .accessDeniedHandler((req, res, e) -> problems.write(req, res,
                                ProblemException.forbidden("Your account's role does not allow this."))))
                .authorizeHttpRequests(auth -> {
                    auth.requestMatchers(HttpMethod.OPTIONS, WIDGET_PATHS).permitAll()
                            .requestMatchers(HttpMethod.POST, WIDGET_PATHS).permitAll()
                            .requestMatchers(HttpMethod.POST, TELEPHONY_PATHS).permitAll()
                            .requestMatchers(HttpMethod.GET, "/api/v1/openapi.json").permitAll()
                            // Jira webhook (P20): public at the HTTP level, the route checks the shared secret
                            .requestMatchers(HttpMethod.POST, "/api/v1/jira/webhook").permitAll()
                            .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                            .requestMatchers("/error").permitAll();
                    for (String path : properties.getSecurity().getPublicPaths()) {
                        auth.requestMatchers(path).permitAll();
                    }
                    // Lifecycle and privacy (P11-P14, P18): the feedback link is its own credential,
                    // and the customer API (P16-P18) checks its own signed token
                    auth.requestMatchers("/api/v1/feedback/**", "/api/v1/customer/**").permitAll()
                            .requestMatchers("/api/v1/tickets/*/messages/*/redaction", "/api/v1/contacts/**",
                                    "/api/v1/organisations/**", "/api/v1/reports/**").hasRole(Role.MANAGER.name());
                    auth.requestMatchers("/actuator/**").hasRole(Role.ADMIN.name())
                            .requestMatchers("/api/v1/jira/**", "/api/v1/outbox/**").hasRole(Role.ADMIN.name())
                            .requestMatchers("/api/v1/tickets/**", "/api/v1/tickets", "/api/v1/sla/**", "/api/v1/calls/**")
                            .hasRole(Role.AGENT.name())
                            .anyRequest().authenticated();
                });
        http.addFilterAfter(new AgentHeaderFilter(), AuthorizationFilter.class);
        return http.build();
    }

    /**
     * The path patterns of {@link #api} match the request path directly ({@code PathPatternRequestMatcher}),
     * not through Spring MVC's handler-mapping introspection, which looked up every request's handler
     * across all handler mappings (Camel's included) once more before the dispatcher did: 15 % of the
     * bytes allocated per request (BENCHMARKS.md). The hub's routes are Camel REST paths under one servlet.
     */
    @Bean
    static PathPatternRequestMatcherBuilderFactoryBean pathPatternRequestMatcher() {
        return new PathPatternRequestMatcherBuilderFactoryBean();
    }

    /**
     * No observation (timer, span) around each security filter, authentication and authorization of
     * every request: about 8 % of the bytes allocated per request, for metrics nobody reads.
     * {@code http.server.requests} still times every request.
     */
    @Bean
    static SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * A URL the firewall refuses ({@code ;} path parameters, encoded slashes, {@code ..}) is a 400
     * problem+json naming the reason, not Spring Boot's default error JSON (issue 14 item 7).
     */
    @Bean
    RequestRejectedHandler requestRejectedHandler(ProblemWriter problems) {
        return (request, response, e) -> problems.write(request, response,
                ProblemException.malformed("The request URL was refused: " + e.getMessage()));
    }

    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.fromHierarchy("ROLE_ADMIN > ROLE_MANAGER\nROLE_MANAGER > ROLE_AGENT");
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /**
     * The CORS check of the security chain ({@code cors()} takes the bean of this name), refusing a foreign
     * origin with 403 problem+json instead of Spring's plain "Invalid CORS request" (issue 14 item 7).
     */
    @Bean
    CorsFilter corsFilter(@Qualifier("corsConfigurationSource") CorsConfigurationSource source, ObjectMapper json) {
        CorsFilter filter = new CorsFilter(source);
        filter.setCorsProcessor(new DefaultCorsProcessor() {
            @Override
            protected void rejectRequest(ServerHttpResponse response) throws IOException {
                response.setStatusCode(HttpStatus.FORBIDDEN);
                response.getHeaders().setContentType(MediaType.valueOf(Problem.MEDIA_TYPE));
                response.getBody().write(json.writeValueAsBytes(Problem.of(403, "cors-refused", "Forbidden",
                        "This origin may not call this endpoint from a browser (CORS); widget origins are configured "
                                + "per product (hub.products.<id>.widget-origins).")));
                response.flush();
            }
        });
        return filter;
    }

    /** The CORS filter runs inside the security chain only, not a second time as a servlet filter of its own. */
    @Bean
    FilterRegistrationBean<CorsFilter> corsFilterRegistration(CorsFilter corsFilter) {
        FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(corsFilter);
        registration.setEnabled(false);
        return registration;
    }

    /**
     * Browsers may post the widget only from origins configured for some product; the widget route
     * then checks the origin against the product named in the body.
     */
    @Bean
    CorsConfigurationSource corsConfigurationSource(HubProperties properties) {
        Set<String> origins = new LinkedHashSet<>();
        properties.getProducts().values().forEach(p -> origins.addAll(p.getWidgetOrigins()));
        CorsConfiguration widget = new CorsConfiguration();
        widget.setAllowedOrigins(List.copyOf(origins));
        widget.setAllowedMethods(List.of("POST", "OPTIONS"));
        widget.setAllowedHeaders(List.of("Content-Type", "Idempotency-Key"));
        widget.setExposedHeaders(List.of("Location", "Retry-After"));
        widget.setMaxAge(3600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration(WIDGET_PATHS, widget);
        return source;
    }
}
