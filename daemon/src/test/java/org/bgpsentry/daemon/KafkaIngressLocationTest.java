package org.bgpsentry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertStatus;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.daemon.alert.Receiver;
import org.bgpsentry.daemon.kafka.KafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/alerts.md suboptimal_path rule {@code ingress_location} across Kafka: where a peer stands
 * is in the collector's config only; the collector sends it with the peer's Established record
 * (docs/scaling.md), and a detector whose config has no peers raises the alert (best path
 * received in Virginia while a peer stands in Washington) and resolves it once the route is
 * received in Washington too.
 */
class KafkaIngressLocationTest {
  private static final String LOCAL = "127.0.0.121";
  private static final String IAD = "127.0.0.122";
  private static final String SEA = "127.0.0.123";
  private static final Prefix PREFIX = Prefix.parse("203.0.113.0/24");
  private static final String KEY = "suboptimal_path|203.0.113.0/24|203.0.113.0/24|ingress_location";
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path dir;

  private Daemon.Loaded config(String name, String yaml) throws Exception {
    return KafkaDaemons.load(dir.resolve(name), """
        prefixes:
          - {prefix: 203.0.113.0/24, customer: contoso, location: Washington, origin_asns: [65104]}
        """, yaml);
  }

  @Test
  void aDetectorWithoutPeersJudgesIngressByTheCollectorsLocations() throws Exception {
    int bgpPort = DaemonTest.freePort(LOCAL);
    try (KafkaBroker broker = KafkaBroker.start(dir.resolve("broker")); Receiver hook = new Receiver()) {
      Daemon.Loaded c = config("collector", """
          bgp: {listen: "%s:%d", local_asn: 65000, router_id: %s}
          peers:
            - {name: iad, address: %s, remote_asn: 65201, location: Virginia}
            - {name: sea, address: %s, remote_asn: 65202, location: Washington}
          """.formatted(LOCAL, bgpPort, LOCAL, IAD, SEA) + KafkaDaemons.kafka(broker, "loc", "collector"));
      Daemon.Loaded d = config("detector", KafkaDaemons.webhook(hook) + KafkaDaemons.kafka(broker, "loc", "detector"));
      assertThat(d.config().peers()).as("the detector's config places no peer").isEmpty();
      try (Daemon collector = KafkaDaemons.daemon(c); Daemon detector = KafkaDaemons.daemon(d)) {
        collector.start();
        detector.start();
        try (ScriptedPeer iad = new ScriptedPeer(IAD, LOCAL, bgpPort, 65201);
            ScriptedPeer sea = new ScriptedPeer(SEA, LOCAL, bgpPort, 65202)) {
          Receiver.await(() -> iad.established() && sea.established(), WAIT, "both sessions Established at the collector");
          iad.announce(PREFIX, "192.0.2.1", 65201, 65104);
          Receiver.await(() -> hook.alert(KEY, AlertStatus.FIRING) != null, WAIT,
              "suboptimal_path ingress_location firing at the detector's webhook");
          Alert firing = hook.alert(KEY, AlertStatus.FIRING);
          assertThat(firing.details())
              .containsEntry("rule", "ingress_location")
              .containsEntry("best_path_locations", List.of("Virginia"))
              .containsEntry("expected_locations", List.of("Washington"));
          assertThat(firing.peers()).singleElement().satisfies(p -> assertThat(p.name()).isEqualTo("iad"));
          sea.announce(PREFIX, "192.0.2.2", 65202, 65104);
          Receiver.await(() -> hook.alert(KEY, AlertStatus.RESOLVED) != null, WAIT, "the alert resolved once Washington has the route");
          assertThat(hook.alert(KEY, AlertStatus.RESOLVED).id()).isEqualTo(firing.id());
        }
      }
    }
  }
}
