package com.cfh.supporthub.email;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetHeaders;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.mail.JavaMailSender;
import org.apache.camel.component.mail.MailConsumer;
import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.component.mail.MailMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's IMAP consumer with several messages of one poll in flight (P03, issue 4's drain rate).
 *
 * <p>Camel's {@link MailConsumer} runs the route for one message at a time and marks it seen when that
 * message's exchange completes. This consumer keeps that contract per message: the consumer thread
 * reads each message's raw bytes from the server in mailbox order and hands the exchange to one of
 * {@code workers} threads; the message is marked seen (or moved) by Camel's own commit step only when
 * its own exchange completes, i.e. after its ticket is committed, and a failed exchange leaves it unseen.
 * The poll returns only when every message it took has finished, so the next poll never sees a message
 * still in flight. With several messages waiting, the intake writer's group commit stores them together.
 *
 * <p>Order where it matters: a message that refers (In-Reply-To, References) to a message still in
 * flight in the same poll, or repeats its Message-ID, starts only after that one finished, so a reply
 * threads onto the ticket its original has just opened, exactly as one at a time.
 */
public class ConcurrentMailConsumer extends MailConsumer {

    /** Exchange property holding the raw message the consumer already read from the server. */
    public static final String RAW_MESSAGE = "hub.mail.raw";

    private static final Logger LOG = LoggerFactory.getLogger(ConcurrentMailConsumer.class);

    private final int workers;
    private ExecutorService executor;
    private Semaphore permits;
    /** Message-IDs of this poll's messages still in flight, with what completes when each is done. */
    private final Map<String, CompletableFuture<Void>> inFlight = new HashMap<>();
    private final List<CompletableFuture<Void>> pending = new ArrayList<>();

    public ConcurrentMailConsumer(MailEndpoint endpoint, Processor processor, JavaMailSender sender, int workers) {
        super(endpoint, processor, sender);
        this.workers = workers;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (workers > 1) {
            executor = getEndpoint().getCamelContext().getExecutorServiceManager()
                    .newFixedThreadPool(this, "mail-worker", workers);
            permits = new Semaphore(workers);
        }
        LOG.info("Mail consumer of {}: {} message(s) of a poll at once", getEndpoint().getConfiguration().getMailStoreLogInformation(),
                workers);
    }

    @Override
    protected void doStop() throws Exception {
        if (executor != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownGraceful(executor);
            executor = null;
        }
        super.doStop();
    }

    @Override
    public int processBatch(Queue<Object> exchanges) throws Exception {
        try {
            return super.processBatch(exchanges);
        } finally {
            awaitAll();
        }
    }

    @Override
    protected void processExchange(Exchange exchange) throws Exception {
        if (executor == null) {
            super.processExchange(exchange);
            return;
        }
        Ids ids = prefetch(exchange);
        for (String id : ids.waitFor()) { // a reply to, or a repeat of, a message still in flight waits for it
            CompletableFuture<Void> earlier;
            synchronized (inFlight) {
                earlier = inFlight.get(id);
            }
            if (earlier != null) {
                earlier.join();
            }
        }
        permits.acquire();
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (ids.own() != null) {
            synchronized (inFlight) {
                inFlight.put(ids.own(), done);
            }
        }
        pending.add(done);
        try {
            executor.execute(() -> {
                try {
                    getProcessor().process(exchange);
                } catch (Throwable e) {
                    getExceptionHandler().handleException("Error processing mail", exchange, e);
                } finally {
                    finished(ids, done);
                }
            });
        } catch (RuntimeException rejected) {
            finished(ids, done);
            throw rejected;
        }
    }

    private void finished(Ids ids, CompletableFuture<Void> done) {
        if (ids.own() != null) {
            synchronized (inFlight) {
                inFlight.remove(ids.own(), done);
            }
        }
        permits.release();
        done.complete(null);
    }

    /** A message's own Message-ID (null when it has none) and the ids it refers to. */
    private record Ids(String own, List<String> refs) {
        List<String> waitFor() {
            List<String> all = new ArrayList<>(refs);
            if (own != null) {
                all.add(own);
            }
            return all;
        }
    }

    /**
     * Reads the raw message on the consumer thread (the IMAP connection serves one request at a time
     * anyway) and the ids that order it. A message the server cannot deliver is left to the route,
     * which reads it again and records the failure as it would one at a time.
     */
    private Ids prefetch(Exchange exchange) {
        try {
            byte[] raw = EmailIntake.raw(exchange.getIn(MailMessage.class).getOriginalMessage());
            exchange.setProperty(RAW_MESSAGE, raw);
            InternetHeaders headers = new InternetHeaders(new ByteArrayInputStream(raw));
            // the same reading of the ids as MailParser's, so the ids match the keys threading uses
            return new Ids(MailHeaders.messageId(headers.getHeader("Message-ID", null)),
                    MailHeaders.threadIds(headers.getHeader("In-Reply-To", " "), headers.getHeader("References", " ")));
        } catch (MessagingException | java.io.IOException | RuntimeException e) {
            LOG.debug("Could not read the message ahead; the route reads it", e);
            return new Ids(null, List.of());
        }
    }

    private void awaitAll() {
        for (CompletableFuture<Void> f : pending) {
            f.join();
        }
        pending.clear();
        synchronized (inFlight) {
            inFlight.clear();
        }
    }
}
