package org.bgpsentry.daemon.http;

import java.time.Instant;

/**
 * One 5-minute bucket of {@code GET /api/v1/latency} (CONTRACT.md §7); the {@code *Ms} values
 * are null when no probe was answered.
 */
public record LatencyBucket(
    Instant start, int probes, int answered, double lossRatio, Double minMs, Double medianMs, Double p95Ms) {}
