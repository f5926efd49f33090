package org.bgpsentry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
 * docs/scaling.md "Alert state": transitions a detector committed but whose webhook never
 * acknowledged them do not stay in the dead detector's outbox. Detector A ({@code bgpsentry run},
 * alone in the group) posts to a real receiver that accepts hijack 2's firing, then answers 503 to
 * everything: hijack 2's resolution and hijack 1's firing and resolution wait in A's outbox. A is
 * killed with -9; detector B takes the partitions over and delivers those three transitions with
 * A's ids, and not hijack 2's firing, which A delivered and marked. Duplicates at B's receiver
 * (same id and status) are counted and printed.
 */
class KafkaOutboxHandoverTest {
  private static final String LOCAL = "127.0.0.131";
  private static final String ORIGIN = "127.0.0.132";
  private static final Duration WAIT = Duration.ofSeconds(120);

  @TempDir Path dir;

  private static Prefix registered(int i) {
    return Prefix.parse("198.19." + i + ".0/24");
  }

  private static Prefix hijack(int i) {
    return Prefix.parse("198.19." + i + ".128/25");
  }

  private static String key(int i) {
    return "subprefix_hijack|" + registered(i) + "|" + hijack(i) + "|17557";
  }

  private Path write(String name, String yaml) throws Exception {
    return KafkaDaemons.write(dir.resolve(name), """
        prefixes:
          - {prefix: %s, origin_asns: [65104]}
          - {prefix: %s, origin_asns: [65104]}
        """.formatted(registered(1), registered(2)), yaml);
  }

  private Process detector(String name, int httpPort, KafkaBroker broker, Receiver hook) throws Exception {
    Path cfg = write(name, "http: {listen: \"127.0.0.1:%d\"}\n".formatted(httpPort)
        + KafkaDaemons.webhook(hook) + KafkaDaemons.kafka(broker, "ho", "detector"));
    return KafkaDaemons.run(cfg, dir.resolve(name + ".log"));
  }

  private static int ownedPartitions(ApiClient api) {
    return (int) api.text("/metrics").lines().filter(l -> l.startsWith("bgpsentry_kafka_consumer_lag{")).count();
  }

  /** A's resolved alerts by key, from its API. */
  private static Map<String, Alert> resolved(ApiClient api) {
    Map<String, Alert> out = new HashMap<>();
    for (JsonNode n : api.json("/api/v1/alerts?status=resolved").path("alerts")) {
      Alert a = AlertJson.read(n.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      out.put(a.key(), a);
    }
    return out;
  }


  @Test
  void theSurvivorDeliversWhatTheDeadDetectorsWebhookNeverAcknowledged() throws Exception {
    int bgpPort = DaemonTest.freePort(LOCAL);
    int portA = DaemonTest.freePort("127.0.0.1");
    int portB = DaemonTest.freePort("127.0.0.1");
    Process a = null;
    Process b = null;
    try (KafkaBroker broker = KafkaBroker.start(dir.resolve("broker"));
        Receiver hookA = new Receiver();
        Receiver hookB = new Receiver()) {
      Path collectorCfg = write("collector", """
          bgp: {listen: "%s:%d", local_asn: 65000, router_id: %s}
          peers:
            - {name: origin, address: %s, remote_asn: 65104}
          http: {listen: "127.0.0.1:0"}
          kafka: {bootstrap_servers: ["%s"], topic_prefix: ho, role: collector}
          """.formatted(LOCAL, bgpPort, LOCAL, ORIGIN, broker.bootstrap()));
      Daemon.Loaded c = Daemon.load(collectorCfg);
      try (Daemon collector = KafkaDaemons.daemon(c)) {
        collector.start();
        ApiClient apiA = new ApiClient(() -> portA);
        a = detector("a", portA, broker, hookA);
        Receiver.await(() -> ownedPartitions(apiA) == 12, WAIT, "detector a owns all 12 partitions");
        Alert firing2;
        Map<String, Alert> resolvedAtA;
        try (ScriptedPeer origin = new ScriptedPeer(ORIGIN, LOCAL, bgpPort, 65104)) {
          Receiver.await(origin::established, WAIT, "session Established at the collector");
          origin.announce(registered(1), "192.0.2.4", 65104);
          origin.announce(registered(2), "192.0.2.4", 65104);
          origin.announce(hijack(2), "192.0.2.4", 65104, 17557);
          Receiver.await(() -> hookA.alert(key(2), AlertStatus.FIRING) != null, WAIT, "hijack 2 firing delivered by a");
          firing2 = hookA.alert(key(2), AlertStatus.FIRING);
          hookA.status.set(503); // a's receiver stalls from now on
          origin.withdraw(hijack(2));
          origin.announce(hijack(1), "192.0.2.4", 65104, 17557);
          Receiver.await(() -> apiA.text("/api/v1/alerts?status=firing").contains(key(1)), WAIT, "hijack 1 firing at a");
          origin.withdraw(hijack(1));
          Receiver.await(() -> resolved(apiA).keySet().containsAll(List.of(key(1), key(2))), WAIT,
              "both hijacks resolved at a");
          resolvedAtA = resolved(apiA);
          Receiver.await(() -> hookA.refused.get() > 0, WAIT, "a's receiver refusing");
          assertThat(hookA.alert(key(1), AlertStatus.FIRING)).as("a never delivered hijack 1").isNull();
          a.destroyForcibly(); // kill -9 with three transitions in its outbox
          assertThat(a.waitFor(30, TimeUnit.SECONDS)).isTrue();
          ApiClient apiB = new ApiClient(() -> portB);
          b = detector("b", portB, broker, hookB);
          Receiver.await(() -> ownedPartitions(apiB) == 12, WAIT, "b takes a's partitions over");
          Receiver.await(() -> hookB.alert(key(1), AlertStatus.FIRING) != null
                  && hookB.alert(key(1), AlertStatus.RESOLVED) != null
                  && hookB.alert(key(2), AlertStatus.RESOLVED) != null, WAIT,
              "b delivers hijack 1's firing and resolution and hijack 2's resolution");
        }
        String id1 = resolvedAtA.get(key(1)).id();
        String id2 = resolvedAtA.get(key(2)).id();
        assertThat(id2).isEqualTo(firing2.id());
        assertThat(hookB.alert(key(1), AlertStatus.FIRING).id()).as("hijack 1 firing keeps a's id").isEqualTo(id1);
        assertThat(hookB.alert(key(1), AlertStatus.RESOLVED).id()).as("hijack 1 resolved keeps a's id").isEqualTo(id1);
        assertThat(hookB.alert(key(2), AlertStatus.RESOLVED).id()).as("hijack 2 resolved keeps a's id").isEqualTo(id2);
        Map<String, Integer> deliveries = new HashMap<>();
        Set<String> ids = new TreeSet<>();
        for (Receiver.Post p : hookB.posts) {
          Alert x = AlertJson.read(p.body());
          ids.add(x.key() + " " + x.id());
          deliveries.merge(x.id() + " " + x.status().wireName(), 1, Integer::sum);
        }
        int duplicates = deliveries.values().stream().mapToInt(n -> n - 1).sum();
        System.out.println("KafkaOutboxHandoverTest: b delivered " + hookB.posts.size() + " transitions, "
            + duplicates + " duplicate deliveries (same id and status); a's receiver refused " + hookA.refused.get());
        assertThat(ids).as("no alert re-fired with a new id").containsExactlyInAnyOrder(key(1) + " " + id1, key(2) + " " + id2);
        assertThat(hookB.alert(key(2), AlertStatus.FIRING))
            .as("hijack 2's firing was delivered by a and marked so: b does not post it again").isNull();
        assertThat(duplicates).isZero();
      } finally {
        for (Process p : new java.util.ArrayList<>(java.util.Arrays.asList(a, b))) {
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
}
