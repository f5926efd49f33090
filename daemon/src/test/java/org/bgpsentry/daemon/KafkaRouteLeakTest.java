package org.bgpsentry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertStatus;
import org.bgpsentry.codec.model.Update;
import org.bgpsentry.codec.model.attr.AsPathSegment;
import org.bgpsentry.codec.model.attr.OriginType;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.daemon.alert.Receiver;
import org.bgpsentry.daemon.kafka.KafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/alerts.md route_leak across Kafka, the leaker leading the path: {@code after_asn} is then
 * the receiving network, which only the collector knows (its {@code bgp.local_asn}); it comes with
 * the peer's Established record (docs/scaling.md), and a detector whose config has no peers and no
 * {@code bgp} names it. The peer has no role here (roles: KafkaPeerRoleTest): with ASPA
 * data loaded, a path holding an AS_SET is ASPA-invalid and its neighbour AS the leaker
 * (draft-ietf-sidrops-aspa-verification §6).
 */
class KafkaRouteLeakTest {
  private static final String LOCAL = "127.0.0.124";
  private static final String EDGE = "127.0.0.125";
  private static final Prefix PREFIX = Prefix.parse("203.0.113.0/24");
  private static final String KEY = "route_leak|203.0.113.0/24|203.0.113.0/24|65201";
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path dir;

  private Daemon.Loaded config(String name, String yaml) throws Exception {
    Path d = Files.createDirectories(dir.resolve(name));
    Files.writeString(d.resolve("vrps.json"), """
        {"metadata": {"buildtime": "%s"}, "roas": [],
         "aspas": [{"customer_asid": 65104, "providers": [3356]}]}
        """.formatted(Instant.now()));
    return KafkaDaemons.load(d, """
        prefixes:
          - {prefix: 203.0.113.0/24, customer: contoso, origin_asns: [65104]}
        """, yaml + "rpki: {vrp_file: vrps.json}\n");
  }

  @Test
  void aDetectorNamesTheCollectorsLocalAsAsAfterAsn() throws Exception {
    int bgpPort = DaemonTest.freePort(LOCAL);
    try (KafkaBroker broker = KafkaBroker.start(dir.resolve("broker")); Receiver hook = new Receiver()) {
      Daemon.Loaded c = config("collector", """
          bgp: {listen: "%s:%d", local_asn: 65000, router_id: %s}
          peers:
            - {name: edge, address: %s, remote_asn: 65201}
          """.formatted(LOCAL, bgpPort, LOCAL, EDGE) + KafkaDaemons.kafka(broker, "leak", "collector"));
      Daemon.Loaded d = config("detector", KafkaDaemons.webhook(hook) + KafkaDaemons.kafka(broker, "leak", "detector"));
      assertThat(d.config().peers()).as("the detector's config has no peer").isEmpty();
      try (Daemon collector = KafkaDaemons.daemon(c); Daemon detector = KafkaDaemons.daemon(d)) {
        collector.start();
        detector.start();
        try (ScriptedPeer edge = new ScriptedPeer(EDGE, LOCAL, bgpPort, 65201)) {
          Receiver.await(edge::established, WAIT, "the session Established at the collector");
          PathAttributes attrs = PathAttributes.of(new PathAttribute.Origin(OriginType.IGP),
              new PathAttribute.AsPath(List.of(AsPathSegment.sequence(65201), AsPathSegment.set(3356, 174),
                  AsPathSegment.sequence(65104))),
              new PathAttribute.NextHop(IpAddress.parse("192.0.2.1")));
          edge.send(new Update(List.of(), attrs, List.of(Nlri.of(PREFIX))));
          Receiver.await(() -> hook.alert(KEY, AlertStatus.FIRING) != null, WAIT, "route_leak firing at the detector's webhook");
          Alert firing = hook.alert(KEY, AlertStatus.FIRING);
          assertThat(firing.details())
              .containsEntry("rule", "aspa")
              .containsEntry("leaker_asn", 65201)
              .containsEntry("after_asn", 65000)
              .doesNotContainKey("before_asn");
          assertThat(firing.peers()).singleElement().satisfies(p -> assertThat(p.name()).isEqualTo("edge"));
          edge.withdraw(PREFIX);
          Receiver.await(() -> hook.alert(KEY, AlertStatus.RESOLVED) != null, WAIT, "route_leak resolved");
          assertThat(hook.alert(KEY, AlertStatus.RESOLVED).id()).isEqualTo(firing.id());
        }
      }
    }
  }
}
