package org.bgpsentry.analytics.rib;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.codec.model.attr.AsPathSegment;
import org.bgpsentry.codec.model.attr.OriginType;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.attr.SegmentType;
import org.bgpsentry.codec.model.nlri.Afi;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.codec.wire.attr.StoredAttributes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Adj-RIB-In's insert path as a session drives it on a full table: one operation fills a fresh
 * RIB with 1,000,000 IPv4 /24s, runs of 6 routes sharing a stored attribute set (about an UPDATE's
 * worth, as on the bench table), none of interest to detection (no registry: no events). {@code
 * limit} is {@code none} (no {@code max_prefixes}) or {@code 2000000} (a limit never reached), so
 * the pair shows what the per-route RFC 4486 §4 check costs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(1)
public class PeerRibAnnounceBenchmark {
  static final int ROUTES = 1_000_000;
  static final int PER_SET = 6;

  @Param({"none", "2000000"})
  public String limit;

  private final PeerId peer = new PeerId("feed", IpAddress.parse("127.0.0.2"), 65001);
  private final Instant at = Instant.parse("2026-11-23T00:00:00Z");
  private Prefix[] prefixes;
  private byte[][] sets;

  @Setup(Level.Trial)
  public void table() {
    prefixes = new Prefix[ROUTES];
    for (int i = 0; i < ROUTES; i++) {
      prefixes[i] = Prefix.ipv4((1 << 24) + (i << 8), 24);
    }
    sets = new byte[ROUTES / PER_SET + 1][];
    for (int i = 0; i < sets.length; i++) {
      sets[i] =
          StoredAttributes.encode(
              PathAttributes.of(
                  new PathAttribute.Origin(OriginType.IGP),
                  new PathAttribute.AsPath(
                      List.of(new AsPathSegment(SegmentType.AS_SEQUENCE, new int[] {65001, 64512 + (i % 1000), i}))),
                  new PathAttribute.NextHop(IpAddress.parse("127.0.0.2"))));
    }
  }

  @Benchmark
  public int fill() {
    PeerRib rib = new PeerRib(peer, new AttributeInterner(), p -> false, e -> {});
    if (!limit.equals("none")) {
      rib.limit(Afi.IPV4, Long.parseLong(limit));
    }
    for (int i = 0; i < ROUTES; i++) {
      rib.announce(prefixes[i], Nlri.NO_PATH_ID, sets[i / PER_SET], at);
    }
    return rib.size(Afi.IPV4);
  }
}
