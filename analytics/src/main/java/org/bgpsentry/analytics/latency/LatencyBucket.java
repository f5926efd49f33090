package org.bgpsentry.analytics.latency;

import java.time.Instant;

/**
 * One 5-minute bucket of the latency report (docs/api.md {@code /api/v1/latency}): probes sent,
 * probes answered (SYN-ACK or RST), and min/median/p95 RTT of the answered ones in milliseconds
 * (NaN when none answered).
 */
public record LatencyBucket(
    Instant start, int probes, int answered, double minMs, double medianMs, double p95Ms) {

  /** Lost probes / probes; 0 for a bucket without probes. */
  public double lossRatio() {
    return probes == 0 ? 0 : (probes - answered) / (double) probes;
  }
}
