package org.bgpsentry.analytics.rib;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.junit.jupiter.api.Test;

/** The API's bounded, sliced more-specifics query: limit, truncation, table changes between slices. */
class MoreSpecificsScanTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final PeerRib rib =
      new PeerRib(new PeerId("edge1", IpAddress.parse("192.0.2.11"), 64500), new AttributeInterner(), e -> {});

  private void announce(int from, int count) {
    for (int i = from; i < from + count; i++) {
      rib.announce(p24(i), Nlri.NO_PATH_ID, PeerRibTest.attrs(64500, 64496), T0);
    }
  }

  /** 10.x.y.0/24 for i = x * 256 + y. */
  private static Prefix p24(int i) {
    return Prefix.parse("10." + (i >> 8) + "." + (i & 0xff) + ".0/24");
  }

  private static Set<String> prefixes(List<RibRoute> routes) {
    Set<String> out = new HashSet<>();
    routes.forEach(r -> assertThat(out.add(r.prefix().toString())).as("returned once: " + r.prefix()).isTrue());
    return out;
  }

  @Test
  void stopsAtTheLimitAndSaysTruncated() {
    announce(0, 1000);
    MoreSpecificsScan scan = rib.scanMoreSpecifics(Prefix.parse("0.0.0.0/0"), 100);
    while (!scan.step(64)) {}
    assertThat(scan.routes()).hasSize(100);
    assertThat(prefixes(scan.routes())).hasSize(100);
    assertThat(scan.truncated()).isTrue();
  }

  @Test
  void exactlyLimitMatchesIsNotTruncated() {
    announce(0, 256); // 10.0.0.0/24 .. 10.0.255.0/24
    announce(256, 10); // 10.1.x.0/24, outside 10.0.0.0/16
    MoreSpecificsScan scan = rib.scanMoreSpecifics(Prefix.parse("10.0.0.0/16"), 256);
    while (!scan.step(7)) {}
    assertThat(scan.routes()).hasSize(256).allMatch(r -> r.prefix().toString().startsWith("10.0."));
    assertThat(scan.truncated()).isFalse();
  }

  @Test
  void limitZeroOnlyAsksWhetherAnyRouteMatches() {
    announce(0, 10);
    MoreSpecificsScan any = rib.scanMoreSpecifics(Prefix.parse("10.0.0.0/8"), 0);
    assertThat(any.step(Integer.MAX_VALUE)).isTrue();
    assertThat(any.truncated()).isTrue();
    assertThat(any.routes()).isEmpty();
    MoreSpecificsScan none = rib.scanMoreSpecifics(Prefix.parse("11.0.0.0/8"), 0);
    assertThat(none.step(Integer.MAX_VALUE)).isTrue();
    assertThat(none.truncated()).isFalse();
  }

  @Test
  void eachSliceScansAtMostTheGivenSlots() {
    announce(0, 1000);
    MoreSpecificsScan scan = rib.scanMoreSpecifics(Prefix.parse("10.0.0.0/8"), 10_000);
    int steps = 1;
    while (!scan.step(100)) {
      steps++;
    }
    // ~1000 routes at <= 80% load: more than 1250 slots, so more than 12 slices of 100
    assertThat(steps).isGreaterThan(12);
    assertThat(prefixes(scan.routes())).hasSize(1000);
    assertThat(scan.truncated()).isFalse();
  }

  @Test
  void tableGrowthBetweenSlicesRestartsWithoutDuplicates() {
    announce(0, 1000);
    MoreSpecificsScan scan = rib.scanMoreSpecifics(Prefix.parse("10.0.0.0/8"), 100_000);
    scan.step(600);
    int before = scan.routes().size();
    assertThat(before).isPositive();
    announce(1000, 9000); // grows (rehashes) the table several times
    while (!scan.step(1000)) {}
    assertThat(prefixes(scan.routes())).hasSize(10_000);
  }
}
