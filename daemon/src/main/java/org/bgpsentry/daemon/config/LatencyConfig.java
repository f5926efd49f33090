package org.bgpsentry.daemon.config;

import java.time.Duration;
import java.util.List;

/** {@code latency:} (docs/configuration.md): active RTT probing; {@code method} is {@code tcp}. */
public record LatencyConfig(
    Duration interval, String method, List<Integer> ports, Duration timeout, double degradeRatio) {
  public static final LatencyConfig DEFAULT =
      new LatencyConfig(
          Duration.ofSeconds(30), "tcp", List.of(443, 80), Duration.ofSeconds(2), 1.5);

  public LatencyConfig {
    ports = List.copyOf(ports);
  }
}
