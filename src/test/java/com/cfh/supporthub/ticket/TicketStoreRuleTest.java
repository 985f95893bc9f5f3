package com.cfh.supporthub.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The rule of docs/ticket-store.md as a test: no class but {@link TicketStore} writes the ticket's tables.
 * A new writer that runs its own SQL fails here instead of in review.
 */
class TicketStoreRuleTest {

    private static final Pattern WRITE = Pattern.compile(
            "(UPDATE|INSERT INTO|DELETE FROM) (ticket|ticket_message|ticket_participant|ticket_event|sla_cycle_history)\\b");

    @Test
    @DisplayName("P06: only TicketStore writes ticket, ticket_message, ticket_participant, ticket_event and sla_cycle_history")
    void onlyTicketStoreWritesTheTicketTables_P06() throws IOException {
        List<String> writers;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            writers = files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    return WRITE.matcher(Files.readString(p)).find();
                } catch (IOException e) {
                    throw new IllegalStateException(p.toString(), e);
                }
            }).map(p -> p.getFileName().toString()).toList();
        }
        assertThat(writers).containsExactly("TicketStore.java");
    }
}
