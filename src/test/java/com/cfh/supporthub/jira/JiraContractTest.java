package com.cfh.supporthub.jira;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The contract check is not vacuous: Atlassian's documents reject what Jira would reject (P20). */
class JiraContractTest {

    private static final Map<String, List<String>> HEADERS = Map.of(
            "Content-Type", List.of("application/json; charset=UTF-8"),
            "Authorization", List.of("Basic aHViQGV4YW1wbGUuY29tOnRva2Vu"));

    @Test
    @DisplayName("P20 the platform v3 document accepts a transition and rejects one whose transition is not an object")
    void platformTransition() {
        assertThat(JiraContract.validate("POST", "/rest/api/3/issue/SUP-1/transitions", HEADERS,
                "{\"transition\":{\"id\":\"31\"}}").getMessages()).isEmpty();
        assertThat(JiraContract.validate("POST", "/rest/api/3/issue/SUP-1/transitions", HEADERS,
                "{\"transition\":\"31\"}").hasErrors()).isTrue();
    }

    @Test
    @DisplayName("P20 the JSM document rejects a comment with a field it does not define, and a path it does not have")
    void serviceDeskComment() {
        assertThat(JiraContract.validate("POST", "/rest/servicedeskapi/request/SUP-1/comment", HEADERS,
                "{\"body\":\"Hello\",\"public\":true}").getMessages()).isEmpty();
        assertThat(JiraContract.validate("POST", "/rest/servicedeskapi/request/SUP-1/comment", HEADERS,
                "{\"body\":\"Hello\",\"public\":true,\"internal\":false}").hasErrors()).isTrue();
        assertThat(JiraContract.validate("POST", "/rest/servicedeskapi/requests", HEADERS, "{}").hasErrors()).isTrue();
    }

    @Test
    @DisplayName("P20 the platform v3 document rejects a search whose maxResults is not an integer")
    void platformSearch() {
        assertThat(JiraContract.validate("POST", "/rest/api/3/search/jql", HEADERS,
                "{\"jql\":\"labels = x\",\"fields\":[\"key\"],\"maxResults\":1}").getMessages()).isEmpty();
        assertThat(JiraContract.validate("POST", "/rest/api/3/search/jql", HEADERS,
                "{\"jql\":\"labels = x\",\"maxResults\":\"one\"}").hasErrors()).isTrue();
    }
}
