package org.bgpsentry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertStatus;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.daemon.alert.AlertJson;
import org.bgpsentry.daemon.alert.Receiver;
import org.bgpsentry.daemon.kafka.KafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's failure cases on a real broker, with collector and detectors in this JVM: bad
 * records on the events topic are skipped and counted; a third detector joining takes a share
 * and nothing is delivered twice; a collector restarted re-sends what it holds without a false
 * alert or a second firing; the broker stopped for 60 s and started again: the collector holds
 * its backlog, the detector resumes and the final state is exact.
 */
class KafkaFailuresTest {
  private static final String LOCAL = "127.0.0.101";
  private static final String ORIGIN = "127.0.0.102";
  private static final String TRANSIT = "127.0.0.103";
  private static final int PREFIXES = 12;
  private static final Duration WAIT = Duration.ofSeconds(120);

  @TempDir Path dir;
  private String bootstrap;
  private int bgpPort;
  private final List<Daemon> running = new ArrayList<>();

  private static Prefix registered(int i) {
    return Prefix.parse("198.51." + i + ".0/24");
  }

  private static Prefix hijack(int i) {
    return Prefix.parse("198.51." + i + ".128/25");
  }

  private Daemon.Loaded config(String name, String yaml) throws Exception {
    StringBuilder reg = new StringBuilder("prefixes:\n");
    for (int i = 0; i < PREFIXES; i++) {
      reg.append("  - {prefix: ").append(registered(i)).append(", origin_asns: [65104]}\n");
    }
    return KafkaDaemons.load(dir.resolve(name), reg.toString(), yaml);
  }

  private Daemon collector() throws Exception {
    Daemon.Loaded c = config("collector", """
        bgp: {listen: "%s:%d", local_asn: 65000, router_id: %s}
        peers:
          - {name: origin, address: %s, remote_asn: 65104}
          - {name: transit, address: %s, remote_asn: 65101}
        kafka: {bootstrap_servers: ["%s"], topic_prefix: f, role: collector}
        """.formatted(LOCAL, bgpPort, LOCAL, ORIGIN, TRANSIT, bootstrap));
    Daemon d = KafkaDaemons.daemon(c);
    d.start();
    running.add(d);
    return d;
  }

  private Daemon detector(String name, Receiver hook) throws Exception {
    Daemon.Loaded c = config(name, """
        alerts:
          webhooks:
            - {name: noc, url: "%s", format: json}
        kafka: {bootstrap_servers: ["%s"], topic_prefix: f, role: detector}
        """.formatted(hook.uri("/hook"), bootstrap));
    Daemon d = KafkaDaemons.daemon(c);
    d.start();
    running.add(d);
    return d;
  }

  private static ApiClient api(Daemon d) {
    return new ApiClient(() -> d.httpAddress().getPort());
  }

  private static int owned(Daemon d) {
    return (int) api(d).text("/metrics").lines().filter(l -> l.startsWith("bgpsentry_kafka_consumer_lag{")).count();
  }

  private static List<Alert> alerts(Receiver hook, String type) {
    List<Alert> out = new ArrayList<>();
    for (Receiver.Post p : hook.posts) {
      Alert a = AlertJson.read(p.body());
      if (a.type().wireName().equals(type)) {
        out.add(a);
      }
    }
    return out;
  }

  private static long count(Receiver hook, String type, AlertStatus status) {
    return alerts(hook, type).stream().filter(a -> a.status() == status).map(Alert::key).distinct().count();
  }

  /** Each key has one id, and no (id, status) arrived twice. */
  private static void assertOneIdPerKeyNoDuplicates(Receiver hook) {
    Map<String, Set<String>> ids = new HashMap<>();
    Map<String, Integer> seen = new HashMap<>();
    for (Alert a : alerts(hook, "subprefix_hijack")) {
      ids.computeIfAbsent(a.key(), k -> new HashSet<>()).add(a.id());
      seen.merge(a.id() + " " + a.status().wireName(), 1, Integer::sum);
    }
    ids.forEach((k, v) -> assertThat(v).as("ids of " + k).hasSize(1));
    seen.forEach((k, n) -> assertThat(n).as("deliveries of " + k).isEqualTo(1));
  }

  private void stopAll() {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
    running.clear();
  }

  @Test
  void badRecordsAreSkippedAndAThirdDetectorTakesAShareWithoutDuplicates() throws Exception {
    bgpPort = DaemonTest.freePort(LOCAL);
    try (KafkaBroker broker = KafkaBroker.start(dir.resolve("broker")); Receiver hook = new Receiver()) {
      bootstrap = broker.bootstrap();
      collector();
      Daemon d1 = detector("d1", hook);
      Receiver.await(() -> owned(d1) == 12, WAIT, "d1 owns every partition");
      Daemon d2 = detector("d2", hook);
      Receiver.await(() -> owned(d2) > 0 && owned(d1) + owned(d2) == 12, WAIT, "d1 and d2 share the partitions");
      try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
          new ByteArraySerializer(), new ByteArraySerializer())) {
        for (int part = 0; part < 12; part++) {
          p.send(new ProducerRecord<>("f.events", part, "x".getBytes(), new byte[] {1, 1, 0, 0, 7})).get();
          p.send(new ProducerRecord<>("f.events", part, "y".getBytes(), new byte[] {9, 1, 2, 3})).get();
        }
      }
      Receiver.await(() -> skipped(d1, "malformed") + skipped(d2, "malformed") == 12
          && skipped(d1, "newer_format") + skipped(d2, "newer_format") == 12, WAIT,
          "every garbage and newer-format record skipped and counted once");
      try (ScriptedPeer origin = new ScriptedPeer(ORIGIN, LOCAL, bgpPort, 65104)) {
        Receiver.await(origin::established, WAIT, "session Established");
        for (int i = 0; i < PREFIXES; i++) {
          origin.announce(registered(i), "192.0.2.4", 65104);
          origin.announce(hijack(i), "192.0.2.4", 65104, 17557);
        }
        Receiver.await(() -> count(hook, "subprefix_hijack", AlertStatus.FIRING) == PREFIXES, WAIT,
            "every hijack fired after the bad records");
        Daemon d3 = detector("d3", hook);
        Receiver.await(() -> owned(d3) > 0 && owned(d1) + owned(d2) + owned(d3) == 12, WAIT,
            "the third detector takes a share");
        for (int i = 0; i < PREFIXES; i++) {
          origin.withdraw(hijack(i));
        }
        Receiver.await(() -> count(hook, "subprefix_hijack", AlertStatus.RESOLVED) == PREFIXES, WAIT,
            "every hijack resolved, wherever its partition went");
      }
      assertOneIdPerKeyNoDuplicates(hook);
      stopAll();
    } finally {
      stopAll();
    }
  }

  private static long sent(Daemon d) {
    return value(d, "bgpsentry_kafka_records_sent_total{topic=\"f.events\"}");
  }

  private static long skipped(Daemon d, String reason) {
    return value(d, "bgpsentry_kafka_records_skipped_total{reason=\"" + reason + "\",topic=\"f.events\"}");
  }

  /** The value of the series {@code series} (name and labels as exported), 0 when absent. */
  private static long value(Daemon d, String series) {
    for (String l : api(d).text("/metrics").lines().toList()) {
      if (l.startsWith(series + " ")) {
        return (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
      }
    }
    return 0;
  }

  @Test
  void aRestartedCollectorRaisesNoFalseAlertAndTheBrokerAwayFor60sLosesNothing() throws Exception {
    bgpPort = DaemonTest.freePort(LOCAL);
    try (KafkaBroker broker = KafkaBroker.start(dir.resolve("broker")); Receiver hook = new Receiver()) {
      bootstrap = broker.bootstrap();
      Daemon collector = collector();
      Daemon detector = detector("d", hook);
      Receiver.await(() -> owned(detector) == 12, WAIT, "the detector owns every partition");
      ScriptedPeer origin = new ScriptedPeer(ORIGIN, LOCAL, bgpPort, 65104);
      ScriptedPeer transit = new ScriptedPeer(TRANSIT, LOCAL, bgpPort, 65101);
      try {
        Receiver.await(() -> origin.established() && transit.established(), WAIT, "sessions Established");
        for (int i = 0; i < PREFIXES; i++) {
          origin.announce(registered(i), "192.0.2.4", 65104);
          transit.announce(registered(i), "192.0.2.1", 65101, 65104);
        }
        origin.announce(hijack(0), "192.0.2.4", 65104, 17557);
        Receiver.await(() -> count(hook, "subprefix_hijack", AlertStatus.FIRING) == 1, WAIT, "the hijack fires");

        // The collector restarts (its sessions end with it); the peers come back and re-send the same routes.
        collector.close();
        running.remove(collector);
      } finally {
        origin.close();
        transit.close();
      }
      Daemon collector2 = collector();
      ScriptedPeer origin2 = new ScriptedPeer(ORIGIN, LOCAL, bgpPort, 65104);
      ScriptedPeer transit2 = new ScriptedPeer(TRANSIT, LOCAL, bgpPort, 65101);
      java.time.Instant peersClosed;
      try {
        Receiver.await(() -> origin2.established() && transit2.established(), WAIT, "sessions Established again");
        for (int i = 0; i < PREFIXES; i++) {
          origin2.announce(registered(i), "192.0.2.4", 65104);
          transit2.announce(registered(i), "192.0.2.1", 65101, 65104);
        }
        origin2.announce(hijack(0), "192.0.2.4", 65104, 17557);
        Receiver.await(() -> sent(collector2) >= 2 * PREFIXES + 1, WAIT, "the re-sent routes in Kafka");

        // The broker away for 60 s: the hijack ends and another starts meanwhile.
        broker.stop();
        Receiver.await(() -> api(detector).text("/metrics").contains("bgpsentry_kafka_up 0.0"), WAIT,
            "the detector sees the cluster gone");
        origin2.withdraw(hijack(0));
        origin2.announce(hijack(1), "192.0.2.4", 65104, 17557);
        Thread.sleep(60_000); // the outage itself, not a wait for a condition
        broker.restart();
        Receiver.await(() -> count(hook, "subprefix_hijack", AlertStatus.RESOLVED) == 1
            && count(hook, "subprefix_hijack", AlertStatus.FIRING) == 2, WAIT,
            "after the outage: the first hijack resolved, the second fired");
        Receiver.await(() -> api(detector).text("/metrics").contains("bgpsentry_kafka_up 1.0"), WAIT, "cluster back");
      } finally {
        peersClosed = java.time.Instant.now();
        origin2.close();
        transit2.close();
      }
      assertThat(alerts(hook, "visibility_loss")).as("no visibility_loss from the restart or the outage").isEmpty();
      // the peers closing their sessions just now do go down (and may already have reached the webhook)
      assertThat(alerts(hook, "peer_down").stream().filter(a -> a.firstSeen().isBefore(peersClosed)))
          .as("a collector's restart is no peer going down").isEmpty();
      assertThat(alerts(hook, "subprefix_hijack").stream()
          .filter(a -> a.status() == AlertStatus.FIRING && a.key().contains(hijack(0).toString())))
          .as("the ongoing hijack fired once, not again after the collector's restart").hasSize(1);
      assertOneIdPerKeyNoDuplicates(hook);
    } finally {
      stopAll();
    }
  }
}
