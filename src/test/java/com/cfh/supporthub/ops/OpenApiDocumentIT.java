package com.cfh.supporthub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.cfh.supporthub.support.HubHttp;
import com.cfh.supporthub.support.HubIT;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/** Issue 17 item 6: GET /api/v1/openapi.json is a document a client generator accepts, served without log noise. */
@ExtendWith(OutputCaptureExtension.class)
class OpenApiDocumentIT extends HubIT {

    @Test
    @DisplayName("P15 the OpenAPI document validates, names HTTP Basic, which operations are public, one success each")
    void documentIsComplete(CapturedOutput output) {
        int logBefore = output.length();
        HubHttp.Reply reply = http.send(http.get("/api/v1/openapi.json"));
        http.send(http.get("/api/v1/openapi.json"));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(output.toString().substring(logBefore)).doesNotContain("Duplicate schema found");

        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(reply.body());
        assertThat(parsed.getMessages()).as("validator messages").isEmpty();
        OpenAPI api = parsed.getOpenAPI();

        SecurityScheme basic = api.getComponents().getSecuritySchemes().get("basicAuth");
        assertThat(basic.getType()).isEqualTo(SecurityScheme.Type.HTTP);
        assertThat(basic.getScheme()).isEqualTo("basic");

        Operation widget = api.getPaths().get("/widget/tickets").getPost();
        assertThat(widget.getSecurity()).as("the widget is public").isEmpty();
        assertThat(widget.getResponses()).containsKey("201").doesNotContainKey("200");
        assertThat(widget.getResponses().get("201").getContent()).isNotNull();

        assertThat(api.getComponents().getSecuritySchemes().get("customerToken").getType())
                .isEqualTo(SecurityScheme.Type.APIKEY);
        assertThat(api.getPaths().get("/customer/tickets").getGet().getSecurity())
                .singleElement().satisfies(s -> assertThat(s).containsKey("customerToken"));
        assertThat(api.getPaths().get("/customer/access").getPost().getSecurity()).isEmpty();

        Operation ticket = api.getPaths().get("/tickets/{key}").getGet();
        assertThat(ticket.getSecurity()).singleElement().satisfies(s -> assertThat(s).containsKey("basicAuth"));

        List<String> withoutSummary = new ArrayList<>();
        List<String> severalSuccesses = new ArrayList<>();
        List<String> withoutSecurity = new ArrayList<>();
        for (Map.Entry<String, PathItem> path : api.getPaths().entrySet()) {
            for (Map.Entry<PathItem.HttpMethod, Operation> op : path.getValue().readOperationsMap().entrySet()) {
                String name = op.getKey() + " " + path.getKey();
                if (op.getValue().getSummary() == null || op.getValue().getSummary().isBlank()) {
                    withoutSummary.add(name);
                }
                if (op.getValue().getResponses().keySet().stream().filter(c -> c.startsWith("2")).count() > 1) {
                    severalSuccesses.add(name);
                }
                if (op.getValue().getSecurity() == null) {
                    withoutSecurity.add(name);
                }
            }
        }
        assertThat(withoutSummary).as("operations without a summary").isEmpty();
        assertThat(severalSuccesses).as("operations with more than one success code").isEmpty();
        assertThat(withoutSecurity).as("operations that say nothing about security").isEmpty();

        Map<String, Schema> schemas = api.getComponents().getSchemas();
        assertThat(schemas.get("WidgetTicketRequest").getRequired())
                .containsExactlyInAnyOrder("product", "email", "subject", "message");
        Schema<?> action = (Schema<?>) schemas.get("TransitionRequest").getProperties().get("action");
        assertThat(action.getEnum()).extracting(Object::toString)
                .containsExactlyInAnyOrder("WAIT_ON_CUSTOMER", "CUSTOMER_REPLY", "RESOLVE", "REOPEN");
        assertThat(schemas.get("TransitionRequest").getRequired()).containsExactly("action");
        Schema<?> priority = (Schema<?>) schemas.get("ClassifyRequest").getProperties().get("priority");
        assertThat(priority.getEnum()).extracting(Object::toString).containsExactlyInAnyOrder("LOW", "NORMAL", "HIGH", "URGENT");
    }
}
