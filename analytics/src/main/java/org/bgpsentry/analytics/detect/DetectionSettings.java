package org.bgpsentry.analytics.detect;

import java.time.Duration;

/**
 * The {@code detection} and {@code rpki.stale_after} settings of docs/configuration.md.
 *
 * @param minPeers peers that must show a route condition before it fires
 * @param maxPathLength suboptimal_path when the best path is longer (per-prefix override wins)
 * @param resolveAfter a condition must be gone this long before it resolves
 * @param repeatInterval re-send a still-firing alert this often; zero = never
 * @param staleAfter no RPKI alerts while the VRP data is older than this
 * @param publicMinPeers distinct public vantage point ASes ({@code sources.ris_live.min_peers})
 *     that fire a route condition on their own
 */
public record DetectionSettings(
    int minPeers,
    int maxPathLength,
    Duration resolveAfter,
    Duration repeatInterval,
    Duration staleAfter,
    int publicMinPeers) {
  /** {@code sources.ris_live.min_peers} by default (docs/operators-guide.md "Public vantage points: RIS Live"). */
  public static final int DEFAULT_PUBLIC_MIN_PEERS = 3;

  public static final DetectionSettings DEFAULTS =
      new DetectionSettings(1, 3, Duration.ZERO, Duration.ofHours(4), Duration.ofHours(2));

  /** Settings with the default {@link #DEFAULT_PUBLIC_MIN_PEERS}. */
  public DetectionSettings(
      int minPeers, int maxPathLength, Duration resolveAfter, Duration repeatInterval, Duration staleAfter) {
    this(minPeers, maxPathLength, resolveAfter, repeatInterval, staleAfter, DEFAULT_PUBLIC_MIN_PEERS);
  }

  public DetectionSettings {
    if (minPeers < 1) {
      throw new IllegalArgumentException("min_peers " + minPeers + " (expected: >= 1)");
    }
    if (publicMinPeers < 1) {
      throw new IllegalArgumentException("ris_live min_peers " + publicMinPeers + " (expected: >= 1)");
    }
    if (maxPathLength < 1) {
      throw new IllegalArgumentException("max_path_length " + maxPathLength + " (expected: >= 1)");
    }
    if (resolveAfter.isNegative() || repeatInterval.isNegative() || staleAfter.isNegative()) {
      throw new IllegalArgumentException("negative duration in detection settings (expected: >= 0)");
    }
  }

  public DetectionSettings withMinPeers(int n) {
    return new DetectionSettings(n, maxPathLength, resolveAfter, repeatInterval, staleAfter, publicMinPeers);
  }

  public DetectionSettings withMaxPathLength(int n) {
    return new DetectionSettings(minPeers, n, resolveAfter, repeatInterval, staleAfter, publicMinPeers);
  }

  public DetectionSettings withResolveAfter(Duration d) {
    return new DetectionSettings(minPeers, maxPathLength, d, repeatInterval, staleAfter, publicMinPeers);
  }

  public DetectionSettings withRepeatInterval(Duration d) {
    return new DetectionSettings(minPeers, maxPathLength, resolveAfter, d, staleAfter, publicMinPeers);
  }

  public DetectionSettings withPublicMinPeers(int n) {
    return new DetectionSettings(minPeers, maxPathLength, resolveAfter, repeatInterval, staleAfter, n);
  }
}
