package org.bgpsentry.analytics.rib;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.model.attr.AsPathSegment;
import org.bgpsentry.codec.model.attr.LargeCommunity;
import org.bgpsentry.codec.model.attr.OriginType;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.attr.SegmentType;
import org.bgpsentry.codec.model.nlri.Afi;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.junit.jupiter.api.Test;

/**
 * Retained heap of full tables: 1,000,000 IPv4 + 230,000 IPv6 routes over 420,000
 * distinct attribute sets (345,000 IPv4, 75,000 IPv6), loaded into one PeerRib, then into nine more
 * peers carrying the same table. Slow and memory-hungry: a measurement, run only
 * by {@code mvn -B -ntp -pl analytics -am -Pbench verify -Dit.test=PeerRibMemoryBench}; the figures go to docs/performance.md.
 */
class PeerRibMemoryBench {
  static final int V4 = 1_000_000;
  static final int V6 = 230_000;
  static final int SETS_V4 = 345_000;
  static final int SETS_V6 = 75_000;
  static final int PEERS = 10;
  private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void fullTablesRetainedBytesPerRoute() {
    AttributeInterner interner = new AttributeInterner();
    List<PeerRib> ribs = new ArrayList<>();
    long base = usedAfterGc();
    long previous = base;
    long[] perPeer = new long[PEERS];
    for (int peer = 0; peer < PEERS; peer++) {
      PeerRib rib =
          new PeerRib(
              new PeerId("p" + peer, IpAddress.ipv4(0x7f000002 + peer), 65001 + peer),
              interner,
              e -> {});
      load(rib);
      ribs.add(rib);
      long used = usedAfterGc();
      perPeer[peer] = used - previous;
      previous = used;
      assertThat(rib.size(Afi.IPV4)).isEqualTo(V4);
      assertThat(rib.size(Afi.IPV6)).isEqualTo(V6);
      System.out.printf(
          "peer %d: +%,d bytes = %.1f bytes/route (tables %,d bytes), interned sets %,d%n",
          peer + 1,
          perPeer[peer],
          perPeer[peer] / (double) (V4 + V6),
          rib.tableBytes(),
          interner.size());
    }
    long further = (previous - base - perPeer[0]) / (PEERS - 1);
    System.out.printf(
        "first table %,d bytes (%.1f MB, %.1f bytes/route); each further peer %.1f bytes/route;"
            + " %d peers %,d bytes total%n",
        perPeer[0],
        perPeer[0] / 1e6,
        perPeer[0] / (double) (V4 + V6),
        further / (double) (V4 + V6),
        PEERS,
        previous - base);
    assertThat(perPeer[0]).isLessThan(300_000_000L);
    assertThat(further / (double) (V4 + V6)).isLessThan(64);
    assertThat(ribs).hasSize(PEERS);
  }

  /** The same synthetic table for every peer; each UPDATE decodes fresh attribute objects. */
  private static void load(PeerRib rib) {
    SplittableRandom rnd = new SplittableRandom(42);
    for (int n = 0; rib.size(Afi.IPV4) < V4; n++) {
      int len = v4Length(rnd);
      int addr = (1 + rnd.nextInt(222)) << 24 | rnd.nextInt(1 << 24);
      rib.announce(Prefix.ipv4(addr, len), Nlri.NO_PATH_ID, attributes(n % SETS_V4, false), AT);
    }
    for (int n = 0; rib.size(Afi.IPV6) < V6; n++) {
      int len = rnd.nextInt(2) == 0 ? 48 : 29 + rnd.nextInt(19);
      long hi = 0x2000_0000_0000_0000L | (rnd.nextLong() >>> 4);
      PathAttributes a = attributes(SETS_V4 + n % SETS_V6, true);
      rib.announce(Prefix.ipv6(hi, 0, len), Nlri.NO_PATH_ID, a, AT);
    }
  }

  private static int v4Length(SplittableRandom rnd) {
    int r = rnd.nextInt(100);
    return r < 60
        ? 24
        : r < 72 ? 22 : r < 82 ? 23 : r < 90 ? 21 + rnd.nextInt(2) : 16 + rnd.nextInt(5);
  }

  /**
   * Attribute set number {@code n}, built afresh as a decoder would: AS path of 2..10 hops from
   * peer AS 65001, communities on ~65%, large communities on ~12%, MED on ~12%; IPv6 sets carry
   * their next hop in an MP_REACH_NLRI with no NLRI (what the session keeps per route).
   */
  static PathAttributes attributes(int n, boolean ipv6) {
    SplittableRandom r = new SplittableRandom(n * 0x9E3779B97F4A7C15L);
    int hops = 2 + r.nextInt(9);
    int[] path = new int[hops];
    path[0] = 65001;
    for (int i = 1; i < hops - 1; i++) {
      path[i] = 1 + r.nextInt(3000);
    }
    path[hops - 1] = 100_000 + n / 6;
    List<PathAttribute> list = new ArrayList<>();
    list.add(new PathAttribute.Origin(OriginType.values()[n % 3 == 0 ? 2 : 0]));
    list.add(new PathAttribute.AsPath(List.of(new AsPathSegment(SegmentType.AS_SEQUENCE, path))));
    if (ipv6) {
      list.add(
          new PathAttribute.MpReachNlri(
              Family.IPV6_UNICAST,
              List.of(IpAddress.parse("2001:db8::1")),
              OpaqueBytes.EMPTY,
              List.of(),
              OpaqueBytes.EMPTY));
    } else {
      list.add(new PathAttribute.NextHop(IpAddress.ipv4(0xc0000201)));
    }
    if (r.nextInt(100) < 12) {
      list.add(new PathAttribute.MultiExitDisc(r.nextInt(1000)));
    }
    if (r.nextInt(100) < 65) {
      List<Integer> c = new ArrayList<>();
      for (int i = 1 + r.nextInt(5); i > 0; i--) {
        c.add(path[1 + r.nextInt(hops - 1)] << 16 | r.nextInt(3000));
      }
      list.add(new PathAttribute.Communities(c));
    }
    if (r.nextInt(100) < 12) {
      list.add(
          new PathAttribute.LargeCommunities(
              List.of(new LargeCommunity(path[1], 1, r.nextInt(100)))));
    }
    return PathAttributes.of(list.toArray(new PathAttribute[0]));
  }

  private static long usedAfterGc() {
    var memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
