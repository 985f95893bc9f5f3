package com.cfh.supporthub.ops;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.access.WebInvocationPrivilegeEvaluator;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import org.springframework.web.util.WebUtils;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Completes the OpenAPI document Camel builds from the REST DSL ({@code GET /api/v1/openapi.json}) with what the
 * REST DSL cannot say (issue 17 item 6), so client generators accept it:
 * <ul>
 * <li>the security scheme {@code basicAuth} (HTTP Basic, agent accounts), required by every operation the hub's
 * security rules do not open to anonymous callers, and {@code security: []} on those they do. Which is which is
 * asked of Spring Security itself ({@link WebInvocationPrivilegeEvaluator}), so the document follows the rules in
 * force rather than a copy of them; a public operation taking the query parameter {@code token} (the customer API)
 * requires the scheme {@code customerToken} instead;</li>
 * <li>one success code per operation: Camel adds {@code 200} for every {@code outType}, also beside a declared
 * {@code 201}; the 200 is dropped and its schema moved to the other 2xx answer when that has none;</li>
 * <li>a description on every response, which OpenAPI requires and Camel leaves out of the {@code default} answer of
 * a verb that declares no response message.</li>
 * </ul>
 * Required fields and enums come from {@code @Schema} on the request records; summaries from each verb's
 * {@code description} in the route files.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiDocumentFilter {

    static final String SCHEME = "basicAuth";
    static final String CUSTOMER_TOKEN = "customerToken";

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> openApiDocumentCompletion(
            @Value("${camel.rest.context-path:/api/v1}") String contextPath,
            @Value("${camel.rest.api-context-path:/openapi.json}") String apiPath,
            ObjectProvider<WebInvocationPrivilegeEvaluator> evaluator, ObjectMapper json) {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
                new Completion(contextPath, evaluator, json));
        registration.addUrlPatterns(contextPath + apiPath);
        registration.setOrder(Ordered.LOWEST_PRECEDENCE - 10);
        registration.setAsyncSupported(true);
        return registration;
    }

    static final class Completion extends OncePerRequestFilter {

        private static final Authentication ANONYMOUS = new AnonymousAuthenticationToken("openapi", "anonymousUser",
                AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

        private final String contextPath;
        private final ObjectProvider<WebInvocationPrivilegeEvaluator> evaluator;
        private final ObjectMapper json;

        Completion(String contextPath, ObjectProvider<WebInvocationPrivilegeEvaluator> evaluator, ObjectMapper json) {
            this.contextPath = contextPath;
            this.evaluator = evaluator;
            this.json = json;
        }

        @Override
        protected boolean shouldNotFilterAsyncDispatch() {
            return false; // Camel answers on its own thread: the document is complete at the async dispatch
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            HttpServletResponse toUse = response;
            if (!isAsyncDispatch(request) && WebUtils.getNativeResponse(response, ContentCachingResponseWrapper.class) == null) {
                toUse = new ContentCachingResponseWrapper(response);
            }
            chain.doFilter(request, toUse);
            if (isAsyncStarted(request)) {
                return;
            }
            ContentCachingResponseWrapper cached = WebUtils.getNativeResponse(toUse, ContentCachingResponseWrapper.class);
            if (cached == null) {
                return;
            }
            byte[] body = cached.getContentAsByteArray();
            if (cached.getStatus() == 200 && body.length > 0 && body[0] == '{') {
                try {
                    JsonNode document = json.readTree(body);
                    if (document instanceof ObjectNode root) {
                        complete(root);
                        cached.resetBuffer();
                        byte[] completed = json.writeValueAsBytes(root);
                        cached.getOutputStream().write(completed);
                    }
                } catch (IOException e) {
                    logger.warn("OpenAPI document left as Camel built it: " + e.getMessage());
                }
            }
            cached.copyBodyToResponse();
        }

        void complete(ObjectNode root) {
            ObjectNode schemes = root.with("components").with("securitySchemes");
            schemes.set(SCHEME, json.createObjectNode().put("type", "http").put("scheme", "basic")
                    .put("description", "An agent account of the hub (HUB_ADMIN_USERNAME, or one an administrator made); "
                            + "the role the path needs is in docs/routes.md"));
            schemes.set(CUSTOMER_TOKEN, json.createObjectNode().put("type", "apiKey").put("in", "query").put("name", "token")
                    .put("description", "The signed customer link token mailed by POST /customer/access (P16-P18); "
                            + "the header X-Customer-Token is accepted too"));
            JsonNode paths = root.path("paths");
            for (Iterator<Map.Entry<String, JsonNode>> p = paths.fields(); p.hasNext(); ) {
                Map.Entry<String, JsonNode> path = p.next();
                for (Iterator<Map.Entry<String, JsonNode>> o = path.getValue().fields(); o.hasNext(); ) {
                    Map.Entry<String, JsonNode> operation = o.next();
                    if (operation.getValue() instanceof ObjectNode op && isMethod(operation.getKey())) {
                        security(op, path.getKey(), operation.getKey());
                        oneSuccess(op);
                        describeResponses(op);
                    }
                }
            }
        }

        private void security(ObjectNode op, String path, String method) {
            ArrayNode security = json.createArrayNode();
            if (!isPublic(path, method)) {
                security.addObject().putArray(SCHEME);
            } else if (hasQueryParameter(op, "token")) {
                // open at the HTTP level, the route checks the customer's signed token
                security.addObject().putArray(CUSTOMER_TOKEN);
            }
            op.set("security", security);
        }

        private static boolean hasQueryParameter(ObjectNode op, String name) {
            for (JsonNode parameter : op.path("parameters")) {
                if (name.equals(parameter.path("name").asText()) && "query".equals(parameter.path("in").asText())) {
                    return true;
                }
            }
            return false;
        }

        private boolean isPublic(String path, String method) {
            WebInvocationPrivilegeEvaluator rules = evaluator.getIfAvailable();
            if (rules == null) {
                return false;
            }
            String uri = (path.startsWith(contextPath) ? path : contextPath + path).replaceAll("\\{[^}/]+}", "x");
            return rules.isAllowed("", uri, method.toUpperCase(java.util.Locale.ROOT), ANONYMOUS);
        }

        private static void oneSuccess(ObjectNode op) {
            if (!(op.get("responses") instanceof ObjectNode responses) || !responses.has("200")) {
                return;
            }
            for (Iterator<String> codes = responses.fieldNames(); codes.hasNext(); ) {
                String code = codes.next();
                if (!code.equals("200") && code.startsWith("2")) {
                    JsonNode ok = responses.get("200");
                    if (responses.get(code) instanceof ObjectNode other && !other.has("content") && ok.has("content")) {
                        other.set("content", ok.get("content"));
                    }
                    responses.remove("200");
                    return;
                }
            }
        }

        /**
         * OpenAPI requires a description on every response; Camel writes none on the {@code default} answer of a verb
         * that declares no response message and no outType.
         */
        private static void describeResponses(ObjectNode op) {
            if (op.get("responses") instanceof ObjectNode responses) {
                responses.fields().forEachRemaining(r -> {
                    if (r.getValue() instanceof ObjectNode response && !response.hasNonNull("description")) {
                        response.put("description", "default".equals(r.getKey())
                                ? "The answer; errors are application/problem+json (RFC 9457)" : "HTTP " + r.getKey());
                    }
                });
            }
        }

        private static boolean isMethod(String key) {
            return List.of("get", "put", "post", "delete", "patch", "head", "options").contains(key);
        }
    }
}
