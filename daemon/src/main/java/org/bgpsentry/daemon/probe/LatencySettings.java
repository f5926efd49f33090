package org.bgpsentry.daemon.probe;

import java.time.Duration;
import java.util.List;
import org.bgpsentry.daemon.config.LatencyConfig;

/**
 * The {@code latency} section of the config (docs/configuration.md) plus the prober's internal bounds.
 *
 * @param interval time between two probes of one target [30s]
 * @param method probe method; only {@code tcp} (TCP connect time) [tcp]
 * @param ports TCP ports tried in order until one answers [443, 80]
 * @param timeout how long one connect attempt may take before it counts as lost [2s]
 * @param degradeRatio latency_degraded when the 15-min median exceeds the 7-day one by this [1.5]
 * @param maxConcurrent probes in flight at once; further ones wait for the next slot [256]
 * @param maxProbesPerSecond probe starts per second; more targets stretch the interval [200]
 */
public record LatencySettings(
    Duration interval,
    String method,
    List<Integer> ports,
    Duration timeout,
    double degradeRatio,
    int maxConcurrent,
    double maxProbesPerSecond) {

  public static final String METHOD_TCP = "tcp";
  public static final int DEFAULT_MAX_CONCURRENT = 256;
  public static final double DEFAULT_MAX_PROBES_PER_SECOND = 200;

  public LatencySettings {
    ports = List.copyOf(ports);
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("invalid latency.interval " + interval + " (expected: > 0)");
    }
    if (!METHOD_TCP.equals(method)) {
      throw new IllegalArgumentException("invalid latency.method '" + method + "' (expected: tcp)");
    }
    if (ports.isEmpty()) {
      throw new IllegalArgumentException("latency.ports is empty (expected: at least one port)");
    }
    for (int p : ports) {
      if (p < 1 || p > 65535) {
        throw new IllegalArgumentException("invalid latency port " + p + " (expected: 1..65535)");
      }
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("invalid latency.timeout " + timeout + " (expected: > 0)");
    }
    if (!(degradeRatio > 1.0)) {
      throw new IllegalArgumentException(
          "invalid latency.degrade_ratio " + degradeRatio + " (expected: a number > 1)");
    }
    if (maxConcurrent < 1 || !(maxProbesPerSecond > 0)) {
      throw new IllegalArgumentException(
          "invalid probe bounds " + maxConcurrent + " in flight, " + maxProbesPerSecond
              + "/s (expected: >= 1 and > 0)");
    }
  }

  /** The config keys with the internal bounds at their defaults. */
  public static LatencySettings of(
      Duration interval, String method, List<Integer> ports, Duration timeout, double ratio) {
    return new LatencySettings(
        interval, method, ports, timeout, ratio, DEFAULT_MAX_CONCURRENT,
        DEFAULT_MAX_PROBES_PER_SECOND);
  }

  /** From the validated {@code latency:} section of the config. */
  public static LatencySettings from(LatencyConfig c) {
    return of(c.interval(), c.method(), c.ports(), c.timeout(), c.degradeRatio());
  }

  /** The defaults of docs/configuration.md. */
  public static LatencySettings defaults() {
    return of(Duration.ofSeconds(30), METHOD_TCP, List.of(443, 80), Duration.ofSeconds(2), 1.5);
  }

  /** These settings with another {@code degrade_ratio}. */
  public LatencySettings withDegradeRatio(double ratio) {
    return new LatencySettings(interval, method, ports, timeout, ratio, maxConcurrent, maxProbesPerSecond);
  }
}
