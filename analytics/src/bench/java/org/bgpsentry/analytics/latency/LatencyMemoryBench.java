package org.bgpsentry.analytics.latency;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.junit.jupiter.api.Test;

/**
 * Retained heap per registered prefix with probe targets (docs/performance.md "Latency probes").
 * A measurement, not a check: run by
 * {@code mvn -B -ntp -pl analytics -am -Pbench verify -Dit.test=LatencyMemoryBench}.
 */
class LatencyMemoryBench {
  private static final int PREFIXES = 2000;

  private static long usedAfterGc() {
    for (int i = 0; i < 4; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  @Test
  void retainedHeapPerRegisteredPrefix() {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    List<RegisteredPrefix> registry = new ArrayList<>();
    List<IpAddress> targets = new ArrayList<>();
    for (int i = 0; i < PREFIXES; i++) {
      int base = 0x0a000000 | (i << 8); // 10.x.y.0/24
      IpAddress t = IpAddress.ipv4(base | 10);
      targets.add(t);
      registry.add(
          new RegisteredPrefix(
              Prefix.ipv4(base, 24), "", "", "", "", List.of(64496L), 24, List.of(), List.of(), 0,
              null, List.of(t)));
    }
    long before = usedAfterGc();
    LatencyMonitor monitor = new LatencyMonitor(Clock.fixed(t0, ZoneOffset.UTC), 1.5);
    monitor.register(registry);
    // 15 minutes of probes every 30 s: the sample windows at their steady size
    for (int s = 0; s < 900; s += 30) {
      for (IpAddress t : targets) {
        monitor.recordAnswered(t, t0.plusSeconds(s), Duration.ofMillis(20 + s % 7));
      }
    }
    long after = usedAfterGc();
    double perPrefix = (after - before) / (double) PREFIXES;
    System.out.printf(
        "latency heap: %d registered /24s, one target each: %.0f bytes/prefix (ring %d)%n",
        PREFIXES, perPrefix, BucketRing.BYTES);
    assertThat(monitor.reportedPrefixes()).hasSize(PREFIXES);
    assertThat(perPrefix).isGreaterThan(BucketRing.BYTES);
  }
}
