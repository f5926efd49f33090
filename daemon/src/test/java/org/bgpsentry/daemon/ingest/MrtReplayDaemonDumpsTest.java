package org.bgpsentry.daemon.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.detect.DetectionEngine;
import org.bgpsentry.analytics.detect.DetectionSettings;
import org.bgpsentry.analytics.event.EventClock;
import org.bgpsentry.analytics.prefix.PrefixRegistry;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.analytics.rib.RibRoute;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: {@code replay --rib} of BIRD 2's and GoBGP's own RIB dumps keeps every route's next
 * hop and LOCAL_PREF, though BIRD writes those two attributes with flags 0x00 (a session would
 * treat such routes as withdrawn, RFC 7606 §3(c)).
 */
class MrtReplayDaemonDumpsTest {

  static MrtReplay replay(String... files) throws Exception {
    RegisteredPrefix v4 = registered("198.18.0.0/16", 24);
    RegisteredPrefix v6 = registered("2001:db8:1000::/36", 48);
    List<Alert> alerts = new ArrayList<>();
    EventClock clock = new EventClock();
    DetectionEngine engine =
        new DetectionEngine(
            DetectionSettings.DEFAULTS, new PrefixRegistry(List.of(v4, v6)), alerts::add, clock,
            new Random(1));
    MrtReplay replay = new MrtReplay(engine, clock);
    replay.loadRibs(List.of(files).stream().map(DaemonDumps::file).toList());
    assertThat(replay.skipped()).isEmpty();
    return replay;
  }

  static RegisteredPrefix registered(String prefix, int maxLength) {
    return new RegisteredPrefix(
        Prefix.parse(prefix), "test", "test", "Example", "", List.of(65001L), maxLength, List.of(),
        List.of(), 0, null, List.of());
  }

  static PathAttributes only(MrtReplay replay, String prefix) {
    List<RibRoute> routes = replay.routes(Prefix.parse(prefix));
    assertThat(routes).hasSize(1);
    return routes.get(0).attributes();
  }

  @Test
  void bird2Ipv4RibKeepsNextHopAndLocalPrefWrittenWithFlagsZero() throws Exception {
    MrtReplay replay = replay("bird2-rib4.mrt");
    assertThat(replay.routeChanges()).isEqualTo(240);
    for (int i = 0; i < 240; i++) {
      PathAttributes a = only(replay, "198.18." + i + ".0/24");
      assertThat(a.nextHop().address()).isEqualTo(IpAddress.parse("192.0.2." + (i % 10 + 1)));
      assertThat(a.find(PathAttribute.LocalPref.class).value()).isEqualTo(100L);
    }
  }

  @Test
  void bird2Ipv6RibKeepsNextHopAndLocalPref() throws Exception {
    MrtReplay replay = replay("bird2-rib6.mrt");
    assertThat(replay.routeChanges()).isEqualTo(120);
    PathAttributes a = only(replay, "2001:db8:1007::/48");
    assertThat(a.find(PathAttribute.LocalPref.class).value()).isEqualTo(100L);
    assertThat(a.find(PathAttribute.MpReachNlri.class).nextHops().get(0))
        .isEqualTo(IpAddress.parse("2001:db8::2"));
  }

  @Test
  void gobgpRibKeepsNextHopsOfBothFamilies() throws Exception {
    MrtReplay replay = replay("gobgp-rib.mrt");
    assertThat(replay.routeChanges()).isEqualTo(360);
    assertThat(only(replay, "198.18.13.0/24").nextHop().address())
        .isEqualTo(IpAddress.parse("192.0.2.4"));
    assertThat(only(replay, "2001:db8:1007::/48").find(PathAttribute.MpReachNlri.class).nextHops().get(0))
        .isEqualTo(IpAddress.parse("2001:db8::2"));
  }
}
