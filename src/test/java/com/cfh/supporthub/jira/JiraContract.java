package com.cfh.supporthub.jira;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/**
 * Checks a request the mirror sent against the OpenAPI operation it calls, in Atlassian's own documents
 * (copied byte for byte into src/test/resources/jira/, see SOURCES.md there): the Jira Cloud platform
 * REST v3 document for /rest/api/3/**, the Jira Service Management document for /rest/servicedeskapi/**.
 * Atlassian's swagger-request-validator does the checking: path and method exist, parameters, the
 * JSON body against the operation's request schema.
 */
public final class JiraContract {

    public static final String PLATFORM = "jira/jira-platform-swagger-v3.v3.json";
    public static final String SERVICE_DESK = "jira/jira-service-desk-swagger.v3.json";

    private static OpenApiInteractionValidator platform;
    private static OpenApiInteractionValidator serviceDesk;

    private JiraContract() {
    }

    /** The spec file a request's path belongs to, or null for a path neither document describes (REST v2). */
    public static String specFor(String path) {
        if (path.startsWith("/rest/servicedeskapi/")) return SERVICE_DESK;
        if (path.startsWith("/rest/api/3/")) return PLATFORM;
        return null;
    }

    /** The validator's report on one request WireMock received. */
    public static ValidationReport validate(LoggedRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String header : request.getAllHeaderKeys()) {
            headers.put(header, request.getHeaders().getHeader(header).values());
        }
        return validate(request.getMethod().getName(), request.getUrl(), headers, request.getBodyAsString());
    }

    /** The validator's report on one request: method, URL path with query, headers, JSON body (or null). */
    public static synchronized ValidationReport validate(String method, String url, Map<String, List<String>> headers,
                                                         String body) {
        URI uri = URI.create(url);
        String spec = specFor(uri.getPath());
        if (spec == null) {
            throw new AssertionError("no Atlassian OpenAPI document in the corpus describes " + uri.getPath());
        }
        OpenApiInteractionValidator validator = spec.equals(PLATFORM) ? platform() : serviceDesk();
        SimpleRequest.Builder b = new SimpleRequest.Builder(method, uri.getPath());
        query(uri.getRawQuery()).forEach(b::withQueryParam);
        headers.forEach(b::withHeader);
        if (body != null && !body.isEmpty()) {
            b.withBody(body);
        }
        return validator.validateRequest(b.build());
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    private static OpenApiInteractionValidator platform() {
        if (platform == null) {
            platform = OpenApiInteractionValidator.createForInlineApiSpecification(read(PLATFORM)).build();
        }
        return platform;
    }

    private static OpenApiInteractionValidator serviceDesk() {
        if (serviceDesk == null) {
            // The JSM document repeats six operationIds (knowledge base, organisations, request type properties:
            // none the mirror calls), which the validator's own loader refuses. Parse it with swagger-parser,
            // keep everything else as it is, and validate against that model.
            ParseOptions options = new ParseOptions();
            options.setResolve(true);
            SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(read(SERVICE_DESK), null, options);
            List<String> unexpected = parsed.getMessages().stream().filter(m -> !m.endsWith(".operationId is repeated")).toList();
            if (parsed.getOpenAPI() == null || !unexpected.isEmpty()) {
                throw new IllegalStateException("JSM OpenAPI document: " + unexpected);
            }
            serviceDesk = OpenApiInteractionValidator.createFor(parsed.getOpenAPI()).build();
        }
        return serviceDesk;
    }

    private static String read(String resource) {
        try (InputStream in = JiraContract.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
