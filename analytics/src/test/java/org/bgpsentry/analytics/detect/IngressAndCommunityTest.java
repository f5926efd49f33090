package org.bgpsentry.analytics.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bgpsentry.analytics.testing.Routes.announce;
import static org.bgpsentry.analytics.testing.Routes.down;
import static org.bgpsentry.analytics.testing.Routes.path;
import static org.bgpsentry.analytics.testing.Routes.peer;
import static org.bgpsentry.analytics.testing.Routes.t;
import static org.bgpsentry.analytics.testing.Routes.up;
import static org.bgpsentry.analytics.testing.Routes.withdraw;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertStatus;
import org.bgpsentry.analytics.alert.AlertType;
import org.bgpsentry.analytics.event.EventClock;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.analytics.prefix.Community;
import org.bgpsentry.analytics.prefix.PrefixRegistry;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.codec.model.attr.LargeCommunity;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.junit.jupiter.api.Test;

/**
 * docs/alerts.md: suboptimal_path rule {@code ingress_location} (peers' {@code location} against
 * P's {@code ingress_locations}) and {@code community_missing}, each firing and resolving.
 */
class IngressAndCommunityTest {
  static final PeerId SEATTLE = peer("sea", "192.0.2.11", 64500);
  static final PeerId VIRGINIA = peer("iad", "192.0.2.12", 64501);
  static final PeerId OREGON = peer("pdx", "192.0.2.13", 64502);
  static final Map<String, String> WHERE =
      Map.of("sea", "Washington", "iad", "Virginia", "pdx", "Oregon");
  static final Instant T0 = t("2026-12-06T04:00:00Z");
  static final String P = "203.0.113.0/24";
  static final String KEY = "suboptimal_path|203.0.113.0/24|203.0.113.0/24|ingress_location";

  final List<Alert> sent = new ArrayList<>();
  final EventClock clock = new EventClock(T0);

  static RegisteredPrefix contoso(List<String> ingress, List<Community> communities) {
    return new RegisteredPrefix(
            Prefix.parse(P), "Contoso Seattle", "contoso", "Example ISP", "Washington", List.of(64496L),
            24, List.of(), List.of(), 0, null, List.of())
        .withIngress(ingress, communities);
  }

  DetectionEngine engine(RegisteredPrefix p, PeerId... peers) {
    DetectionEngine e =
        new DetectionEngine(DetectionSettings.DEFAULTS, new PrefixRegistry(List.of(p)), sent::add, clock, new Random(3));
    e.setPeerLocations(peer -> WHERE.get(peer.name()));
    for (PeerId peer : peers) {
      e.onPeer(up(peer, T0.minusSeconds(60)));
    }
    return e;
  }

  List<Alert> ingressAlerts() {
    return sent.stream().filter(a -> a.key().equals(KEY)).toList();
  }

  @Test
  void bestPathOnlyAtTheFarLocationFiresAndResolvesWhenTheNearPeerGetsAnEquallyShortPath() {
    DetectionEngine e = engine(contoso(List.of(), List.of()), SEATTLE, VIRGINIA);
    e.onRoute(announce(VIRGINIA, P, T0, 64501, 3356, 64496));
    assertThat(ingressAlerts()).hasSize(1);
    Alert a = ingressAlerts().get(0);
    assertThat(a.type()).isEqualTo(AlertType.SUBOPTIMAL_PATH);
    assertThat(a.status()).isEqualTo(AlertStatus.FIRING);
    assertThat(a.peers()).containsExactly(VIRGINIA);
    assertThat(a.details())
        .containsEntry("rule", "ingress_location")
        .containsEntry("best_path_locations", List.of("Virginia"))
        .containsEntry("expected_locations", List.of("Washington"))
        .containsEntry("best_path_length", 3)
        .doesNotContainKey("path_length_at_expected");
    assertThat(e.ingressStatus(Prefix.parse(P)).state()).isEqualTo("elsewhere");

    // seen at the expected location, but longer: still firing, now with the length there
    e.onRoute(announce(SEATTLE, P, T0.plusSeconds(10), 64500, 174, 1299, 64496));
    assertThat(ingressAlerts()).hasSize(1);
    assertThat(e.firing()).filteredOn(x -> x.key().equals(KEY))
        .singleElement()
        .satisfies(x -> assertThat(x.details()).containsEntry("path_length_at_expected", 4));

    // an equally short path at the expected location: resolved
    e.onRoute(announce(SEATTLE, P, T0.plusSeconds(20), 64500, 174, 64496));
    assertThat(ingressAlerts()).hasSize(2);
    assertThat(ingressAlerts().get(1).status()).isEqualTo(AlertStatus.RESOLVED);
    assertThat(ingressAlerts().get(1).id()).isEqualTo(a.id());
    assertThat(e.ingressStatus(Prefix.parse(P)).state()).isEqualTo("expected");
    // the length and via rules keep their own key: nothing else fired
    assertThat(sent).extracting(Alert::key).containsOnly(KEY);
  }

  @Test
  void ingressLocationsOverrideTheLocationAndAnyOfThemCounts() {
    DetectionEngine e = engine(contoso(List.of("Washington", "Oregon"), List.of()), SEATTLE, VIRGINIA, OREGON);
    e.onRoute(announce(OREGON, P, T0, 64502, 64496));
    e.onRoute(announce(VIRGINIA, P, T0, 64501, 64496));
    assertThat(ingressAlerts()).isEmpty();
    assertThat(e.ingressStatus(Prefix.parse(P)).bestPathLocations()).containsExactly("Oregon", "Virginia");
    e.onRoute(withdraw(OREGON, P, T0.plusSeconds(5)));
    assertThat(ingressAlerts()).singleElement().satisfies(a -> assertThat(a.status()).isEqualTo(AlertStatus.FIRING));
  }

  @Test
  void noEstablishedPeerAtTheLocationKeepsTheRuleSilentAndAPeerGoingAwayResolvesIt() {
    DetectionEngine e = engine(contoso(List.of(), List.of()), VIRGINIA);
    e.onRoute(announce(VIRGINIA, P, T0, 64501, 3356, 64496));
    assertThat(ingressAlerts()).isEmpty();
    assertThat(e.ingressStatus(Prefix.parse(P)).state()).isEqualTo("no_peer");

    // a peer comes up in Washington without the prefix: now the rule can judge, and it fires
    e.onPeer(up(SEATTLE, T0.plusSeconds(10)));
    assertThat(ingressAlerts()).singleElement().satisfies(a -> assertThat(a.status()).isEqualTo(AlertStatus.FIRING));
    // and once it is gone again the rule cannot judge: resolved
    e.onPeer(down(SEATTLE, T0.plusSeconds(20)));
    assertThat(ingressAlerts()).hasSize(2);
    assertThat(ingressAlerts().get(1).status()).isEqualTo(AlertStatus.RESOLVED);
  }

  @Test
  void reloadedPeerLocationsAndRegistryJudgeAgainAtOnce() {
    DetectionEngine e = engine(contoso(List.of(), List.of()), SEATTLE, VIRGINIA);
    e.setPeerLocations(peer -> null);
    e.onRoute(announce(VIRGINIA, P, T0, 64501, 3356, 64496));
    assertThat(sent).as("no peer has a location: the rule cannot judge").isEmpty();
    e.setPeerLocations(peer -> WHERE.get(peer.name()));
    assertThat(ingressAlerts()).extracting(Alert::status).containsExactly(AlertStatus.FIRING);
    e.updateRegistry(new PrefixRegistry(List.of(contoso(List.of("Virginia"), List.of(Community.parse("8075:8007"))))));
    assertThat(ingressAlerts()).extracting(Alert::status).containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
    assertThat(sent).filteredOn(a -> a.type() == AlertType.COMMUNITY_MISSING).extracting(Alert::status)
        .containsExactly(AlertStatus.FIRING);
    assertThat(e.openAlerts(Prefix.parse(P))).hasSize(1);
  }

  @Test
  void aPrefixWithoutLocationHasNoIngressRule() {
    RegisteredPrefix bare = RegisteredPrefix.of(Prefix.parse(P), 64496);
    DetectionEngine e = engine(bare, SEATTLE, VIRGINIA);
    e.onRoute(announce(VIRGINIA, P, T0, 64501, 64496));
    assertThat(sent).isEmpty();
    assertThat(e.ingressStatus(Prefix.parse(P)).state()).isEqualTo("not_configured");
  }

  static PathAttributes tagged(List<Integer> communities, List<LargeCommunity> large, long... asns) {
    List<PathAttribute> list = new ArrayList<>(path(asns).list());
    if (!communities.isEmpty()) {
      list.add(new PathAttribute.Communities(communities));
    }
    if (!large.isEmpty()) {
      list.add(new PathAttribute.LargeCommunities(large));
    }
    return PathAttributes.of(list.toArray(new PathAttribute[0]));
  }

  static int community(int asn, int value) {
    return asn << 16 | value;
  }

  @Test
  void aRouteLackingACommunityFiresWithWhatItCarriesAndResolvesWhenTagged() {
    RegisteredPrefix p =
        contoso(List.of(), List.of(Community.parse("8075:8007"), Community.parse("64496:1:2")));
    DetectionEngine e = engine(p, SEATTLE, VIRGINIA);
    LargeCommunity large = new LargeCommunity(64496, 1, 2);
    e.onRoute(announce(SEATTLE, P, T0, tagged(List.of(community(8075, 8007)), List.of(large), 64500, 64496)));
    assertThat(sent).isEmpty();

    // a more specific from another peer lacks 8075:8007, carrying 8075:8000 instead
    String q = "203.0.113.128/25";
    e.onRoute(announce(VIRGINIA, q, T0.plusSeconds(5), tagged(List.of(community(8075, 8000)), List.of(large), 64501, 64496)));
    List<Alert> missing = sent.stream().filter(a -> a.type() == AlertType.COMMUNITY_MISSING).toList();
    assertThat(missing).singleElement().satisfies(a -> {
      assertThat(a.key()).isEqualTo("community_missing|203.0.113.0/24|203.0.113.128/25|");
      assertThat(a.status()).isEqualTo(AlertStatus.FIRING);
      assertThat(a.peers()).containsExactly(VIRGINIA);
      assertThat(a.details())
          .containsEntry("required", List.of("8075:8007", "64496:1:2"))
          .containsEntry(
              "peers", List.of(Map.of("peer", "iad", "missing", List.of("8075:8007"), "carried", List.of("8075:8000", "64496:1:2"))));
      assertThat(a.summary()).isEqualTo("203.0.113.128/25 (more specific of 203.0.113.0/24) received without community 8075:8007 from iad");
    });

    // the community added: resolved
    e.onRoute(announce(VIRGINIA, q, T0.plusSeconds(10), tagged(List.of(community(8075, 8007)), List.of(large), 64501, 64496)));
    missing = sent.stream().filter(a -> a.type() == AlertType.COMMUNITY_MISSING).toList();
    assertThat(missing).hasSize(2);
    assertThat(missing.get(1).status()).isEqualTo(AlertStatus.RESOLVED);
  }

  @Test
  void communityMissingWaitsForMinPeersAndListsEveryPeerLackingIt() {
    RegisteredPrefix p = contoso(List.of(), List.of(Community.parse("8075:8007")));
    DetectionEngine e =
        new DetectionEngine(DetectionSettings.DEFAULTS.withMinPeers(2), new PrefixRegistry(List.of(p)), sent::add, clock, new Random(3));
    e.onPeer(up(SEATTLE, T0));
    e.onPeer(up(VIRGINIA, T0));
    e.onRoute(announce(SEATTLE, P, T0, 64500, 64496));
    assertThat(sent).isEmpty();
    e.onRoute(announce(VIRGINIA, P, T0.plusSeconds(1), tagged(List.of(community(8075, 1)), List.of(), 64501, 64496)));
    assertThat(sent).singleElement().satisfies(a -> {
      assertThat(a.peers()).containsExactly(VIRGINIA, SEATTLE);
      assertThat(a.details().get("peers")).asList().hasSize(2);
    });
    e.onRoute(withdraw(SEATTLE, P, T0.plusSeconds(2)));
    e.onRoute(withdraw(VIRGINIA, P, T0.plusSeconds(3)));
    assertThat(sent).filteredOn(a -> a.type() == AlertType.COMMUNITY_MISSING).extracting(Alert::status)
        .containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
  }

  @Test
  void communitiesParseStrictly() {
    assertThat(Community.parse("8075:8007").toString()).isEqualTo("8075:8007");
    assertThat(Community.parse("4200000000:1:2").large()).isTrue();
    assertThatThrownBy(() -> Community.parse("65536:1")).hasMessageContaining("out of range (expected: 0..65535");
    assertThatThrownBy(() -> Community.parse("8075")).hasMessageContaining("expected: RFC 1997 a:b or RFC 8092 large a:b:c");
    assertThatThrownBy(() -> Community.parse("a:b")).hasMessageContaining("expected: decimal numbers");
    assertThatThrownBy(() -> Community.parse("1:2:4294967296")).hasMessageContaining("0..4294967295");
  }
}
