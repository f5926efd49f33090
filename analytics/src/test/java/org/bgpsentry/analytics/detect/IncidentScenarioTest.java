package org.bgpsentry.analytics.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.bgpsentry.analytics.testing.Routes.announce;
import static org.bgpsentry.analytics.testing.Routes.peer;
import static org.bgpsentry.analytics.testing.Routes.replace;
import static org.bgpsentry.analytics.testing.Routes.t;
import static org.bgpsentry.analytics.testing.Routes.up;
import static org.bgpsentry.analytics.testing.Routes.withdraw;

import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertStatus;
import org.bgpsentry.analytics.alert.AlertType;
import org.bgpsentry.analytics.asrel.AsRelationships;
import org.bgpsentry.analytics.event.EventClock;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.analytics.prefix.PrefixRegistry;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.analytics.rpki.AspaSet;
import org.bgpsentry.analytics.rpki.Vrp;
import org.bgpsentry.analytics.rpki.VrpSet;
import org.bgpsentry.analytics.rpki.VrpSources;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.junit.jupiter.api.Test;

/**
 * Real incidents as their routes looked from route collectors, replayed as RouteEvents: each must
 * raise exactly the expected alerts and resolve them when the routes go away. Times, prefixes,
 * origins and paths are from the public post-mortems (RIPE NCC RIS YouTube case study 2008;
 * Oracle/Dyn and Cloudflare write-ups of 2018, 2019 and 2024); collector peers are illustrative.
 */
class IncidentScenarioTest {
  final List<Alert> sent = new ArrayList<>();
  final EventClock clock = new EventClock(Instant.EPOCH);

  DetectionEngine engine(RegisteredPrefix... prefixes) {
    return new DetectionEngine(
        DetectionSettings.DEFAULTS, new PrefixRegistry(List.of(prefixes)), sent::add, clock, new Random(1));
  }

  static RegisteredPrefix reg(String prefix, String customer, int maxLength, long... origins) {
    Prefix p = Prefix.parse(prefix);
    return new RegisteredPrefix(
        p, customer, customer, "Example ISP", "", java.util.Arrays.stream(origins).boxed().toList(),
        maxLength, List.of(), List.of(), 0, null, List.of());
  }

  @Test
  void youtube2008_pakistanTelecomMoreSpecificHijack() {
    PeerId ris1 = peer("rrc00-3333", "193.0.0.56", 3333);
    PeerId ris2 = peer("rrc00-1299", "193.0.0.57", 1299);
    DetectionEngine e = engine(reg("208.65.152.0/22", "youtube", 24, 36561));
    Instant start = t("2008-02-24T18:00:00Z");
    e.onPeer(up(ris1, start));
    e.onPeer(up(ris2, start));
    e.onRoute(announce(ris1, "208.65.152.0/22", start, 3333, 3356, 36561));
    e.onRoute(announce(ris2, "208.65.152.0/22", start, 1299, 3356, 36561));
    // 18:47:45 AS17557 announces 208.65.153.0/24 through PCCW (AS3491)
    e.onRoute(announce(ris1, "208.65.153.0/24", t("2008-02-24T18:47:45Z"), 3333, 3491, 17557));
    e.onRoute(announce(ris2, "208.65.153.0/24", t("2008-02-24T18:48:02Z"), 1299, 3491, 17557));
    // 20:07:25 YouTube announces the /24 itself; ris1 prefers it
    e.onRoute(replace(ris1, "208.65.153.0/24", t("2008-02-24T20:07:25Z"), 3333, 3356, 36561));
    // 20:18:43 YouTube announces two /25s
    for (PeerId p : List.of(ris1, ris2)) {
      e.onRoute(announce(p, "208.65.153.0/25", t("2008-02-24T20:18:43Z"), p.asn(), 3356, 36561));
      e.onRoute(announce(p, "208.65.153.128/25", t("2008-02-24T20:18:43Z"), p.asn(), 3356, 36561));
    }
    // 20:51:11 AS17557 prepends: the same condition, no new alert
    e.onRoute(replace(ris2, "208.65.153.0/24", t("2008-02-24T20:51:11Z"), 1299, 3491, 17557, 17557));
    // 21:01:00 PCCW withdraws the hijack; ris2 falls back to YouTube's /24
    e.onRoute(replace(ris2, "208.65.153.0/24", t("2008-02-24T21:01:00Z"), 1299, 3356, 36561));
    for (PeerId p : List.of(ris1, ris2)) {
      e.onRoute(withdraw(p, "208.65.153.0/25", t("2008-02-24T23:00:00Z")));
      e.onRoute(withdraw(p, "208.65.153.128/25", t("2008-02-24T23:00:00Z")));
    }

    assertThat(sent).extracting(Alert::key, Alert::status)
        .containsExactly(
            tuple("subprefix_hijack|208.65.152.0/22|208.65.153.0/24|17557", AlertStatus.FIRING),
            tuple("more_specific|208.65.152.0/22|208.65.153.0/25|36561", AlertStatus.FIRING),
            tuple("more_specific|208.65.152.0/22|208.65.153.128/25|36561", AlertStatus.FIRING),
            tuple("subprefix_hijack|208.65.152.0/22|208.65.153.0/24|17557", AlertStatus.RESOLVED),
            tuple("more_specific|208.65.152.0/22|208.65.153.0/25|36561", AlertStatus.RESOLVED),
            tuple("more_specific|208.65.152.0/22|208.65.153.128/25|36561", AlertStatus.RESOLVED));
    Alert hijack = sent.get(0);
    assertThat(hijack.summary())
        .isEqualTo("208.65.153.0/24 (more specific of 208.65.152.0/22) originated by AS17557, expected AS36561");
    assertThat(hijack.firstSeen()).isEqualTo(t("2008-02-24T18:47:45Z"));
    Alert resolved = sent.get(3);
    assertThat(resolved.resolvedAt()).isEqualTo(t("2008-02-24T21:01:00Z"));
    assertThat(resolved.peers()).containsExactly(ris2);
    assertThat(resolved.asPath()).containsExactly(1299L, 3491L, 17557L, 17557L);
  }

  @Test
  void route53_2018_eNetMoreSpecificsOfAmazonDns() {
    PeerId edge = peer("edge1", "192.0.2.11", 64500);
    DetectionEngine e =
        engine(
            reg("205.251.192.0/23", "amazon-route53", 23, 16509),
            reg("205.251.194.0/23", "amazon-route53", 23, 16509),
            reg("205.251.196.0/23", "amazon-route53", 23, 16509),
            reg("205.251.198.0/23", "amazon-route53", 23, 16509));
    e.onPeer(up(edge, t("2018-04-24T10:00:00Z")));
    List<String> hijacked =
        List.of("205.251.192.0/24", "205.251.193.0/24", "205.251.195.0/24", "205.251.197.0/24", "205.251.199.0/24");
    for (String p : hijacked) {
      e.onRoute(announce(edge, p, t("2018-04-24T11:05:00Z"), 64500, 6939, 10297));
    }
    assertThat(sent).extracting(Alert::key)
        .containsExactly(
            "subprefix_hijack|205.251.192.0/23|205.251.192.0/24|10297",
            "subprefix_hijack|205.251.192.0/23|205.251.193.0/24|10297",
            "subprefix_hijack|205.251.194.0/23|205.251.195.0/24|10297",
            "subprefix_hijack|205.251.196.0/23|205.251.197.0/24|10297",
            "subprefix_hijack|205.251.198.0/23|205.251.199.0/24|10297");
    for (String p : hijacked) {
      e.onRoute(withdraw(edge, p, t("2018-04-24T13:00:00Z")));
    }
    assertThat(sent).hasSize(10);
    assertThat(sent.subList(5, 10)).extracting(Alert::status).containsOnly(AlertStatus.RESOLVED);
    assertThat(e.firing()).isEmpty();
  }

  static final String DQE_RELATIONSHIPS =
      "3356|33154|-1\n33154|396531|-1\n701|396531|-1\n3356|13335|0\n";

  @Test
  void verizonDqe2019_customerLeaksOptimizerMoreSpecificsToItsOtherProvider() throws Exception {
    PeerId verizonFeed = peer("rrc00-701", "193.0.0.70", 701);
    PeerId level3Feed = peer("rrc00-3356", "193.0.0.71", 3356);
    DetectionEngine e = engine(reg("104.20.0.0/20", "cloudflare", 20, 13335));
    e.updateRelationships(AsRelationships.parse(new StringReader(DQE_RELATIONSHIPS)));
    e.onPeer(up(verizonFeed, t("2019-06-24T10:00:00Z")));
    e.onPeer(up(level3Feed, t("2019-06-24T10:00:00Z")));
    e.onRoute(announce(level3Feed, "104.20.0.0/20", t("2019-06-24T10:00:00Z"), 3356, 13335));
    e.onRoute(announce(verizonFeed, "104.20.0.0/20", t("2019-06-24T10:00:00Z"), 701, 13335));
    assertThat(sent).isEmpty();
    // 10:34 the leak: DQE's optimizer /21s, via Allegheny (AS396531) to Verizon (AS701)
    e.onRoute(
        announce(verizonFeed, "104.20.0.0/21", t("2019-06-24T10:34:21Z"), 701, 396531, 33154, 3356, 13335));
    assertThat(sent).extracting(Alert::key)
        .containsExactly(
            "more_specific|104.20.0.0/20|104.20.0.0/21|13335",
            "route_leak|104.20.0.0/20|104.20.0.0/21|396531");
    assertThat(sent.get(1).details())
        .containsEntry("rule", "valley_free")
        .containsEntry("before_asn", 33154L)
        .containsEntry("after_asn", 701L);
    assertThat(sent.get(1).summary())
        .isEqualTo("104.20.0.0/21 leaked by AS396531 (learnt from AS33154, sent to AS701; rule valley_free)");
    e.onRoute(withdraw(verizonFeed, "104.20.0.0/21", t("2019-06-24T12:38:00Z")));
    assertThat(sent).extracting(Alert::status)
        .containsExactly(AlertStatus.FIRING, AlertStatus.FIRING, AlertStatus.RESOLVED, AlertStatus.RESOLVED);
  }

  @Test
  void verizonDqe2019_aspaFindsTheSameLeaker() {
    PeerId verizonFeed = peer("rrc00-701", "193.0.0.70", 701);
    DetectionEngine e = engine(reg("104.20.0.0/20", "cloudflare", 21, 13335));
    e.updateAspas(
        new AspaSet(
            Map.of(
                396531L, List.of(33154L, 701L),
                33154L, List.of(3356L),
                701L, List.of(0L))));
    e.onPeer(up(verizonFeed, t("2019-06-24T10:00:00Z")));
    e.onRoute(
        announce(verizonFeed, "104.20.0.0/21", t("2019-06-24T10:34:21Z"), 701, 396531, 33154, 3356, 13335));
    assertThat(sent).singleElement().satisfies(a -> {
      assertThat(a.key()).isEqualTo("route_leak|104.20.0.0/20|104.20.0.0/21|396531");
      assertThat(a.details()).containsEntry("rule", "aspa").containsEntry("after_asn", 701L);
    });
  }

  @Test
  void cloudflare2024_oneOneOneOneHijackAndLeak() throws Exception {
    PeerId edge1 = peer("edge1", "192.0.2.11", 64500);
    PeerId edge2 = peer("edge2", "192.0.2.12", 64501);
    DetectionEngine e = engine(reg("1.1.1.0/24", "cloudflare", 24, 13335));
    e.updateVrps(VrpSources.NONE.with(
        "file", new VrpSet(List.of(new Vrp(Prefix.parse("1.1.1.0/24"), 24, 13335)), t("2024-06-27T18:00:00Z"))));
    e.updateRelationships(
        AsRelationships.parse(new StringReader("267613|262504|-1\n1031|262504|-1\n13335|267613|0\n")));
    e.onPeer(up(edge1, t("2024-06-27T18:00:00Z")));
    e.onPeer(up(edge2, t("2024-06-27T18:00:00Z")));
    e.onRoute(announce(edge1, "1.1.1.0/24", t("2024-06-27T18:00:00Z"), 64500, 13335));
    // 18:51 Eletronet (AS267613) originates 1.1.1.1/32
    e.onRoute(announce(edge1, "1.1.1.1/32", t("2024-06-27T18:51:00Z"), 64500, 267613));
    // 18:52 Nova (AS262504) leaks 1.1.1.0/24 from Eletronet to its upstream AS1031
    e.onRoute(announce(edge2, "1.1.1.0/24", t("2024-06-27T18:52:00Z"), 64501, 1031, 262504, 267613, 13335));
    assertThat(sent).extracting(Alert::key, Alert::type)
        .containsExactly(
            tuple("subprefix_hijack|1.1.1.0/24|1.1.1.1/32|267613", AlertType.SUBPREFIX_HIJACK),
            tuple("rpki_invalid|1.1.1.0/24|1.1.1.1/32|267613", AlertType.RPKI_INVALID),
            tuple("route_leak|1.1.1.0/24|1.1.1.0/24|262504", AlertType.ROUTE_LEAK));
    e.onRoute(withdraw(edge1, "1.1.1.1/32", t("2024-06-27T20:50:00Z")));
    e.onRoute(replace(edge2, "1.1.1.0/24", t("2024-06-27T20:50:00Z"), 64501, 13335));
    assertThat(sent).hasSize(6);
    assertThat(sent.subList(3, 6)).extracting(Alert::status).containsOnly(AlertStatus.RESOLVED);
    assertThat(e.firing()).isEmpty();
  }
}
