package org.bgpsentry.analytics.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bgpsentry.analytics.testing.Routes.announce;
import static org.bgpsentry.analytics.testing.Routes.down;
import static org.bgpsentry.analytics.testing.Routes.peer;
import static org.bgpsentry.analytics.testing.Routes.t;
import static org.bgpsentry.analytics.testing.Routes.up;
import static org.bgpsentry.analytics.testing.Routes.withdraw;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertStatus;
import org.bgpsentry.analytics.alert.AlertType;
import org.bgpsentry.analytics.event.EventClock;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.analytics.prefix.PrefixRegistry;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.junit.jupiter.api.Test;

/**
 * docs/operators-guide.md "Public vantage points: RIS Live": a condition fires on {@code detection.min_peers} of the operator's own peers or
 * on {@code sources.ris_live.min_peers} distinct RIS peer ASes, each counted on its own; RIS peers
 * never raise visibility_loss or peer_down and never make the best path.
 */
class PublicVantagePointTest {
  static final Instant T0 = t("2008-02-24T18:47:45Z");
  static final PeerId EDGE1 = peer("edge1", "192.0.2.11", 64500);
  /** A RIS Live peer: the source makes it a public vantage point, not its name. */
  static final PeerId NAMED_LIKE_RIS = peer("ris:rrc00:192.0.2.105", "192.0.2.105", 64501);
  static final PeerId RIS_A = ris("ris:rrc00:192.0.2.101", "192.0.2.101", 3333);
  static final PeerId RIS_B = ris("ris:rrc00:192.0.2.102", "192.0.2.102", 1299);
  static final PeerId RIS_B2 = ris("ris:rrc01:192.0.2.103", "192.0.2.103", 1299);
  static final PeerId RIS_C = ris("ris:rrc21:192.0.2.104", "192.0.2.104", 6939);
  static final RegisteredPrefix YOUTUBE = RegisteredPrefix.of(Prefix.parse("208.65.152.0/22"), 36561);

  final List<Alert> sent = new ArrayList<>();

  DetectionEngine engine(DetectionSettings s) {
    DetectionEngine e = new DetectionEngine(s, new PrefixRegistry(List.of(YOUTUBE)), sent::add,
        new EventClock(T0), new Random(5));
    e.onPeer(up(EDGE1, T0.minusSeconds(60)));
    return e;
  }

  @Test
  void threeRisPeerAsesFireTwoDoNotAndTwoPeersOfOneAsCountOnce() {
    DetectionEngine e = engine(DetectionSettings.DEFAULTS.withMinPeers(2));
    e.onRoute(announce(RIS_A, "208.65.153.0/24", T0, 3333, 3491, 17557));
    e.onRoute(announce(RIS_B, "208.65.153.0/24", T0.plusSeconds(1), 1299, 3491, 17557));
    e.onRoute(announce(RIS_B2, "208.65.153.0/24", T0.plusSeconds(2), 1299, 3491, 17557));
    // one own peer (min_peers 2) plus two RIS ASes (min 3): neither source has enough
    e.onRoute(announce(EDGE1, "208.65.153.0/24", T0.plusSeconds(3), 64500, 3491, 17557));
    assertThat(sent).isEmpty();
    e.onRoute(announce(RIS_C, "208.65.153.0/24", T0.plusSeconds(4), 6939, 3491, 17557));
    assertThat(sent).singleElement().satisfies(a -> {
      assertThat(a.type()).isEqualTo(AlertType.SUBPREFIX_HIJACK);
      assertThat(a.peers()).extracting(PeerId::name)
          .containsExactly("edge1", "ris:rrc00:192.0.2.101", "ris:rrc00:192.0.2.102", "ris:rrc01:192.0.2.103",
              "ris:rrc21:192.0.2.104");
    });
    for (PeerId p : List.of(EDGE1, RIS_A, RIS_B, RIS_B2, RIS_C)) {
      e.onRoute(withdraw(p, "208.65.153.0/24", T0.plusSeconds(10)));
    }
    assertThat(sent).hasSize(2);
    assertThat(sent.get(1).status()).isEqualTo(AlertStatus.RESOLVED);
  }

  @Test
  void theSourceDecidesNotTheName() {
    DetectionEngine e = engine(DetectionSettings.DEFAULTS.withMinPeers(2));
    e.onRoute(announce(EDGE1, "208.65.153.0/24", T0, 64500, 3491, 17557));
    assertThat(sent).isEmpty();
    // a BGP session's peer counts as the operator's own, whatever its name
    e.onRoute(announce(NAMED_LIKE_RIS, "208.65.153.0/24", T0.plusSeconds(1), 64501, 3491, 17557));
    assertThat(sent).singleElement().extracting(Alert::type).isEqualTo(AlertType.SUBPREFIX_HIJACK);
    assertThat(NAMED_LIKE_RIS.isPublic()).isFalse();
    assertThat(RIS_A.isPublic()).isTrue();
  }

  @Test
  void ownPeersAloneFireAtDetectionMinPeers() {
    DetectionEngine e = engine(DetectionSettings.DEFAULTS.withPublicMinPeers(1));
    e.onRoute(announce(EDGE1, "208.65.153.0/24", T0, 64500, 3491, 17557));
    assertThat(sent).hasSize(1);
  }

  @Test
  void risPeersNeverRaiseVisibilityLossPeerDownOrSuboptimalPath() {
    DetectionEngine e = engine(DetectionSettings.DEFAULTS);
    e.onPeer(up(RIS_A, T0));
    e.onRoute(announce(RIS_A, "208.65.152.0/22", T0, 3333, 3356, 64999, 64998, 36561));
    e.onRoute(withdraw(RIS_A, "208.65.152.0/22", T0.plusSeconds(5)));
    e.onPeer(down(RIS_A, T0.plusSeconds(6)));
    assertThat(sent).isEmpty();
    assertThat(e.establishedPeers()).containsExactly(EDGE1);
    assertThat(e.bestPath(YOUTUBE.prefix())).isEmpty();
  }

  private static PeerId ris(String name, String address, long asn) {
    return new PeerId(name, IpAddress.parse(address), asn, PeerId.Source.RIS);
  }
}
