package com.cfh.supporthub.ops;

import java.util.List;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The operational lists as actuator endpoints, beside Camel's console ({@code /actuator/camel},
 * {@code /actuator/camelroutes}): like every {@code /actuator/**} path they need an ADMIN account
 * (SecurityConfig), and they are listed in {@code management.endpoints.web.exposure.include}. docs/operations.md.
 */
@Configuration(proxyBeanMethods = false)
public class OperationalEndpoints {

    /** {@code GET /actuator/hubparkedmail}. */
    @Endpoint(id = "hubparkedmail")
    public static class ParkedMail {
        private final OperationalLists lists;

        ParkedMail(OperationalLists lists) {
            this.lists = lists;
        }

        @ReadOperation
        public Map<String, Object> list() {
            return lists.parkedMail();
        }
    }

    /** {@code GET /actuator/hubdeadletters}. */
    @Endpoint(id = "hubdeadletters")
    public static class DeadLetters {
        private final OperationalLists lists;

        DeadLetters(OperationalLists lists) {
            this.lists = lists;
        }

        @ReadOperation
        public Map<String, Object> list() {
            return lists.deadLetters();
        }
    }

    /** {@code GET /actuator/huboutbox}: pending work per destination and status. */
    @Endpoint(id = "huboutbox")
    public static class Outbox {
        private final OperationalLists lists;

        Outbox(OperationalLists lists) {
            this.lists = lists;
        }

        @ReadOperation
        public Map<String, List<Map<String, Object>>> list() {
            return Map.of("destinations", lists.outboxByDestination());
        }
    }

    @Bean
    ParkedMail hubParkedMailEndpoint(OperationalLists lists) {
        return new ParkedMail(lists);
    }

    @Bean
    DeadLetters hubDeadLettersEndpoint(OperationalLists lists) {
        return new DeadLetters(lists);
    }

    @Bean
    Outbox hubOutboxEndpoint(OperationalLists lists) {
        return new Outbox(lists);
    }
}
