package org.bgpsentry.analytics.detect;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bgpsentry.analytics.event.EventKind;
import org.bgpsentry.analytics.event.PeerEvent;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.analytics.event.RouteEvent;
import org.bgpsentry.analytics.prefix.PrefixRegistry;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.analytics.testing.Pfx2As;
import org.bgpsentry.analytics.testing.Routes;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.nlri.Nlri;

/**
 * Standalone throughput benchmark (not a test): a full IPv4 table (CAIDA pfx2as 2024, 998k
 * prefixes) streamed as route changes from 10 peers into an engine with every 10th prefix (about
 * 100k) registered with its real origins, 1% of changes carrying a foreign origin (hijacks).
 * Prints changes/s (wall clock, and per CPU-second of the calling thread, which a loaded machine
 * does not distort) and the per-change latency distribution inside the engine.
 *
 * <p>Run: {@code mvn -pl analytics -am test-compile} then {@code java -cp
 * analytics/target/test-classes:analytics/target/classes:bgp-codec/target/classes
 * org.bgpsentry.analytics.detect.DetectionThroughputBench routeviews-rv2-20240406.pfx2as.gz}, a
 * full CAIDA RouteViews prefix-to-AS file (publicdata.caida.org/datasets/routing/routeviews-prefix2as;
 * testdata/ holds only every 10th line of that one)
 */
public final class DetectionThroughputBench {
  private DetectionThroughputBench() {}

  public static void main(String[] args) throws Exception {
    List<Pfx2As.Row> table = Pfx2As.read(Path.of(args[0]), 1, Integer.MAX_VALUE);
    List<RegisteredPrefix> regs = new ArrayList<>();
    for (int i = 0; i < table.size(); i += 10) {
      Pfx2As.Row r = table.get(i);
      regs.add(
          new RegisteredPrefix(
              r.prefix(), "", "", "", "", r.allAsns(), r.prefix().length(), List.of(), List.of(), 0, null,
              List.of()));
    }
    PrefixRegistry registry = new PrefixRegistry(regs);
    long[] alerts = new long[1];
    Instant t0 = Instant.parse("2024-04-06T00:00:00Z");
    DetectionEngine engine =
        new DetectionEngine(
            DetectionSettings.DEFAULTS.withMaxPathLength(8), registry, a -> alerts[0]++,
            Clock.fixed(t0, ZoneOffset.UTC), new Random(1));
    List<PeerId> peers = new ArrayList<>();
    for (int p = 0; p < 10; p++) {
      PeerId peer = Routes.peer("peer" + p, "192.0.2." + (p + 1), 3356 + p);
      peers.add(peer);
      engine.onPeer(new PeerEvent.Established(peer, t0));
    }
    Map<Long, PathAttributes[]> paths = new HashMap<>();
    Random rnd = new Random(7);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    List<RouteEvent> events = new ArrayList<>(table.size() * 2);
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < table.size(); i++) {
        Pfx2As.Row r = table.get(i);
        long origin = r.origins().get(0)[0];
        PeerId peer = peers.get(i % peers.size());
        boolean hijack = rnd.nextInt(100) == 0;
        long o = hijack ? 64666 + rnd.nextInt(1000) : origin;
        PathAttributes a =
            paths.computeIfAbsent(o, k -> new PathAttributes[2])[round] != null
                ? paths.get(o)[round]
                : (paths.get(o)[round] = Routes.path(peer.asn(), round == 0 ? 1299 : 174, o));
        events.add(
            new RouteEvent(
                peer, r.prefix(), Nlri.NO_PATH_ID, a, null, round == 0 ? EventKind.ANNOUNCE : EventKind.REPLACE,
                t0.plusMillis(events.size())));
      }
    }
    System.out.printf(
        "registered=%d table=%d changes/round=%d%n", registry.size(), table.size(), events.size());
    long[] lat = new long[events.size()];
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    for (int round = 0; round < rounds; round++) {
      alerts[0] = 0;
      long start = System.nanoTime();
      long cpuStart = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < events.size(); i++) {
        RouteEvent e = events.get(i);
        RouteEvent shifted =
            new RouteEvent(
                e.peer(), e.prefix(), e.pathId(), e.attributes(), null,
                round == 0 || i >= table.size() ? e.kind() : EventKind.REPLACE,
                e.at().plusSeconds(3600L * round));
        long s = System.nanoTime();
        engine.onRoute(shifted);
        lat[i] = System.nanoTime() - s;
      }
      double secs = (System.nanoTime() - start) / 1e9;
      double cpuSecs = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
      long[] sorted = lat.clone();
      Arrays.sort(sorted);
      System.out.printf(
          "round %d: %.0f changes/s wall, %.0f changes per CPU-second, alerts sent %d, latency p50 %.2f us,"
              + " p99 %.2f us, p99.9 %.2f us, max %.2f ms%n",
          round, events.size() / secs, events.size() / cpuSecs, alerts[0], sorted[sorted.length / 2] / 1e3,
          sorted[(int) (sorted.length * 0.99)] / 1e3, sorted[(int) (sorted.length * 0.999)] / 1e3,
          sorted[sorted.length - 1] / 1e6);
    }
  }
}
