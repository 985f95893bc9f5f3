package com.cfh.supporthub.widget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import com.cfh.supporthub.config.HubProperties;
import com.cfh.supporthub.intake.TicketIntake;
import com.cfh.supporthub.ticket.Channel;
import com.cfh.supporthub.web.ProblemException;

class WidgetMapperTest {

    private final WidgetMapper mapper = new WidgetMapper(properties(), new com.fasterxml.jackson.databind.ObjectMapper());

    private static HubProperties properties() {
        HubProperties p = new HubProperties();
        HubProperties.Product runmy = new HubProperties.Product();
        runmy.setKeyPrefix("RUN");
        runmy.setSupportAddress("customersupport@runmy.com");
        runmy.setWidgetOrigins(List.of("https://app.runmy.com"));
        p.setProducts(Map.of("runmy", runmy));
        return p;
    }

    @Test
    @DisplayName("P05: a valid widget request maps to a WIDGET envelope with its page URL kept")
    void mapsValidRequest_P05() {
        TicketIntake intake = mapper.toIntake(new WidgetTicketRequest("runmy", " Ann ", "Ann@Example.com", " Help ",
                "Text", "https://app.runmy.com/page"), "key-1", "https://app.runmy.com");
        assertThat(intake.channel()).isEqualTo(Channel.WIDGET);
        assertThat(intake.requester().name()).isEqualTo("Ann");
        assertThat(intake.requester().email()).isEqualTo("Ann@Example.com");
        assertThat(intake.subject()).isEqualTo("Help");
        assertThat(intake.idempotencyKey()).isEqualTo("key-1");
        assertThat(intake.attributes()).containsEntry("page-url", "https://app.runmy.com/page");
    }

    @Test
    @DisplayName("P05: every invalid field is listed at once")
    void listsEveryInvalidField_P05() {
        assertThatThrownBy(() -> mapper.toIntake(new WidgetTicketRequest(null, "x".repeat(201), "bad", null, "m",
                "ftp://x"), "with space", null))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.problem().errors()).extracting(f -> f.field()).containsExactlyInAnyOrder(
                            "product", "name", "email", "subject", "pageUrl", "Idempotency-Key");
                });
    }

    @Test
    @DisplayName("P05: an origin not configured for the product is refused")
    void refusesForeignOrigin_P05() {
        assertThatThrownBy(() -> mapper.toIntake(new WidgetTicketRequest("runmy", null, "a@example.com", "s", "m", null),
                null, "https://evil.example"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(403));
    }

    @Test
    @DisplayName("Only JSON bodies are accepted")
    void contentType() {
        mapper.checkContentType("application/json; charset=utf-8");
        mapper.checkContentType("application/problem+json");
        assertThatThrownBy(() -> mapper.checkContentType("text/plain"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(415));
        assertThatThrownBy(() -> mapper.checkContentType(null)).isInstanceOf(ProblemException.class);
    }
}
