package com.cfh.supporthub.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.cfh.supporthub.config.HubProperties;
import com.cfh.supporthub.web.ProblemException;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The store step of {@code direct:ticket-intake}: group commit.
 *
 * <p>Every caller hands its envelope to one writer thread and waits. The writer takes everything
 * waiting (up to {@code hub.intake.batch-size}) and stores it in one transaction, so one fsync
 * covers many tickets; each caller returns only after that commit. When a batch fails, its
 * envelopes are stored again one by one, so one bad envelope fails alone.
 */
@Component("ticketWriter")
public class TicketWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TicketWriter.class);

    private final IntakeStore store;
    private final TransactionTemplate tx;
    private final HubProperties properties;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final DistributionSummary batchSizes;
    private volatile boolean running;
    private Thread thread;

    private record Pending(TicketIntake intake, Long threadTicketId, CompletableFuture<IntakeResult> result) {
    }

    public TicketWriter(IntakeStore store, javax.sql.DataSource dataSource,
                        HubProperties properties, MeterRegistry meters) {
        this.store = store;
        this.tx = JdbcTransactions.template(dataSource); // plain JDBC inside: no Hibernate session per batch
        this.properties = properties;
        this.batchSizes = DistributionSummary.builder("hub.intake.batch.size")
                .description("Tickets committed together by the intake writer").register(meters);
    }

    /** Stores the envelope and returns once it is committed. */
    public IntakeResult store(TicketIntake intake, Long threadTicketId) {
        if (!running) {
            throw ProblemException.unavailable("The hub is shutting down; retry on another node or later.");
        }
        Pending pending = new Pending(intake, threadTicketId, new CompletableFuture<>());
        queue.add(pending);
        try {
            return pending.result.get(properties.getIntake().getCommitTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw ProblemException.unavailable("The ticket store did not confirm the write in time; "
                    + "retry with the same Idempotency-Key to be safe from duplicates.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProblemException.unavailable("Interrupted while waiting for the ticket store.");
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        int max = Math.max(1, properties.getIntake().getBatchSize());
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, max - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                log.error("Intake writer failed on a batch of {}", batch.size(), e);
                batch.forEach(p -> p.result.completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
        Pending left;
        while ((left = queue.poll()) != null) {
            left.result.completeExceptionally(ProblemException.unavailable("The hub is shutting down."));
        }
    }

    private void commit(List<Pending> batch) {
        batchSizes.record(batch.size());
        List<IntakeStore.Item> items = batch.stream().map(p -> new IntakeStore.Item(p.intake, p.threadTicketId)).toList();
        try {
            tx.executeWithoutResult(status -> store.store(items));
        } catch (RuntimeException batchFailure) {
            if (batch.size() > 1) {
                log.debug("Batch of {} failed, storing one by one", batch.size(), batchFailure);
            }
            batch.forEach(this::storeAlone);
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            complete(batch.get(i), items.get(i));
        }
    }

    private static void complete(Pending pending, IntakeStore.Item item) {
        if (item.error() != null) {
            pending.result.completeExceptionally(item.error());
        } else {
            pending.result.complete(item.result());
        }
    }

    /**
     * Stores one envelope in its own transaction. A unique-key clash means another node stored the
     * same envelope (or took the same new contact) at the same moment: one more try sees its row.
     */
    private void storeAlone(Pending p) {
        for (int attempt = 1; ; attempt++) {
            IntakeStore.Item item = new IntakeStore.Item(p.intake, p.threadTicketId);
            try {
                tx.executeWithoutResult(s -> store.store(List.of(item)));
                complete(p, item);
                return;
            } catch (DataIntegrityViolationException clash) {
                if (attempt == 2) {
                    p.result.completeExceptionally(clash);
                    return;
                }
            } catch (RuntimeException failure) {
                p.result.completeExceptionally(failure);
                return;
            }
        }
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::run, "intake-writer");
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            try {
                thread.join(properties.getIntake().getCommitTimeout().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the web server and Camel have stopped taking requests, so queued tickets are committed. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
