package org.bgpsentry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bgpsentry.daemon.UpdateToWebhookBench.Entry;
import org.bgpsentry.daemon.UpdateToWebhookBench.Table;
import org.bgpsentry.daemon.kafka.KafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's scale figures: N collectors ({@code bin/bgpsentry run}, {@code role: collector}),
 * each fed the full table by the bench harness's {@code blaster.py}, publish through one real
 * Kafka broker (KRaft, {@link KafkaBroker}) to two detectors ({@code role: detector}) sharing
 * 10,000 registered prefixes (the same registry as {@link UpdateToWebhookBench}: 8,000 IPv4 /24s
 * and 2,000 IPv6 /48s of the table with their real origins). A measurement, not a check (run only
 * by the {@code bench} profile); it holds fixed loopback addresses, so run it under {@code flock
 * /tmp/bgpsentry-external.lock}.
 *
 * <p>Phases and what each prints:
 * <ol>
 *   <li>table: every blaster starts at once; from the first route counted at any collector to
 *       every collector holding its full table and the detectors having received every record the
 *       collectors sent to {@code <prefix>.events}: routes/s taken by the collectors and route
 *       events/s delivered through Kafka;
 *   <li>UPDATE to webhook: a {@link ScriptedPeer} (127.0.0.3) on the first collector announces
 *       registered IPv4 prefixes from a foreign origin, one every 20 ms; each firing {@code
 *       origin_hijack} is timed at the webhook from the moment its UPDATE is written: p50/p99;
 *   <li>RSS (VmRSS and peak VmHWM from /proc) of the broker, each collector and each detector;
 *       bytes of {@code <prefix>.events} in the broker's log per record sent;
 *   <li>takeover: the first detector is killed with -9; the time until the second owns every
 *       partition, then until its consumer lag is 0 on all of them (state rebuilt), then UPDATE to
 *       webhook again through the survivor;
 *   <li>with {@code -Dbgpsentry.bench.takeovers=N}, N-1 more takeovers by the same survivor: a
 *       new detector joins and takes its share, 300 hijacks go through both, the newcomer is
 *       killed with -9, 300 more go through the survivor; each round's p50/p99 before and after.
 * </ol>
 *
 * <pre>
 * flock /tmp/bgpsentry-external.lock mvn -B -ntp -q -pl daemon -am -Pbench verify \
 *   -Dit.test=KafkaScaleBench -Dbgpsentry.bench.dir=HARNESS -Dbgpsentry.bench.table=.../table.bin \
 *   [-Dbgpsentry.bench.collectors=2] [-Dbgpsentry.bench.takeovers=1]
 * </pre>
 *
 * The table's pre-encoded stream ({@code stream.cache} next to it, or {@code
 * -Dbgpsentry.bench.cache}) is written when missing: point {@code bgpsentry.bench.table} at a
 * writable copy.
 */
class KafkaScaleBench {
  static final String FEED = "127.0.0.2";
  static final String HIJACKER = "127.0.0.3";
  static final long FEED_AS = 65001;
  static final long HIJACKER_AS = 65002;
  static final int DETECTORS = 2;
  static final int PARTITIONS = 12;
  static final int HIJACKS = 300;
  static final int HIJACKS_AFTER_TAKEOVER = 300;
  /** Takeovers per run: the first as below, each further one by the same survivor (phase 5). */
  static final int TAKEOVERS = Integer.getInteger("bgpsentry.bench.takeovers", 1);
  static final String TOPICS = "kb";
  static final Duration SETTLE = Duration.ofSeconds(5);
  static final Duration WAIT = Duration.ofMinutes(10);
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** One bgpsentry process and its HTTP API. */
  record Role(String name, Process process, ApiClient api) {
    double sum(String prefix) {
      return api.text("/metrics").lines().filter(l -> l.startsWith(prefix))
          .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    long owned() {
      return api.text("/metrics").lines().filter(l -> l.startsWith("bgpsentry_kafka_consumer_lag{")).count();
    }

    double lag() {
      return sum("bgpsentry_kafka_consumer_lag{");
    }
  }

  @Test
  void collectorsToKafkaToTwoDetectors() throws Exception {
    String harness = System.getProperty("bgpsentry.bench.dir");
    assertThat(harness).as("-Dbgpsentry.bench.dir: the full-table harness (blaster.py, gen_table.py)").isNotNull();
    Path bench = Path.of(harness).toAbsolutePath().normalize();
    Path table = Path.of(System.getProperty("bgpsentry.bench.table", bench.resolve("out/table.bin").toString()));
    Path cache = Path.of(System.getProperty("bgpsentry.bench.cache", table.resolveSibling("stream.cache").toString()));
    int collectors = Integer.getInteger("bgpsentry.bench.collectors", 2);
    assertThat(table).as("no table at " + table + ": generate one with gen_table.py").isReadable();
    Path launcher = EndToEndIT.launcher();

    Table t = Table.read(table);
    List<Entry> registered = t.registry(UpdateToWebhookBench.REGISTERED_V4, UpdateToWebhookBench.REGISTERED_V6);
    List<Entry> v4 = registered.stream().filter(e -> !e.prefix().ipv6()).toList();

    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    Map<String, Long> latency = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> otherAlerts = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.setExecutor(Executors.newFixedThreadPool(4));
    receiver.createContext("/hook", ex -> {
      long at = System.nanoTime();
      JsonNode a = JSON.readTree(ex.getRequestBody().readAllBytes());
      ex.sendResponseHeaders(204, -1);
      ex.close();
      deliveries.computeIfAbsent(a.path("id").asText() + " " + a.path("status").asText(), k -> new AtomicInteger())
          .incrementAndGet();
      Long sent = sentAt.get(a.path("prefix").asText());
      if (sent != null && a.path("type").asText().equals("origin_hijack") && a.path("status").asText().equals("firing")) {
        latency.putIfAbsent(a.path("prefix").asText(), at - sent);
      } else {
        otherAlerts.computeIfAbsent(a.path("type").asText() + " " + a.path("status").asText(), k -> new AtomicInteger())
            .incrementAndGet();
      }
    });
    receiver.start();

    String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
    List<Process> started = new ArrayList<>();
    List<Role> detectors = new ArrayList<>();
    List<Role> sources = new ArrayList<>();
    List<String> collectorAddresses = new ArrayList<>();
    List<Integer> bgpPorts = new ArrayList<>();
    try (KafkaBroker broker = KafkaBroker.start(dir.resolve("broker"))) {
      createTopics(broker.bootstrap());
      for (int i = 0; i < DETECTORS; i++) {
        detectors.add(detector(started, "detector" + i, launcher, registered, receiver.getAddress().getPort(), broker.bootstrap()));
      }
      for (int i = 0; i < collectors; i++) {
        String address = "127.0.0." + (20 + i);
        int bgp = EndToEndIT.freePort(address);
        int http = EndToEndIT.freePort();
        String hijacker = i == 0 ? "\n  - {name: hijacker, address: %s, remote_asn: %d}".formatted(HIJACKER, HIJACKER_AS) : "";
        Path cfg = write("collector" + i, registered, """
            bgp: {listen: "%s:%d", local_asn: 65000, router_id: %s}
            peers:
              - {name: feed, address: %s, remote_asn: %d}%s
            registry: {file: prefixes.yml}
            http: {listen: "127.0.0.1:%d"}
            state_dir: state
            kafka: {bootstrap_servers: ["%s"], topic_prefix: %s, role: collector}
            """.formatted(address, bgp, address, FEED, FEED_AS, hijacker, http, broker.bootstrap(), TOPICS));
        sources.add(new Role("collector" + i, start(started, "collector" + i, launcher, cfg), new ApiClient(() -> http)));
        collectorAddresses.add(address);
        bgpPorts.add(bgp);
      }
      for (Role r : concat(detectors, sources)) {
        EndToEndIT.await(r.name() + " ready on /readyz", WAIT, () -> r.api().status("/readyz") == 200);
      }
      EndToEndIT.await("the detectors share the " + PARTITIONS + " partitions", WAIT,
          () -> detectors.stream().mapToLong(Role::owned).sum() == PARTITIONS
              && detectors.stream().allMatch(d -> d.owned() > 0));

      try (ScriptedPeer hijacker = new ScriptedPeer(HIJACKER, collectorAddresses.get(0), bgpPorts.get(0), HIJACKER_AS)) {
        EndToEndIT.await("the hijacker Established", WAIT, hijacker::established);
        // Phase 1: every collector takes a full table at once.
        for (int i = 0; i < collectors; i++) {
          start(started, "blaster" + i, List.of("python3", bench.resolve("blaster.py").toString(), "send",
              "--table", table.toString(), "--cache", cache.toString(),
              "--connect", collectorAddresses.get(i) + ":" + bgpPorts.get(i),
              "--bind", FEED, "--local-as", String.valueOf(FEED_AS), "--router-id", FEED, "--max-time", "3000"));
        }
        long expected = t.size();
        String sent = "bgpsentry_kafka_records_sent_total{topic=\"" + TOPICS + ".events\"}";
        String received = "bgpsentry_kafka_records_received_total{topic=\"" + TOPICS + ".events\"}";
        EndToEndIT.await("the first routes at a collector", WAIT,
            () -> sources.stream().anyMatch(c -> c.sum("bgpsentry_bgp_routes{") > 0));
        long flowStart = System.nanoTime();
        long[] tableDone = new long[collectors];
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline && java.util.Arrays.stream(tableDone).anyMatch(x -> x == 0)) {
          for (int i = 0; i < collectors; i++) {
            if (tableDone[i] == 0 && sources.get(i).sum("bgpsentry_bgp_routes{") >= expected) {
              tableDone[i] = System.nanoTime();
            }
          }
          Thread.sleep(200);
        }
        assertThat(tableDone).as("every collector holds the full table").doesNotContain(0L);
        double[] deliveredAt = {0, 0};
        EndToEndIT.await(() -> "the detectors received every record sent: " + deliveredAt[1] + " of " + deliveredAt[0],
            WAIT, () -> {
              deliveredAt[0] = sources.stream().mapToDouble(c -> c.sum(sent)).sum();
              deliveredAt[1] = detectors.stream().mapToDouble(d -> d.sum(received)).sum();
              return deliveredAt[0] > 0 && deliveredAt[1] >= deliveredAt[0];
            });
        long e2eDone = System.nanoTime();
        long tableEnd = java.util.Arrays.stream(tableDone).max().getAsLong();
        double events = deliveredAt[0];

        // Phase 2: UPDATE to webhook with the tables in (and the daemons' post-table GC done).
        Thread.sleep(SETTLE.toMillis());
        List<String> hijacks = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < HIJACKS; i++) {
          hijacks.add(hijack(hijacker, v4.get(next++), sentAt));
          Thread.sleep(20);
        }
        EndToEndIT.await(() -> "every hijack at the webhook: " + latency.size() + " of " + hijacks.size(),
            Duration.ofMinutes(3), () -> hijacks.stream().allMatch(latency::containsKey));

        // Phase 3: memory and Kafka bytes.
        Map<String, String> rss = new LinkedHashMap<>();
        brokerPid().ifPresent(pid -> rss.put("broker", rss(pid)));
        for (Role r : concat(sources, detectors)) {
          rss.put(r.name(), rss(r.process().pid()));
        }
        long topicBytes = topicBytes(broker.bootstrap(), TOPICS + ".events");

        // Phase 4: kill -9 one detector.
        Role victim = detectors.get(0);
        Role survivor = detectors.get(1);
        victim.process().destroyForcibly();
        assertThat(victim.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        long killedAt = System.nanoTime();
        EndToEndIT.await("the survivor owns every partition", WAIT, () -> survivor.owned() == PARTITIONS);
        long ownedAt = System.nanoTime();
        EndToEndIT.await("the survivor has read every partition (lag 0)", WAIT, () -> survivor.lag() == 0);
        long caughtUpAt = System.nanoTime();
        List<String> afterTakeover = new ArrayList<>();
        List<Long> pending = new ArrayList<>();
        for (int i = 0; i < HIJACKS_AFTER_TAKEOVER; i++) {
          afterTakeover.add(hijack(hijacker, v4.get(next++), sentAt));
          if (i % 30 == 0) {
            pending.add((long) survivor.sum("bgpsentry_webhook_outbox_pending{"));
          }
          Thread.sleep(20);
        }
        EndToEndIT.await(() -> "every hijack after the takeover at the webhook", Duration.ofMinutes(3),
            () -> afterTakeover.stream().allMatch(latency::containsKey));

        // Phase 5 (-Dbgpsentry.bench.takeovers=N): N-1 more takeovers by the same survivor. A
        // new detector joins and takes its share, hijacks go through both, then the newcomer is
        // killed with -9 and hijacks go through the survivor alone again.
        List<String> rounds = new ArrayList<>();
        for (int round = 2; round <= TAKEOVERS; round++) {
          Role joiner = detector(started, "detector" + round, launcher, registered, receiver.getAddress().getPort(),
              broker.bootstrap());
          EndToEndIT.await(joiner.name() + " ready on /readyz", WAIT, () -> joiner.api().status("/readyz") == 200);
          EndToEndIT.await(joiner.name() + " shares the partitions, both read them", WAIT,
              () -> joiner.owned() > 0 && survivor.owned() + joiner.owned() == PARTITIONS
                  && joiner.lag() == 0 && survivor.lag() == 0);
          Thread.sleep(SETTLE.toMillis());
          List<String> shared = burst(hijacker, v4, next, HIJACKS_AFTER_TAKEOVER, sentAt);
          next += shared.size();
          EndToEndIT.await(() -> "every hijack through two detectors at the webhook", Duration.ofMinutes(3),
              () -> shared.stream().allMatch(latency::containsKey));
          joiner.process().destroyForcibly();
          assertThat(joiner.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
          long killed = System.nanoTime();
          EndToEndIT.await("the survivor owns every partition", WAIT, () -> survivor.owned() == PARTITIONS);
          long owned = System.nanoTime();
          EndToEndIT.await("the survivor has read every partition (lag 0)", WAIT, () -> survivor.lag() == 0);
          long caughtUp = System.nanoTime();
          List<String> alone = burst(hijacker, v4, next, HIJACKS_AFTER_TAKEOVER, sentAt);
          next += alone.size();
          EndToEndIT.await(() -> "every hijack through the survivor at the webhook", Duration.ofMinutes(3),
              () -> alone.stream().allMatch(latency::containsKey));
          rounds.add(String.format("takeover %d (kill -9 of %s): owned all after %.1f s, lag 0 after %.1f s;"
                  + " 2 detectors before: %s; %s alone after: %s; load %s", round, joiner.name(), (owned - killed) / 1e9,
              (caughtUp - killed) / 1e9, stats(shared, latency), survivor.name(), stats(alone, latency),
              Files.readString(Path.of("/proc/loadavg")).trim()));
        }
        int duplicates = deliveries.values().stream().mapToInt(n -> n.get() - 1).sum();
        String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();

        System.out.printf("%n=== Kafka scale-out: %d collector(s) x full table (%,d routes), %d detectors, %,d registered prefixes, %d partitions ===%n",
            collectors, expected, DETECTORS, registered.size(), PARTITIONS);
        for (int i = 0; i < collectors; i++) {
          double s = (tableDone[i] - flowStart) / 1e9;
          System.out.printf("collector%d: full table in %.1f s (%,.0f routes/s), %,.0f records sent to %s.events%n",
              i, s, expected / s, sources.get(i).sum(sent), TOPICS);
        }
        double tableSeconds = (tableEnd - flowStart) / 1e9;
        double e2eSeconds = (e2eDone - flowStart) / 1e9;
        System.out.printf("all collectors: %,d routes in %.1f s: %,.0f routes/s taken%n",
            expected * collectors, tableSeconds, expected * collectors / tableSeconds);
        System.out.printf("end to end: %,.0f route events through Kafka, all received by the detectors %.1f s after the first route"
                + " (%.1f s after the last table was in): %,.0f route events/s; %,.0f table routes/s end to end%n",
            events, e2eSeconds, (e2eDone - tableEnd) / 1e9, events / e2eSeconds, expected * collectors / e2eSeconds);
        System.out.printf("%s.events in the broker's log: %,d bytes, %.1f bytes per record sent%n",
            TOPICS, topicBytes, topicBytes / events);
        report("UPDATE -> webhook through Kafka, tables in, 2 detectors (one hijack every 20 ms)", hijacks, latency);
        System.out.printf("takeover after kill -9 of %s: %s owned all %d partitions after %.1f s, lag 0 after %.1f s%n",
            victim.name(), survivor.name(), PARTITIONS, (ownedAt - killedAt) / 1e9, (caughtUpAt - killedAt) / 1e9);
        report("UPDATE -> webhook through the survivor alone", afterTakeover, latency);
        System.out.println("in send order, every 10th (ms): before the kill " + everyTenth(hijacks, latency)
            + "; through the survivor " + everyTenth(afterTakeover, latency));
        System.out.println("survivor's webhook outbox (transitions not yet delivered), every 30th hijack: " + pending);
        System.out.println("survivor: " + survivor.api().metricLines("bgpsentry_update_to_alert_seconds")
            .lines().filter(l -> !l.contains("_bucket")).toList());
        rss.forEach((k, v) -> System.out.println("RSS " + k + ": " + v));
        System.out.println("duplicate deliveries (same id and status): " + duplicates + "; other alerts: "
            + new java.util.TreeMap<>(otherAlerts));
        System.out.println("load average before: " + loadBefore + ", after: " + loadAfter);
        System.out.printf("takeover 1 (kill -9 of %s): 2 detectors before: %s; %s alone after: %s%n", victim.name(),
            stats(hijacks, latency), survivor.name(), stats(afterTakeover, latency));
        rounds.forEach(System.out::println);
      }
    } catch (AssertionError | RuntimeException e) {
      for (Path log : Files.list(dir).filter(p -> p.toString().endsWith(".log")).toList()) {
        String text = Files.readString(log);
        System.out.println("----- " + log + "\n" + text.substring(Math.max(0, text.length() - 8_000)));
      }
      throw e;
    } finally {
      EndToEndIT.stop(started);
      receiver.stop(0);
    }
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static String hijack(ScriptedPeer s, Entry e, Map<String, Long> sentAt) throws IOException {
    long foreign = e.origin() == 3 ? 4 : 3;
    String key = e.prefix().toString();
    sentAt.put(key, System.nanoTime());
    s.announce(e.prefix(), "192.0.2.3", HIJACKER_AS, 174, foreign);
    return key;
  }

  private static void report(String what, List<String> prefixes, Map<String, Long> latency) {
    long[] ns = prefixes.stream().mapToLong(latency::get).sorted().toArray();
    System.out.printf("%s: n=%d p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n", what, ns.length,
        UpdateToWebhookBench.pct(ns, 50) / 1e6, UpdateToWebhookBench.pct(ns, 90) / 1e6,
        UpdateToWebhookBench.pct(ns, 99) / 1e6, ns[ns.length - 1] / 1e6);
  }

  private static List<Long> everyTenth(List<String> prefixes, Map<String, Long> latency) {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < prefixes.size(); i += 10) {
      out.add(latency.get(prefixes.get(i)) / 1_000_000);
    }
    return out;
  }

  private Path write(String name, List<Entry> entries, String yaml) throws IOException {
    Path d = Files.createDirectories(dir.resolve(name));
    StringBuilder y = new StringBuilder("prefixes:\n");
    for (Entry e : entries) {
      y.append("  - {prefix: ").append(e.prefix()).append(", origin_asns: [").append(e.origin()).append("]}\n");
    }
    Files.writeString(d.resolve("prefixes.yml"), y);
    Files.writeString(d.resolve("bgpsentry.yml"), yaml);
    return d.resolve("bgpsentry.yml");
  }

  /** A detector ({@code role: detector}) with its webhook to the bench's receiver. */
  private Role detector(List<Process> started, String name, Path launcher, List<Entry> registered, int hookPort,
      String bootstrap) throws IOException {
    int http = EndToEndIT.freePort();
    Path cfg = write(name, registered, """
        registry: {file: prefixes.yml}
        detection: {max_path_length: 64}
        http: {listen: "127.0.0.1:%d"}
        state_dir: state
        alerts:
          webhooks:
            - {name: bench, url: "http://127.0.0.1:%d/hook", format: json}
        kafka: {bootstrap_servers: ["%s"], topic_prefix: %s, role: detector}
        """.formatted(http, hookPort, bootstrap, TOPICS));
    return new Role(name, start(started, name, launcher, cfg), new ApiClient(() -> http));
  }

  /** {@code n} hijacks, one every 20 ms, from {@code v4[from]} on; their prefixes. */
  private static List<String> burst(ScriptedPeer hijacker, List<Entry> v4, int from, int n, Map<String, Long> sentAt)
      throws IOException, InterruptedException {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(hijack(hijacker, v4.get(from + i), sentAt));
      Thread.sleep(20);
    }
    return out;
  }

  private static String stats(List<String> prefixes, Map<String, Long> latency) {
    long[] ns = prefixes.stream().mapToLong(latency::get).sorted().toArray();
    return String.format("p50 %.1f ms, p99 %.1f ms, max %.1f ms", UpdateToWebhookBench.pct(ns, 50) / 1e6,
        UpdateToWebhookBench.pct(ns, 99) / 1e6, ns[ns.length - 1] / 1e6);
  }

  private Process start(List<Process> started, String name, Path launcher, Path config) throws IOException {
    return start(started, name, List.of(launcher.toString(), "run", "--config", config.toString()));
  }

  private Process start(List<Process> started, String name, List<String> command) throws IOException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile()).start();
    started.add(p);
    return p;
  }

  /** The broker's JVM: this JVM's child running {@code kafka.Kafka}. */
  private static java.util.Optional<Long> brokerPid() {
    return ProcessHandle.current().children().map(ProcessHandle::pid).filter(pid -> {
      try {
        return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).contains("kafka.Kafka");
      } catch (IOException e) {
        return false;
      }
    }).findFirst();
  }

  /** VmRSS and VmHWM (peak) of a process, from /proc. */
  private static String rss(long pid) {
    try {
      String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
      return status.lines().filter(l -> l.startsWith("VmRSS") || l.startsWith("VmHWM"))
          .map(l -> l.replaceAll("\\s+", " ")).reduce((a, b) -> a + ", " + b).orElse("?");
    } catch (IOException e) {
      return "? (" + e.getMessage() + ")";
    }
  }

  /**
   * Creates the topics as docs/scaling.md describes, before any daemon starts: a daemon creates
   * them itself only from its {@code ClusterWatch} timer, and a detector's consumer (or the
   * registry's producer) that reaches the broker first has it auto-create {@code events} with
   * the broker's default of 1 partition and {@code registry} uncompacted.
   */
  private static void createTopics(String bootstrap) throws Exception {
    Map<String, String> compact = Map.of("cleanup.policy", "compact");
    try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
        Map.of(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.createTopics(List.of(
          new org.apache.kafka.clients.admin.NewTopic(TOPICS + ".events", PARTITIONS, (short) 1).configs(compact),
          new org.apache.kafka.clients.admin.NewTopic(TOPICS + ".registry", 1, (short) 1).configs(compact),
          new org.apache.kafka.clients.admin.NewTopic(TOPICS + ".alert_state", 1, (short) 1).configs(compact),
          new org.apache.kafka.clients.admin.NewTopic(TOPICS + ".alerts", 1, (short) 1),
          new org.apache.kafka.clients.admin.NewTopic(TOPICS + ".bmp_raw", 1, (short) 1))).all().get();
    }
  }

  /** Bytes of {@code topic} in the broker's log directories (lz4 batches as stored). */
  private static long topicBytes(String bootstrap, String topic) throws Exception {
    try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
        Map.of(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      long bytes = 0;
      for (var dirs : admin.describeLogDirs(List.of(1)).allDescriptions().get().values()) {
        for (var d : dirs.values()) {
          for (var e : d.replicaInfos().entrySet()) {
            if (e.getKey().topic().equals(topic)) {
              bytes += e.getValue().size();
            }
          }
        }
      }
      return bytes;
    }
  }
}
