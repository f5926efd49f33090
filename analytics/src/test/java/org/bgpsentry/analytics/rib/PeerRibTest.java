package org.bgpsentry.analytics.rib;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.bgpsentry.analytics.event.EventKind;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.analytics.event.RouteEvent;
import org.bgpsentry.codec.model.attr.AsPathSegment;
import org.bgpsentry.codec.model.attr.OriginType;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.attr.SegmentType;
import org.bgpsentry.codec.model.nlri.Afi;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.junit.jupiter.api.Test;

class PeerRibTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T1 = Instant.parse("2026-01-01T00:00:10Z");
  private static final PeerId PEER = new PeerId("edge1", IpAddress.parse("192.0.2.11"), 64500);

  private final AttributeInterner interner = new AttributeInterner();
  private final List<RouteEvent> events = new ArrayList<>();
  private final PeerRib rib = new PeerRib(PEER, interner, events::add);

  static PathAttributes attrs(int... asns) {
    return PathAttributes.of(
        new PathAttribute.Origin(OriginType.IGP),
        new PathAttribute.AsPath(List.of(new AsPathSegment(SegmentType.AS_SEQUENCE, asns))),
        new PathAttribute.NextHop(IpAddress.parse("192.0.2.1")));
  }

  @Test
  void rfc4271_3_1_newRouteIsAnnounceThenImplicitReplaceCarriesPrevious() {
    Prefix p = Prefix.parse("203.0.113.0/24");
    rib.announce(p, Nlri.NO_PATH_ID, attrs(64500, 64496), T0);
    rib.announce(p, Nlri.NO_PATH_ID, attrs(64500, 64497), T1);

    assertThat(events)
        .extracting(RouteEvent::kind)
        .containsExactly(EventKind.ANNOUNCE, EventKind.REPLACE);
    assertThat(events.get(1).previous()).isEqualTo(attrs(64500, 64496));
    assertThat(events.get(1).attributes()).isEqualTo(attrs(64500, 64497));
    assertThat(rib.size(Afi.IPV4)).isEqualTo(1);
    assertThat(interner.size()).as("the replaced set is released").isEqualTo(1);
    assertThat(rib.lookup(p))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.attributes()).isEqualTo(attrs(64500, 64497));
              assertThat(r.receivedAt()).isEqualTo(T1);
              assertThat(r.pathId()).isEqualTo(Nlri.NO_PATH_ID);
            });
  }

  @Test
  void rfc4486_4_aNewRouteBeyondTheFamilysLimitIsRefusedReplacementsAndTheOtherFamilyAreNot() {
    rib.limit(Afi.IPV4, 2);
    Prefix a = Prefix.parse("192.0.2.0/24");
    Prefix b = Prefix.parse("198.51.100.0/24");
    Prefix c = Prefix.parse("203.0.113.0/24");
    assertThat(rib.announce(a, Nlri.NO_PATH_ID, attrs(64500), T0)).isTrue();
    assertThat(rib.announce(b, Nlri.NO_PATH_ID, attrs(64500), T0)).isTrue();

    assertThat(rib.announce(c, Nlri.NO_PATH_ID, attrs(64500, 64496), T0)).as("limit+1").isFalse();
    assertThat(rib.lookup(c)).isEmpty();
    assertThat(rib.size(Afi.IPV4)).isEqualTo(2);
    assertThat(events).extracting(RouteEvent::prefix).containsExactly(a, b);
    assertThat(interner.size()).as("the refused route's set is not interned").isEqualTo(1);

    assertThat(rib.announce(b, Nlri.NO_PATH_ID, attrs(64500, 64497), T1)).as("replace").isTrue();
    assertThat(rib.announce(Prefix.parse("2001:db8::/32"), Nlri.NO_PATH_ID, attrs(64500), T1)).isTrue();
    rib.withdraw(a, Nlri.NO_PATH_ID, T1);
    assertThat(rib.announce(c, Nlri.NO_PATH_ID, attrs(64500), T1)).as("room again").isTrue();

    rib.limit(Afi.IPV4, 1);
    assertThat(rib.size(Afi.IPV4)).as("a lower limit removes nothing").isEqualTo(2);
    rib.limit(Afi.IPV4, Long.MAX_VALUE);
    assertThat(rib.announce(a, Nlri.NO_PATH_ID, attrs(64500), T1)).isTrue();
  }

  @Test
  void identicalReannouncementOnlyRefreshesTheReceiveTime() {
    Prefix p = Prefix.parse("2001:db8::/32");
    rib.announce(p, Nlri.NO_PATH_ID, attrs(64500), T0);
    rib.announce(p, Nlri.NO_PATH_ID, attrs(64500), T1);

    assertThat(events).extracting(RouteEvent::kind).containsExactly(EventKind.ANNOUNCE);
    assertThat(rib.lookup(p).get(0).receivedAt()).isEqualTo(T1);
    assertThat(interner.references(0)).isEqualTo(1);
  }

  @Test
  void withdrawCarriesTheRemovedRouteAndUnknownWithdrawalIsIgnored() {
    Prefix p = Prefix.parse("2001:db8:1::/48");
    rib.announce(p, Nlri.NO_PATH_ID, attrs(64500), T0);

    assertThat(rib.withdraw(Prefix.parse("2001:db8:2::/48"), Nlri.NO_PATH_ID, T1)).isFalse();
    assertThat(rib.withdraw(p, Nlri.NO_PATH_ID, T1)).isTrue();

    assertThat(events)
        .extracting(RouteEvent::kind)
        .containsExactly(EventKind.ANNOUNCE, EventKind.WITHDRAW);
    assertThat(events.get(1).previous()).isEqualTo(attrs(64500));
    assertThat(events.get(1).attributes()).isNull();
    assertThat(rib.size()).isZero();
    assertThat(interner.size()).isZero();
  }

  @Test
  void rfc7911_pathIdIsPartOfTheKey() {
    Prefix p = Prefix.parse("198.51.100.0/24");
    rib.announce(p, 1, attrs(64500, 1), T0);
    rib.announce(p, 2, attrs(64500, 2), T0);
    rib.announce(p, 0xffff_ffffL, attrs(64500, 3), T0);

    assertThat(rib.lookup(p))
        .extracting(RibRoute::pathId)
        .containsExactlyInAnyOrder(1L, 2L, 0xffff_ffffL);
    assertThat(rib.withdraw(p, 2, T1)).isTrue();
    assertThat(rib.lookup(p))
        .extracting(RibRoute::pathId)
        .containsExactlyInAnyOrder(1L, 0xffff_ffffL);
    assertThat(rib.size(Afi.IPV4)).isEqualTo(2);
  }

  @Test
  void peerDownFlushesEveryRouteAsPeerDownAndReleasesEverySet() {
    rib.announce(Prefix.parse("10.0.0.0/8"), Nlri.NO_PATH_ID, attrs(1), T0);
    rib.announce(Prefix.parse("10.1.0.0/16"), Nlri.NO_PATH_ID, attrs(2), T0);
    rib.announce(Prefix.parse("2001:db8::/32"), Nlri.NO_PATH_ID, attrs(1), T0);
    events.clear();

    rib.clear(T1);

    assertThat(events)
        .hasSize(3)
        .allMatch(e -> e.kind() == EventKind.PEER_DOWN && e.previous() != null);
    assertThat(rib.size()).isZero();
    assertThat(interner.size()).isZero();
  }

  @Test
  void rfc4724_4_2_staleRoutesNotRefreshedAreSweptOthersKept() {
    List<Prefix> prefixes = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      Prefix p = Prefix.ipv4(0x0a000000 | i << 8, 24);
      prefixes.add(p);
      rib.announce(p, Nlri.NO_PATH_ID, attrs(i % 7), T0);
    }
    assertThat(rib.markStale(Afi.IPV4)).isEqualTo(200);
    for (int i = 0; i < 200; i += 2) {
      rib.announce(prefixes.get(i), Nlri.NO_PATH_ID, attrs(i % 7), T1);
    }
    assertThat(rib.lookup(prefixes.get(1)).get(0).stale()).isTrue();
    assertThat(rib.lookup(prefixes.get(0)).get(0).stale()).isFalse();
    events.clear();

    assertThat(rib.sweepStale(Afi.IPV4, T1)).isEqualTo(100);

    assertThat(events).hasSize(100).allMatch(e -> e.kind() == EventKind.PEER_DOWN);
    for (int i = 0; i < 200; i++) {
      assertThat(rib.lookup(prefixes.get(i))).hasSize(i % 2 == 0 ? 1 : 0);
    }
  }

  @Test
  void coveringAndMoreSpecificLookupsForTheApi() {
    for (String s :
        List.of(
            "0.0.0.0/0", "10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24", "10.2.0.0/16", "11.0.0.0/8")) {
      rib.announce(Prefix.parse(s), Nlri.NO_PATH_ID, attrs(1), T0);
    }
    for (String s :
        List.of("2001:db8::/32", "2001:db8:1::/48", "2001:db8:1:2::/64", "2001:db9::/32")) {
      rib.announce(Prefix.parse(s), Nlri.NO_PATH_ID, attrs(1), T0);
    }

    assertThat(rib.covering(Prefix.parse("10.1.2.0/24")))
        .extracting(r -> r.prefix().toString())
        .containsExactly("0.0.0.0/0", "10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24");
    assertThat(moreSpecifics(Prefix.parse("10.0.0.0/8")))
        .extracting(r -> r.prefix().toString())
        .containsExactlyInAnyOrder("10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24", "10.2.0.0/16");
    assertThat(moreSpecifics(Prefix.parse("2001:db8::/32")))
        .extracting(r -> r.prefix().toString())
        .containsExactlyInAnyOrder("2001:db8::/32", "2001:db8:1::/48", "2001:db8:1:2::/64");
    assertThat(rib.covering(Prefix.parse("2001:db8:1:2::/64")))
        .extracting(r -> r.prefix().toString())
        .containsExactly("2001:db8::/32", "2001:db8:1::/48", "2001:db8:1:2::/64");
  }

  private List<RibRoute> moreSpecifics(Prefix prefix) {
    MoreSpecificsScan scan = rib.scanMoreSpecifics(prefix, Integer.MAX_VALUE);
    assertThat(scan.step(Integer.MAX_VALUE)).isTrue();
    return scan.routes();
  }

  @Test
  void randomAnnounceWithdrawMatchesAReferenceMapThroughGrowthAndBackwardShift() {
    SplittableRandom rnd = new SplittableRandom(7);
    Map<String, PathAttributes> expected = new HashMap<>();
    PathAttributes[] sets = new PathAttributes[50];
    for (int i = 0; i < sets.length; i++) {
      sets[i] = attrs(64500, i);
    }
    for (int op = 0; op < 200_000; op++) {
      boolean v6 = rnd.nextInt(3) == 0;
      // A small key space so that collisions, replacements and deletes are frequent.
      int n = rnd.nextInt(5000);
      Prefix p =
          v6 ? Prefix.ipv6(0x20010db8_00000000L | (long) n << 16, 0, 48) : Prefix.ipv4(n << 8, 24);
      long pathId = Nlri.NO_PATH_ID;
      String key = p + "#" + pathId;
      if (rnd.nextInt(3) == 0) {
        assertThat(rib.withdraw(p, pathId, T0)).isEqualTo(expected.remove(key) != null);
      } else {
        PathAttributes a = sets[rnd.nextInt(sets.length)];
        rib.announce(p, pathId, a, T0);
        expected.put(key, a);
      }
    }
    assertThat(rib.size()).isEqualTo(expected.size());
    Map<String, PathAttributes> actual = new HashMap<>();
    rib.forEach(r -> actual.put(r.prefix() + "#" + r.pathId(), r.attributes()));
    assertThat(actual).isEqualTo(expected);
    int refs = 0;
    for (int id = 0; id < sets.length; id++) {
      refs += interner.references(id);
    }
    assertThat(refs).as("one reference per route").isEqualTo(expected.size());
  }

  @Test
  void randomAddPathRoutesMatchAReferenceMap() {
    SplittableRandom rnd = new SplittableRandom(11);
    Map<String, PathAttributes> expected = new HashMap<>();
    for (int op = 0; op < 100_000; op++) {
      int n = rnd.nextInt(2000);
      Prefix p = Prefix.ipv6(0x2a000000_00000000L | (long) n << 20, 0, 44);
      long pathId = rnd.nextInt(6);
      String key = p + "#" + pathId;
      if (rnd.nextBoolean()) {
        assertThat(rib.withdraw(p, pathId, T0)).isEqualTo(expected.remove(key) != null);
      } else {
        PathAttributes a = attrs(rnd.nextInt(20));
        rib.announce(p, pathId, a, T0);
        expected.put(key, a);
      }
    }
    Map<String, PathAttributes> actual = new HashMap<>();
    rib.forEach(r -> actual.put(r.prefix() + "#" + r.pathId(), r.attributes()));
    assertThat(actual).isEqualTo(expected);
    rib.clear(T1);
    assertThat(interner.size()).isZero();
  }
}
