package com.cfh.supporthub.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.cfh.supporthub.intake.IdAllocator;
import com.cfh.supporthub.outbox.MailMessageIds;
import com.cfh.supporthub.sla.SlaColumns;
import com.cfh.supporthub.support.EmailIT;
import com.cfh.supporthub.support.HubHttp;
import com.cfh.supporthub.support.MailServers;
import com.cfh.supporthub.support.PackagedHub;

/**
 * Outbound mail benchmark (issue 15.3): N queued customer mails (default 15,000) drained by the hub's
 * {@code outbox-customer-mail} route to an SMTP sink (GreenMail in this JVM), with one node (this JVM's hub, HSQLDB
 * or PostgreSQL) or two (-Dhub.bench.nodes=2: plus a packaged hub as a child process on the same PostgreSQL
 * database). Each mail exactly once is asserted (distinct Message-IDs at the sink = N = messages at the sink);
 * timings are only reported, with the sink's own ceiling measured in the same run as the baseline (this JVM sending
 * N prebuilt messages over one SMTP connection). Not a test: run {@code bench/outbound-bench.sh}.
 */
@EnabledIfSystemProperty(named = "hub.bench", matches = "outbound", disabledReason = "benchmark: bench/outbound-bench.sh")
class OutboundBenchmark extends EmailIT {

    private static final PackagedHub HUBS = new PackagedHub();

    @Autowired
    IdAllocator ids;
    @Autowired
    MailMessageIds messageIds;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    /** Each node's CPU budget in cores (cgroup CPU quota), or null: this JVM's hub is node 1, nodes unconstrained. */
    private static final String NODE_CPUS = blankToNull(System.getProperty("hub.bench.node-cpus"));

    /**
     * Postfix's smtp-sink as the SMTP server (its port and its dump file, -D), or null: GreenMail in this JVM. The
     * script starts it; a C server that only writes what it receives, so the figures are the hub's, not the sink's.
     */
    private static final Integer SINK_PORT = Integer.getInteger("hub.bench.sink-port");
    private static final String SINK_DUMP = System.getProperty("hub.bench.sink-dump");

    private final List<Node> nodes = new ArrayList<>();

    /** A packaged node: its process, its HTTP port, and its cgroup when it runs on a CPU budget. */
    private record Node(Process process, HubHttp http, Path cgroup) {
    }

    @DynamicPropertySource
    static void outbound(DynamicPropertyRegistry registry) {
        // this node's route runs as in production (a timer), every second; with node CPU budgets every node is a
        // packaged child process and this JVM only seeds, receives (the sink) and checks
        registry.add("hub.outbox.destinations.customer-mail.enabled", () -> String.valueOf(NODE_CPUS == null));
        registry.add("hub.outbox.destinations.customer-mail.poll-interval", () -> "1s");
        registry.add("hub.outbox.destinations.customer-mail.batch-size",
                () -> System.getProperty("hub.bench.batch", "50"));
        registry.add("hub.products.docmail.mailbox.host", () -> "");
        registry.add("hub.products.runmy.mailbox.host", () -> "");
        registry.add("hub.products.docmail.mailboxes.billing.host", () -> "");
    }

    @AfterAll
    static void stop() {
        HUBS.stopAll();
    }

    @org.junit.jupiter.api.AfterEach
    void removeCgroups() throws Exception {
        for (Node node : nodes) {
            node.process().destroyForcibly().waitFor();
            if (node.cgroup() != null) {
                Files.deleteIfExists(node.cgroup());
            }
        }
    }

    @Test
    void drain() throws Exception {
        int n = Integer.getInteger("hub.bench.messages", 15_000);
        int nodes = Integer.getInteger("hub.bench.nodes", 1);
        String run = UUID.randomUUID().toString().substring(0, 8);
        double sinkRate = sinkCeiling(n, run);

        if (NODE_CPUS != null) {
            for (int i = 1; i <= nodes; i++) {
                startNode(i);
            }
        } else if (nodes == 2) {
            startNode(2);
        }
        // warm-up, as JMH does: rounds of mails until the JIT has settled on every packaged node (its compiler
        // threads took under 10 % of the node's CPU in the last round), at most hub.bench.warmup-rounds; a node on
        // a small CPU budget otherwise spends the measured run compiling
        int warmup = Integer.getInteger("hub.bench.warmup", 5_000) * Math.max(1, this.nodes.size());
        int maxRounds = Integer.getInteger("hub.bench.warmup-rounds", 8);
        int rounds = 0;
        double compiling = 1;
        while (warmup > 0 && rounds < maxRounds && compiling > 0.10) {
            List<java.util.Map<String, Long>> t0 = threadsOf();
            String tag = run + "w" + rounds;
            Queued w = queue(warmup, tag);
            release(w);
            awaitFinished(w);
            rounds++;
            compiling = compilerShare(t0, threadsOf());
            System.out.printf(Locale.ROOT, "warm-up round %d: %d mails, JIT compiler share of the nodes' CPU %.2f%n", rounds,
                    warmup, compiling);
        }
        // queued, not yet due: then all due at one instant
        Queued measured = queue(n, run);
        long[] sentBefore = sentPerNode();
        Cpu before = Cpu.sample(this.nodes);
        List<java.util.Map<String, Long>> threadsBefore = threadsOf();
        Instant start = release(measured);
        awaitFinished(measured);
        Instant last = jdbc.queryForObject("SELECT MAX(delivered_at) FROM outbox WHERE id BETWEEN ? AND ? AND payload LIKE ?",
                java.time.OffsetDateTime.class, measured.first(), measured.last(), measured.like()).toInstant();
        double seconds = Duration.between(start, last).toMillis() / 1000.0;
        Cpu used = Cpu.sample(this.nodes).minus(before);
        long[] sentAfter = sentPerNode();
        double compilingInRun = compilerShare(threadsBefore, threadsOf());

        assertThat(count("SELECT COUNT(*) FROM outbox WHERE id BETWEEN ? AND ? AND status = 'DONE' AND payload LIKE ?",
                measured.first(), measured.last(), measured.like())).isEqualTo(n);
        Set<String> distinct = new HashSet<>();
        int received = 0;
        if (SINK_PORT != null) {
            List<String> ids = sinkMessageIds("-" + run + "@sink.example>");
            received = ids.size();
            distinct.addAll(ids);
        } else {
            for (MimeMessage m : MailServers.greenMail().getReceivedMessages()) {
                String to = m.getRecipients(Message.RecipientType.TO)[0].toString();
                if (to.endsWith("-" + run + "@sink.example")) {
                    received++;
                    distinct.add(m.getMessageID());
                }
            }
        }
        assertThat(received).as("messages at the sink").isEqualTo(n);
        assertThat(distinct).as("distinct Message-IDs at the sink").hasSize(n);
        String db = "postgres".equals(System.getProperty("spring.profiles.active")) ? "PostgreSQL" : "HSQLDB";
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        String setUp = NODE_CPUS == null ? (nodes == 1 ? "this JVM's hub" : "this JVM's hub + a packaged hub")
                : "packaged hubs, each on a CPU budget of " + NODE_CPUS + " core(s)";
        String report = String.format(Locale.ROOT, "outbound: %d mails, %d node(s) (%s), %s, batch %s: %.1f s = %.0f mails/s; "
                        + "sink %s, ceiling (one connection from this JVM) %.0f mails/s, ratio %.2f; %d received, %d distinct "
                        + "Message-IDs; after %d warm-up round(s) of %d mails, JIT compiler share during the run %.2f; per node %s; CPU ms per mail: %s; load average %.1f%n", n, nodes, setUp, db,
                System.getProperty("hub.bench.batch", "50"), seconds, n / seconds,
                SINK_PORT == null ? "GreenMail in this JVM" : "Postfix smtp-sink", sinkRate, (n / seconds) / sinkRate,
                received, distinct.size(), rounds, warmup, compilingInRun, perNode(sentBefore, sentAfter), used.perMail(n, seconds), load);
        System.out.print(report);
        Files.writeString(Path.of("target/outbound-bench.txt"), report, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    private void insert(List<Object[]> rows) {
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO outbox (id, event_type, payload, status, available_at, created_at, destination, "
                    + "priority, message_id) VALUES (?, 'mail.notice', ?, 'PENDING', ?, ?, 'customer-mail', 1, ?)", rows);
            rows.clear();
        }
    }

    /** The sink's ceiling: n prebuilt messages over one SMTP connection from this JVM, mails/s. */
    private double sinkCeiling(int n, String run) throws Exception {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", "127.0.0.1");
        p.setProperty("mail.smtp.port", String.valueOf(smtpPort()));
        Session session = Session.getInstance(p);
        List<MimeMessage> messages = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(new InternetAddress("help@support.example"));
            m.addRecipient(Message.RecipientType.TO, new InternetAddress("b" + i + "-" + run + "@baseline.example"));
            m.setSubject("Baseline " + i);
            m.setText("Benchmark mail " + i + ".");
            m.saveChanges();
            messages.add(m);
        }
        long t = System.nanoTime();
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect();
            for (MimeMessage m : messages) {
                transport.sendMessage(m, m.getAllRecipients());
            }
        }
        return n / ((System.nanoTime() - t) / 1e9);
    }

    /**
     * Starts packaged node {@code i} on the same database; with a CPU budget, in a cgroup of its own (cgroup v1
     * {@code cpu} controller, CFS quota = budget x period), like a container's CPU limit.
     */
    private void startNode(int i) throws Exception {
        Path dir = Files.createTempDirectory("outbound-bench-node" + i);
        int port = PackagedHub.freePort();
        Process p = HUBS.start(dir, port, "--spring.profiles.active=postgres",
                "--hub.smtp.host=127.0.0.1", "--hub.smtp.port=" + smtpPort(), "--hub.smtp.from=help@support.example",
                "--hub.outbox.destinations.customer-mail.poll-interval=1s",
                "--hub.outbox.destinations.customer-mail.batch-size=" + System.getProperty("hub.bench.batch", "50"),
                "--spring.quartz.auto-startup=false",
                "--hub.sla.scan.cron=0 0 0 1 1 ? 2099", "--hub.escalation.schedule.cron=0 0 0 1 1 ? 2099",
                "--hub.lifecycle.auto-close.schedule.cron=0 0 0 1 1 ? 2099", "--hub.retention.schedule.cron=0 0 0 1 1 ? 2099",
                "--hub.email.raw-copies.expiry-cron=0 0 0 1 1 ? 2099");
        Path cgroup = null;
        if (NODE_CPUS != null) {
            cgroup = Path.of("/sys/fs/cgroup/cpu/supporthub-bench-node" + i);
            Files.createDirectories(cgroup);
            Files.writeString(cgroup.resolve("cpu.cfs_quota_us"), "-1");
            // every thread of the JVM moves with its process (cgroup.procs), and threads it starts later stay there
            Files.writeString(cgroup.resolve("cgroup.procs"), String.valueOf(p.pid()));
        }
        HubHttp http = new HubHttp(port);
        nodes.add(new Node(p, http, cgroup));
        PackagedHub.awaitReady(http, p, PackagedHub.START_LIMIT);
        if (cgroup != null) {
            // the budget from readiness on: the start (Spring, Flyway, Camel) is not what is measured
            long period = Long.parseLong(Files.readString(cgroup.resolve("cpu.cfs_period_us")).strip());
            Files.writeString(cgroup.resolve("cpu.cfs_quota_us"), String.valueOf(Math.round(Double.parseDouble(NODE_CPUS) * period)));
        }
    }

    /** Mails queued by the benchmark: n rows with ids from first to last (other rows may lie between). */
    private record Queued(String tag, long first, long last, int n) {
        String like() {
            return "%-" + tag + "@sink.example%";
        }
    }

    /** n mails to -tag@sink.example, queued not yet due (available tomorrow). */
    private Queued queue(int n, String tag) {
        Instant later = Instant.now().plus(Duration.ofDays(1));
        List<Object[]> rows = new ArrayList<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            long id = ids.next("outbox_seq");
            first = Math.min(first, id);
            last = Math.max(last, id);
            rows.add(new Object[] {id, "{\"to\":[\"o" + i + "-" + tag + "@sink.example\"],\"cc\":[],\"subject\":\"Outbound "
                    + i + "\",\"text\":\"Benchmark mail " + i + ".\",\"automatic\":false}", SlaColumns.ts(later),
                    SlaColumns.ts(Instant.now()), messageIds.forRow("customer-mail", null, id)});
            if (rows.size() == 1000) {
                insert(rows);
            }
        }
        insert(rows);
        return new Queued(tag, first, last, n);
    }

    /**
     * Makes the queued mails due at one instant, returned. The benchmark's own queries read the rows by id range
     * (the primary key), so that its polling costs PostgreSQL nearly nothing however many rows earlier runs left.
     */
    private Instant release(Queued q) {
        Instant now = Instant.now();
        jdbc.update("UPDATE outbox SET available_at = ? WHERE id BETWEEN ? AND ? AND status = 'PENDING' AND payload LIKE ?",
                SlaColumns.ts(now), q.first(), q.last(), q.like());
        return now;
    }

    private void awaitFinished(Queued q) {
        await().atMost(Duration.ofHours(1)).pollInterval(Duration.ofMillis(500))
                .until(() -> count("SELECT COUNT(*) FROM outbox WHERE id BETWEEN ? AND ? AND status <> 'PENDING' AND payload LIKE ?",
                        q.first(), q.last(), q.like()) >= q.n());
    }

    /**
     * What each node has delivered so far, from its hub_outbox_mail_sent_total (this JVM's hub, when it is node
     * 1, from its own registry).
     */
    private long[] sentPerNode() {
        List<Long> sent = new ArrayList<>();
        if (NODE_CPUS == null) {
            io.micrometer.core.instrument.Counter own = meters.find("hub.outbox.mail.sent").tag("destination", "customer-mail")
                    .counter();
            sent.add(own == null ? 0 : Math.round(own.count()));
        }
        for (Node node : nodes) {
            String text = node.http().send(node.http().asAdmin(node.http().get("/actuator/prometheus"))).body();
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile("(?m)^hub_outbox_mail_sent_total\\{[^}]*destination=\"customer-mail\"[^}]*} ([0-9.E]+)$")
                    .matcher(text);
            sent.add(m.find() ? Math.round(Double.parseDouble(m.group(1))) : 0);
        }
        return sent.stream().mapToLong(Long::longValue).toArray();
    }

    private String perNode(long[] before, long[] after) {
        List<String> shares = new ArrayList<>();
        for (int i = 0; i < after.length; i++) {
            String name = NODE_CPUS == null ? (i == 0 ? "this JVM" : "packaged node " + (i + 1)) : "packaged node " + (i + 1);
            shares.add(name + " " + (after[i] - before[i]));
        }
        return String.join(", ", shares);
    }

    /** CPU ticks per thread name (numbers cut off) of every packaged node. */
    private List<java.util.Map<String, Long>> threadsOf() throws Exception {
        List<java.util.Map<String, Long>> all = new ArrayList<>();
        for (Node node : nodes) {
            all.add(threads(node.process().pid()));
        }
        return all;
    }

    /** The share of the packaged nodes' CPU between two samples that went to the JIT's compiler threads. */
    private static double compilerShare(List<java.util.Map<String, Long>> before, List<java.util.Map<String, Long>> after) {
        long total = 0;
        long compiler = 0;
        for (int k = 0; k < after.size(); k++) {
            for (var e : after.get(k).entrySet()) {
                long d = e.getValue() - before.get(k).getOrDefault(e.getKey(), 0L);
                total += d;
                if (e.getKey().contains("Compiler")) {
                    compiler += d;
                }
            }
        }
        return total == 0 ? 0 : (double) compiler / total;
    }

    private static java.util.Map<String, Long> threads(long pid) throws Exception {
        java.util.Map<String, Long> ticks = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks.toList()) {
                String stat = Files.readString(t.resolve("stat"));
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9#-]+$", "");
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
            }
        }
        return ticks;
    }

    private static int smtpPort() {
        return SINK_PORT != null ? SINK_PORT : MailServers.smtpPort();
    }

    /**
     * The Message-IDs of the messages smtp-sink dumped (its documented dump format: each message begins with its
     * X-Client-Addr line, then X-Rcpt-Args per recipient, then the message as received) whose recipient ends with
     * {@code rcptSuffix}; one entry per message received, so duplicates show.
     */
    private static List<String> sinkMessageIds(String rcptSuffix) throws Exception {
        List<String> ids = new ArrayList<>();
        boolean ours = false;
        boolean inHeader = false;
        for (String line : Files.readAllLines(Path.of(SINK_DUMP), java.nio.charset.StandardCharsets.ISO_8859_1)) {
            if (line.startsWith("X-Client-Addr: ")) {
                ours = false;
                inHeader = true;
            } else if (inHeader && line.startsWith("X-Rcpt-Args: ") && line.endsWith(rcptSuffix)) {
                ours = true;
            } else if (inHeader && line.isEmpty()) {
                inHeader = false;
            } else if (inHeader && ours && line.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                ids.add(line.substring(11).strip());
            }
        }
        return ids;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /**
     * CPU time used, read from /proc: the packaged nodes, this JVM (the sink, GreenMail; and node 1 when it runs
     * here), PostgreSQL (every postgres process, with the time of backends that ended, counted in their parent's
     * cutime/cstime), and the whole machine's busy time (/proc/stat).
     */
    private record Cpu(double nodes, double self, double postgres, double sink, double machineBusy, int cores) {

        static Cpu sample(List<Node> nodes) throws Exception {
            double nodeSeconds = 0;
            for (Node n : nodes) {
                nodeSeconds += n.process().toHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
            }
            double self = ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
            double pg = 0;
            double sink = 0;
            try (var procs = Files.list(Path.of("/proc"))) {
                for (Path proc : procs.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                    try {
                        String stat = Files.readString(proc.resolve("stat"));
                        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                        if (name.equals("smtp-sink")) {
                            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                            sink += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
                        } else if (name.startsWith("postgres")) {
                            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                            // fields 14-17 of proc(5): utime stime cutime cstime (f[0] is field 3)
                            pg += (Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14])) / 100.0;
                        }
                    } catch (java.io.IOException | RuntimeException gone) {
                        // a process that ended between the listing and the read
                    }
                }
            }
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            double busy = 0;
            for (int k = 1; k < cpu.length; k++) {
                if (k != 4 && k != 5) { // idle, iowait
                    busy += Long.parseLong(cpu[k]) / 100.0;
                }
            }
            return new Cpu(nodeSeconds, self, pg, sink, busy, Runtime.getRuntime().availableProcessors());
        }

        Cpu minus(Cpu o) {
            return new Cpu(nodes - o.nodes, self - o.self, postgres - o.postgres, sink - o.sink, machineBusy - o.machineBusy,
                    cores);
        }

        String perMail(int n, double seconds) {
            return String.format(Locale.ROOT, "packaged nodes %.2f, this JVM %.2f, PostgreSQL %.2f, smtp-sink %.2f, "
                            + "machine %.2f (machine busy %.0f%% of %d cores)", nodes * 1000 / n, self * 1000 / n,
                    postgres * 1000 / n, sink * 1000 / n, machineBusy * 1000 / n, 100 * machineBusy / (seconds * cores), cores);
        }
    }
}
