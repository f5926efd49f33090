package org.bgpsentry.daemon.config;

import java.time.Duration;

/** {@code detection:} (docs/configuration.md); {@code repeatInterval} zero means never repeat. */
public record DetectionConfig(
    int minPeers, int maxPathLength, Duration resolveAfter, Duration repeatInterval) {
  public static final DetectionConfig DEFAULT =
      new DetectionConfig(1, 3, Duration.ZERO, Duration.ofHours(4));
}
