package com.cfh.supporthub.jira;

import com.cfh.supporthub.jira.JiraRequests.JiraRequest;

/** The one way the mirror talks to Jira: a call, an answer. {@link CamelJiraHttp} sends it through camel-http. */
public interface JiraHttp {

    /** {@code status} 0: no answer (connection refused, timeout); {@code error} says why. */
    record JiraResponse(int status, String body, String retryAfter, String error) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    JiraResponse send(JiraRequest request);
}
