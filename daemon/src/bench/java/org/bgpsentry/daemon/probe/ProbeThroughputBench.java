package org.bgpsentry.daemon.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bgpsentry.analytics.latency.LatencyBucket;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.daemon.metrics.BgpsentryMetrics;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Probe throughput of the real prober (docs/performance.md "Latency probes"): 1000 loopback
 * targets on a closed port (each probe is a real SYN answered by the kernel's RST), recorded into
 * the monitor and the metrics. A measurement, not a check: run by
 * {@code mvn -B -ntp -pl daemon -am -Pbench verify -Dit.test=ProbeThroughputBench}.
 */
class ProbeThroughputBench {
  private static final Prefix NET = Prefix.parse("127.1.0.0/16");
  private static final int TARGETS = 1000;

  @TempDir Path stateDir;

  @ParameterizedTest
  @ValueSource(ints = {20_000, 5_000, 1_000, 200})
  void probesPerSecond(int planned) throws Exception {
    List<IpAddress> targets = new ArrayList<>();
    for (int i = 0; i < TARGETS; i++) {
      targets.add(IpAddress.ipv4(0x7f010000 | (i / 250) << 8 | (1 + i % 250)));
    }
    LatencySettings s =
        new LatencySettings(
            Duration.ofNanos(1_000_000_000L * TARGETS / planned), "tcp", List.of(9), // discard: closed
            Duration.ofSeconds(1), 1.5, LatencySettings.DEFAULT_MAX_CONCURRENT, 1e6);
    BgpsentryMetrics metrics = new BgpsentryMetrics();
    try (LatencyService service = new LatencyService(s, stateDir, metrics, Clock.systemUTC())) {
      service.updateRegistry(
          List.of(
              new RegisteredPrefix(
                  NET, "", "", "", "", List.of(64496L), 16, List.of(), List.of(), 0, null,
                  targets)));
      Thread.sleep(3000);
      long p0 = probes(service);
      long cpu0 = probeThreadCpuNanos();
      long t0 = System.nanoTime();
      Thread.sleep(10_000);
      long p1 = probes(service);
      long cpu1 = probeThreadCpuNanos();
      double secs = (System.nanoTime() - t0) / 1e9;
      double rate = (p1 - p0) / secs;
      System.out.printf(
          "planned %d/s: %.0f probes/s answered, probe thread CPU %.1f%% (%.1f us/probe)%n",
          planned, rate, 100.0 * (cpu1 - cpu0) / 1e9 / secs, (cpu1 - cpu0) / 1e3 / (p1 - p0));
      assertThat(rate).isPositive();
    }
  }

  private static long probes(LatencyService s) {
    return s.monitor().buckets(NET, Duration.ofHours(1)).orElseThrow().stream()
        .mapToLong(LatencyBucket::answered)
        .sum();
  }

  private static long probeThreadCpuNanos() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (ThreadInfo ti : mx.dumpAllThreads(false, false)) {
      if (ti.getThreadName().startsWith("bgpsentry-probe")) {
        sum += mx.getThreadCpuTime(ti.getThreadId());
      }
    }
    return sum;
  }
}
