package com.cfh.supporthub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/** The access map's reader (issue 17 item 4, P15): what it accepts, and a message naming every problem. */
class AccessRulesTest {

    private static final Path FILE = Path.of("routes/access.yaml");

    @Test
    @DisplayName("P15: the shipped map reads; rules keep their order, methods and roles")
    void shippedMapReads_P15() {
        AccessRules rules = AccessRules.load(FILE);
        assertThat(rules.rules()).isNotEmpty();
        AccessRules.Rule widget = rules.rules().get(0);
        assertThat(widget.paths()).containsExactly("/api/v1/widget/**");
        assertThat(widget.methods()).containsExactly(HttpMethod.OPTIONS, HttpMethod.POST);
        assertThat(widget.access()).isEqualTo(AccessRules.Access.PUBLIC);
        assertThat(rules.rules()).anySatisfy(r -> {
            assertThat(r.paths()).contains("/api/v1/calls/**");
            assertThat(r.methods()).isEmpty();
            assertThat(r.access()).isEqualTo(AccessRules.Access.AGENT);
        });
    }

    @Test
    @DisplayName("P15: a single path and method may be written without a list; roles are case-insensitive")
    void scalarsAndCase_P15() {
        AccessRules rules = AccessRules.parse(FILE, "rules:\n  - paths: /api/v1/x/**\n    methods: get\n    access: manager\n");
        assertThat(rules.rules().get(0).paths()).containsExactly("/api/v1/x/**");
        assertThat(rules.rules().get(0).methods()).containsExactly(HttpMethod.GET);
        assertThat(rules.rules().get(0).access()).isEqualTo(AccessRules.Access.MANAGER);
    }

    @Test
    @DisplayName("P15: a malformed map names every bad rule and why")
    void malformedMapListsEveryProblem_P15() {
        String yaml = """
                rules:
                  - paths: /api/v1/ok
                    access: AGENT
                  - paths: api/v1/no-slash
                    methods: [GET, FETCH]
                    access: AGNT
                  - path: /api/v1/typo
                    access: public
                """;
        assertThatThrownBy(() -> AccessRules.parse(FILE, yaml))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("routes/access.yaml is invalid")
                .hasMessageContaining("rule 2: path 'api/v1/no-slash' must start with /")
                .hasMessageContaining("rule 2: 'FETCH' is not an HTTP method")
                .hasMessageContaining("rule 2: access 'AGNT' is not one of public, AGENT, MANAGER, ADMIN")
                .hasMessageContaining("rule 3: unknown key 'path'")
                .hasMessageContaining("rule 3: 'paths' must be a path or a non-empty list of paths");
    }

    @Test
    @DisplayName("P15: not YAML, no rules, or no file at all refuses the start")
    void unreadableMaps_P15() {
        assertThatThrownBy(() -> AccessRules.parse(FILE, "rules: [ {paths: /a"))
                .hasMessageContaining("is not valid YAML");
        assertThatThrownBy(() -> AccessRules.parse(FILE, "rules: []\n"))
                .hasMessageContaining("must be a map with a non-empty list 'rules'");
        assertThatThrownBy(() -> AccessRules.load(Path.of("target/no-such-dir/access.yaml")))
                .hasMessageContaining("does not exist: every API path would be closed");
    }
}
