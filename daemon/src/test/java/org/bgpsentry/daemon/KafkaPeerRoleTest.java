package org.bgpsentry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * docs/alerts.md route_leak rules that need the peer's RFC 9234 role, across Kafka: the role is in
 * the collector's config only ({@code peers[].role: customer}); it comes with the peer's
 * Established record (docs/scaling.md), and a detector whose config has no peers judges the peer's
 * routes with it, as a standalone daemon does. {@code otc}: a route from a customer carrying OTC
 * (RFC 9234 §5). {@code valley_free}: a route from a customer that no longer climbs, by the CAIDA
 * relationships (AS3356 the provider of both AS65104 and the customer AS65201).
 */
class KafkaPeerRoleTest {
  private static final String LOCAL = "127.0.0.126";
  private static final String EDGE = "127.0.0.127";
  private static final Prefix OTC_PREFIX = Prefix.parse("203.0.113.0/24");
  private static final Prefix VALLEY_PREFIX = Prefix.parse("198.51.100.0/24");
  private static final String OTC_KEY = "route_leak|203.0.113.0/24|203.0.113.0/24|65201";
  private static final String VALLEY_KEY = "route_leak|198.51.100.0/24|198.51.100.0/24|65201";
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path dir;

  private Daemon.Loaded config(String name, String yaml) throws Exception {
    Path d = Files.createDirectories(dir.resolve(name));
    Files.writeString(d.resolve("as-rel.txt"), """
        # provider|customer|-1
        3356|65104|-1
        3356|65201|-1
        """);
    return KafkaDaemons.load(d, """
        prefixes:
          - {prefix: 203.0.113.0/24, customer: contoso, origin_asns: [65104]}
          - {prefix: 198.51.100.0/24, customer: contoso, origin_asns: [65104]}
        """, yaml + "data: {as_relationships: as-rel.txt}\n");
  }

  @Test
  void aDetectorJudgesACollectorsCustomerPeerByItsRole() throws Exception {
    int bgpPort = DaemonTest.freePort(LOCAL);
    try (KafkaBroker broker = KafkaBroker.start(dir.resolve("broker")); Receiver hook = new Receiver()) {
      Daemon.Loaded c = config("collector", """
          bgp: {listen: "%s:%d", local_asn: 65000, router_id: %s}
          peers:
            - {name: edge, address: %s, remote_asn: 65201, role: customer}
          """.formatted(LOCAL, bgpPort, LOCAL, EDGE) + KafkaDaemons.kafka(broker, "roles", "collector"));
      Daemon.Loaded d = config("detector", KafkaDaemons.webhook(hook) + KafkaDaemons.kafka(broker, "roles", "detector"));
      assertThat(d.config().peers()).as("the detector's config has no peer").isEmpty();
      try (Daemon collector = KafkaDaemons.daemon(c); Daemon detector = KafkaDaemons.daemon(d)) {
        collector.start();
        detector.start();
        try (ScriptedPeer edge = new ScriptedPeer(EDGE, LOCAL, bgpPort, 65201)) {
          Receiver.await(edge::established, WAIT, "the session Established at the collector");
          // Valley-free over the relationships alone, OTC from the customer: nothing but the role makes either a leak.
          edge.send(new Update(List.of(), PathAttributes.of(new PathAttribute.Origin(OriginType.IGP),
              new PathAttribute.AsPath(List.of(AsPathSegment.sequence(65201, 65104))),
              new PathAttribute.NextHop(IpAddress.parse("192.0.2.1")), new PathAttribute.Otc(3356)),
              List.of(Nlri.of(OTC_PREFIX))));
          edge.send(new Update(List.of(), PathAttributes.of(new PathAttribute.Origin(OriginType.IGP),
              new PathAttribute.AsPath(List.of(AsPathSegment.sequence(65201, 3356, 65104))),
              new PathAttribute.NextHop(IpAddress.parse("192.0.2.1"))),
              List.of(Nlri.of(VALLEY_PREFIX))));
          Receiver.await(() -> hook.alert(OTC_KEY, AlertStatus.FIRING) != null
              && hook.alert(VALLEY_KEY, AlertStatus.FIRING) != null, WAIT,
              "route_leak otc and valley_free firing at the detector's webhook");
          Alert otc = hook.alert(OTC_KEY, AlertStatus.FIRING);
          assertThat(otc.details())
              .containsEntry("rule", "otc")
              .containsEntry("leaker_asn", 65201)
              .containsEntry("before_asn", 65104)
              .containsEntry("after_asn", 65000);
          assertThat(otc.peers()).singleElement().satisfies(p -> assertThat(p.name()).isEqualTo("edge"));
          Alert valley = hook.alert(VALLEY_KEY, AlertStatus.FIRING);
          assertThat(valley.details())
              .containsEntry("rule", "valley_free")
              .containsEntry("leaker_asn", 65201)
              .containsEntry("before_asn", 3356)
              .containsEntry("after_asn", 65000);
          edge.withdraw(OTC_PREFIX);
          edge.withdraw(VALLEY_PREFIX);
          Receiver.await(() -> hook.alert(OTC_KEY, AlertStatus.RESOLVED) != null
              && hook.alert(VALLEY_KEY, AlertStatus.RESOLVED) != null, WAIT, "both route_leak resolved");
          assertThat(hook.alert(OTC_KEY, AlertStatus.RESOLVED).id()).isEqualTo(otc.id());
          assertThat(hook.alert(VALLEY_KEY, AlertStatus.RESOLVED).id()).isEqualTo(valley.id());
        }
      }
    }
  }
}
