package org.bgpsentry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertStatus;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.daemon.alert.AlertJson;
import org.bgpsentry.daemon.alert.Receiver;
import org.bgpsentry.daemon.kafka.KafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: two detectors ({@code bgpsentry run} processes) share the registered prefixes; one
 * is killed with -9 in the middle of a burst of hijacks. At the real webhook receiver every
 * transition arrives (a firing and a resolved one per hijack), no alert key ever carries two
 * ids (nothing re-fired with a new id), nothing resolves before its route is withdrawn, and
 * duplicates (a transition delivered twice with the same id and status) are counted and printed.
 */
class KafkaDetectorFailoverTest {
  private static final String LOCAL = "127.0.0.81";
  private static final String ORIGIN = "127.0.0.82";
  private static final int PREFIXES = 24;
  private static final Duration WAIT = Duration.ofSeconds(180);

  @TempDir Path dir;

  private static Prefix registered(int i) {
    return Prefix.parse("198.18." + i + ".0/24");
  }

  private static Prefix hijack(int i) {
    return Prefix.parse("198.18." + i + ".128/25");
  }

  private static String key(int i) {
    return "subprefix_hijack|" + registered(i) + "|" + hijack(i) + "|17557";
  }

  private Path write(String name, String yaml) throws Exception {
    StringBuilder reg = new StringBuilder("prefixes:\n");
    for (int i = 0; i < PREFIXES; i++) {
      reg.append("  - {prefix: ").append(registered(i)).append(", origin_asns: [65104]}\n");
    }
    return KafkaDaemons.write(dir.resolve(name), reg.toString(), yaml);
  }

  private Process detector(String name, int httpPort, KafkaBroker broker, Receiver hook) throws Exception {
    Path cfg = write(name, "http: {listen: \"127.0.0.1:%d\"}\n".formatted(httpPort)
        + KafkaDaemons.webhook(hook) + KafkaDaemons.kafka(broker, "fo", "detector"));
    return KafkaDaemons.run(cfg, dir.resolve(name + ".log"));
  }

  private static int ownedPartitions(ApiClient api) {
    return (int) api.text("/metrics").lines().filter(l -> l.startsWith("bgpsentry_kafka_consumer_lag{")).count();
  }

  @Test
  void killingOneDetectorDuringABurstLosesNothingAndReFiresNothing() throws Exception {
    int bgpPort = DaemonTest.freePort(LOCAL);
    int portA = DaemonTest.freePort("127.0.0.1");
    int portB = DaemonTest.freePort("127.0.0.1");
    long killedAt = 0;
    long takeoverMs = 0;
    Map<String, Instant> withdrawnAt = new java.util.concurrent.ConcurrentHashMap<>();
    List<String> early = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (KafkaBroker broker = KafkaBroker.start(dir.resolve("broker")); Receiver hook = new Receiver()) {
      hook.onPost = p -> {
        Alert a = AlertJson.read(p.body());
        if (a.status() == AlertStatus.RESOLVED && a.type().wireName().equals("subprefix_hijack")
            && !withdrawnAt.containsKey(a.key())) {
          early.add(a.key() + " resolved before its withdrawal");
        }
      };
      Path collectorCfg = write("collector", """
          bgp: {listen: "%s:%d", local_asn: 65000, router_id: %s}
          peers:
            - {name: origin, address: %s, remote_asn: 65104}
          http: {listen: "127.0.0.1:0"}
          kafka: {bootstrap_servers: ["%s"], topic_prefix: fo, role: collector}
          """.formatted(LOCAL, bgpPort, LOCAL, ORIGIN, broker.bootstrap()));
      Daemon.Loaded c = Daemon.load(collectorCfg);
      Process a = detector("a", portA, broker, hook);
      Process b = null;
      try (Daemon collector = KafkaDaemons.daemon(c)) {
        collector.start();
        ApiClient apiA = new ApiClient(() -> portA);
        ApiClient apiB = new ApiClient(() -> portB);
        Receiver.await(() -> ownedPartitions(apiA) == 12, WAIT, "detector a owns all 12 partitions");
        b = detector("b", portB, broker, hook);
        Receiver.await(() -> ownedPartitions(apiB) > 0 && ownedPartitions(apiA) + ownedPartitions(apiB) == 12, WAIT,
            "the group shares the partitions between a and b");
        try (ScriptedPeer origin = new ScriptedPeer(ORIGIN, LOCAL, bgpPort, 65104)) {
          Receiver.await(origin::established, WAIT, "session Established at the collector");
          for (int i = 0; i < PREFIXES; i++) {
            origin.announce(registered(i), "192.0.2.4", 65104);
          }
          for (int i = 0; i < PREFIXES; i++) {
            origin.announce(hijack(i), "192.0.2.4", 65104, 17557);
            if (i == PREFIXES / 2) {
              a.destroyForcibly(); // kill -9 in the middle of the burst
              assertThat(a.waitFor(30, TimeUnit.SECONDS)).isTrue();
              killedAt = System.nanoTime();
            }
          }
          Receiver.await(() -> ownedPartitions(apiB) == 12, WAIT, "b takes a's partitions over");
          takeoverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
          Receiver.await(() -> firingKeys(hook).size() == PREFIXES, WAIT, "a firing transition for every hijack");
          for (int i = 0; i < PREFIXES; i++) {
            withdrawnAt.put(key(i), Instant.now());
            origin.withdraw(hijack(i));
          }
          Receiver.await(() -> resolvedKeys(hook).size() == PREFIXES, WAIT, "a resolved transition for every hijack");
        }
        Map<String, Set<String>> idsByKey = new HashMap<>();
        Map<String, Integer> deliveries = new HashMap<>();
        for (Receiver.Post p : hook.posts) {
          Alert alert = AlertJson.read(p.body());
          if (!alert.type().wireName().equals("subprefix_hijack")) {
            continue;
          }
          idsByKey.computeIfAbsent(alert.key(), k -> new HashSet<>()).add(alert.id());
          deliveries.merge(alert.id() + " " + alert.status().wireName(), 1, Integer::sum);
        }
        int duplicates = deliveries.values().stream().mapToInt(n -> n - 1).sum();
        long eventBytes = eventsTopicBytes(broker.bootstrap());
        long eventRecords = new ApiClient(() -> collector.httpAddress().getPort()).text("/metrics").lines()
            .filter(l -> l.startsWith("bgpsentry_kafka_records_sent_total{topic=\"fo.events\"}"))
            .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        System.out.println("KafkaDetectorFailoverTest: " + hook.posts.size() + " posts, " + duplicates
            + " duplicate deliveries (same id and status); b owned every partition " + takeoverMs
            + " ms after kill -9 (at most, polled); fo.events: " + eventRecords + " records, " + eventBytes
            + " bytes in the log (" + (eventRecords == 0 ? 0 : eventBytes / eventRecords) + " bytes per record)");
        assertThat(idsByKey).hasSize(PREFIXES);
        idsByKey.forEach((k, ids) -> assertThat(ids).as("ids of " + k + " (re-fired with a new id?)").hasSize(1));
        assertThat(early).as("nothing resolves before its route is withdrawn").isEmpty();
      } finally {
        for (Process p : new ArrayList<>(java.util.Arrays.asList(a, b))) {
          if (p != null) {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
              p.destroyForcibly();
            }
          }
        }
      }
    }
  }

  /** Bytes of {@code fo.events} in the broker's log directories (lz4 batches as stored). */
  private static long eventsTopicBytes(String bootstrap) throws Exception {
    try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
        Map.of(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      long bytes = 0;
      for (var dirs : admin.describeLogDirs(List.of(1)).allDescriptions().get().values()) {
        for (var dir : dirs.values()) {
          for (var e : dir.replicaInfos().entrySet()) {
            if (e.getKey().topic().equals("fo.events")) {
              bytes += e.getValue().size();
            }
          }
        }
      }
      return bytes;
    }
  }

  private static Set<String> firingKeys(Receiver hook) {
    return keys(hook, AlertStatus.FIRING);
  }

  private static Set<String> resolvedKeys(Receiver hook) {
    return keys(hook, AlertStatus.RESOLVED);
  }

  private static Set<String> keys(Receiver hook, AlertStatus status) {
    Set<String> out = new HashSet<>();
    for (Receiver.Post p : hook.posts) {
      Alert a = AlertJson.read(p.body());
      if (a.status() == status && a.type().wireName().equals("subprefix_hijack")) {
        out.add(a.key());
      }
    }
    return out;
  }
}
