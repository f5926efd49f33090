package org.bgpsentry.daemon.metrics;

import java.time.Duration;
import java.util.Arrays;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.junit.jupiter.api.Test;

/**
 * Scrape cost with 10,000 registered prefixes, each with every per-prefix series of docs/metrics.md (visible peers, best path length, changes, probe failures, a 10-bucket RTT histogram), plus
 * 20 peers' session series. A measurement, not a check: run by {@code
 * mvn -B -ntp -pl daemon -am -Pbench verify -Dit.test=MetricsScrapeBench} and prints its figures (docs/performance.md).
 */
class MetricsScrapeBench {
  @Test
  void scrapeWith10000RegisteredPrefixes() {
    BgpsentryMetrics m = new BgpsentryMetrics();
    for (int peer = 0; peer < 20; peer++) {
      m.sessionState("edge" + peer, "established");
      m.routes("edge" + peer, "ipv4", 1_000_000);
      m.routes("edge" + peer, "ipv6", 230_000);
      m.messageReceived("edge" + peer, "update");
    }
    for (int i = 0; i < 10_000; i++) {
      Prefix p = Prefix.ipv4(0x0a000000 + (i << 8), 24);
      m.prefixVisiblePeers(p, 20);
      m.prefixBestPathLength(p, 3);
      m.prefixChange(p);
      m.prefixProbeFailure(p);
      m.prefixRtt(p, Duration.ofMillis(1 + i % 200));
    }
    int bytes = 0;
    for (int i = 0; i < 20; i++) {
      bytes = m.scrape(null).body().length;
    }
    long[] ns = new long[100];
    for (int i = 0; i < ns.length; i++) {
      long t0 = System.nanoTime();
      m.scrape(null);
      ns[i] = System.nanoTime() - t0;
    }
    Arrays.sort(ns);
    long t0 = System.nanoTime();
    int omBytes = m.scrape("application/openmetrics-text; version=1.0.0").body().length;
    long omNs = System.nanoTime() - t0;
    System.out.printf("scrape, 10,000 prefixes: %d bytes, %d series lines; median %.1f ms, p90 %.1f ms, max %.1f ms; openmetrics %d bytes %.1f ms%n",
        bytes, new String(m.scrape(null).body(), java.nio.charset.StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#")).count(),
        ns[50] / 1e6, ns[90] / 1e6, ns[99] / 1e6, omBytes, omNs / 1e6);
  }
}
