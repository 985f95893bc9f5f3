package com.cfh.supporthub.security;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The account an agent API request was authenticated as, for the audit trail: the header
 * {@link AgentHeaderFilter} sets after Spring Security authenticated the request.
 */
@Component("currentAgent")
public class CurrentAgent {

    public String name(Exchange exchange) {
        String name = exchange.getIn().getHeader(AgentHeaderFilter.HEADER, String.class);
        if (name == null || name.isBlank()) {
            throw new IllegalStateException("No authenticated agent on this request");
        }
        return name;
    }
}
