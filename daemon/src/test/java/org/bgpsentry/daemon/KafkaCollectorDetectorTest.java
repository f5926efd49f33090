package org.bgpsentry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertStatus;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.daemon.alert.AlertJson;
import org.bgpsentry.daemon.alert.Receiver;
import org.bgpsentry.daemon.config.BgpsentryConfig;
import org.bgpsentry.daemon.kafka.KafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/scaling.md {@code collector} and {@code detector}: a collector holds the BGP session and
 * raises nothing; a detector with no session of its own consumes the collector's events from a
 * real broker, detects the hijack and its end, and delivers both to its webhook with one id;
 * the collector's webhook gets nothing.
 */
class KafkaCollectorDetectorTest {
  private static final String LOCAL = "127.0.0.71";
  private static final String ORIGIN = "127.0.0.72";
  private static final Prefix REGISTERED = Prefix.parse("203.0.113.0/24");
  private static final Prefix HIJACK = Prefix.parse("203.0.113.128/25");
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path dir;

  private Daemon.Loaded config(String name, String yaml) throws Exception {
    return KafkaDaemons.load(dir.resolve(name), """
        prefixes:
          - {prefix: 203.0.113.0/24, customer: contoso, origin_asns: [65104]}
        """, yaml);
  }

  @Test
  void theCollectorsEventsReachTheDetectorWhichAlonesAlerts() throws Exception {
    int bgpPort = DaemonTest.freePort(LOCAL);
    try (KafkaBroker broker = KafkaBroker.start(dir.resolve("broker"));
        Receiver collectorHook = new Receiver();
        Receiver detectorHook = new Receiver()) {
      Daemon.Loaded c = config("collector", """
          bgp: {listen: "%s:%d", local_asn: 65000, router_id: %s}
          peers:
            - {name: origin, address: %s, remote_asn: 65104}
          alerts:
            webhooks:
              - {name: noc, url: "%s", format: json}
          """.formatted(LOCAL, bgpPort, LOCAL, ORIGIN, collectorHook.uri("/hook"))
          + KafkaDaemons.kafka(broker, "cd", "collector"));
      Daemon.Loaded d = config("detector", KafkaDaemons.webhook(detectorHook) + KafkaDaemons.kafka(broker, "cd", "detector"));
      try (Daemon collector = KafkaDaemons.daemon(c); Daemon detector = KafkaDaemons.daemon(d)) {
        collector.start();
        detector.start();
        ApiClient detectorApi = new ApiClient(() -> detector.httpAddress().getPort());
        Receiver.await(() -> detectorApi.text("/metrics").contains("bgpsentry_kafka_consumer_lag{partition="), WAIT,
            "the detector owns partitions");
        try (ScriptedPeer origin = new ScriptedPeer(ORIGIN, LOCAL, bgpPort, 65104)) {
          Receiver.await(origin::established, WAIT, "session Established at the collector");
          origin.announce(REGISTERED, "192.0.2.4", 65104);
          origin.announce(HIJACK, "192.0.2.4", 65104, 17557);
          Receiver.await(() -> detectorHook.posts.size() >= 1, WAIT, "the firing subprefix_hijack at the detector's webhook");
          origin.withdraw(HIJACK);
          Receiver.await(() -> detectorHook.posts.size() >= 2, WAIT, "the resolved subprefix_hijack");
          Alert firing = AlertJson.read(detectorHook.posts.get(0).body());
          Alert resolved = AlertJson.read(detectorHook.posts.get(1).body());
          assertThat(firing.key()).isEqualTo("subprefix_hijack|203.0.113.0/24|203.0.113.128/25|17557");
          assertThat(firing.status()).isEqualTo(AlertStatus.FIRING);
          assertThat(firing.peers()).singleElement().satisfies(p -> assertThat(p.name()).isEqualTo("origin"));
          assertThat(resolved.key()).isEqualTo(firing.key());
          assertThat(resolved.status()).isEqualTo(AlertStatus.RESOLVED);
          assertThat(resolved.id()).isEqualTo(firing.id());
        }
        Receiver.await(() -> detectorHook.posts.stream().anyMatch(p -> new String(p.body()).contains("peer_down")), WAIT,
            "peer_down once the session closed");
        assertThat(collectorHook.posts).as("a collector raises no alerts").isEmpty();
        assertThat(detectorApi.text("/metrics")).contains("bgpsentry_kafka_records_received_total{topic=\"cd.events\"}");
      }
    }
  }
}
