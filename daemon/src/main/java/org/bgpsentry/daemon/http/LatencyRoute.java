package org.bgpsentry.daemon.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bgpsentry.analytics.latency.LatencyBucket;
import org.bgpsentry.analytics.latency.LatencyMonitor;
import org.bgpsentry.codec.model.nlri.Prefix;

/**
 * {@code GET /api/v1/latency?prefix=P&window=6h|12h|1d|7d|30d} (docs/api.md): the 5-minute
 * buckets with probes of a registered prefix or of a /24 (/48) inside it, oldest first, as {@code
 * {"buckets": [{"start", "probes", "answered", "loss_ratio", "min_ms", "median_ms", "p95_ms"}]}};
 * RTT fields are null for a bucket without answers. Unknown prefix 404, bad window or prefix 400.
 */
public final class LatencyRoute {
  /** The windows docs/api.md allows. */
  public static final Map<String, Duration> WINDOWS =
      Map.of(
          "6h", Duration.ofHours(6),
          "12h", Duration.ofHours(12),
          "1d", Duration.ofDays(1),
          "7d", Duration.ofDays(7),
          "30d", Duration.ofDays(30));

  private final LatencyMonitor monitor;

  /** A status and a JSON-able body (maps, lists, strings, numbers, null). */
  public record Response(int status, Map<String, Object> body) {}

  public LatencyRoute(LatencyMonitor monitor) {
    this.monitor = monitor;
  }

  /** Answers for the query parameters {@code prefix} and {@code window} (null when absent). */
  /** The API's latency view: this route and the monitor's 15-minute medians. */
  public static ApiViews.Latency view(LatencyMonitor monitor) {
    LatencyRoute route = new LatencyRoute(monitor);
    return new ApiViews.Latency() {
      @Override
      public Response get(String prefix, String window) {
        return route.get(prefix, window);
      }

      @Override
      public java.util.OptionalDouble median15mMillis(Prefix registered) {
        return monitor.median15mMillis(registered);
      }
    };
  }

  public Response get(String prefix, String window) {
    if (prefix == null || prefix.isEmpty()) {
      return error(400, "missing query parameter prefix (expected: prefix=203.0.113.0/24)");
    }
    if (window == null || window.isEmpty()) {
      return error(400, "missing query parameter window (expected: 6h, 12h, 1d, 7d or 30d)");
    }
    Duration span = WINDOWS.get(window);
    if (span == null) {
      return error(400, "invalid window '" + window + "' (expected: 6h, 12h, 1d, 7d or 30d)");
    }
    Prefix p;
    try {
      p = Prefix.parse(prefix);
    } catch (IllegalArgumentException e) {
      return error(400, e.getMessage());
    }
    return monitor
        .buckets(p, span)
        .map(buckets -> new Response(200, Map.<String, Object>of("buckets", render(buckets))))
        .orElseGet(
            () ->
                error(
                    404,
                    "no latency report for " + p
                        + " (expected: a registered prefix with probe_targets, or a /24 or /48"
                        + " inside one)"));
  }

  private static List<Map<String, Object>> render(List<LatencyBucket> buckets) {
    List<Map<String, Object>> out = new ArrayList<>(buckets.size());
    for (LatencyBucket b : buckets) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("start", b.start().toString());
      m.put("probes", b.probes());
      m.put("answered", b.answered());
      m.put("loss_ratio", round(b.lossRatio(), 1000));
      m.put("min_ms", round(b.minMs(), 100));
      m.put("median_ms", round(b.medianMs(), 100));
      m.put("p95_ms", round(b.p95Ms(), 100));
      out.add(m);
    }
    return out;
  }

  /**
   * Rounded to {@code 1/scale}: RTTs to 10 us, above the 0.033 % step of the stored quantiles;
   * null for NaN.
   */
  private static Double round(double v, double scale) {
    return Double.isNaN(v) ? null : Math.round(v * scale) / scale;
  }

  private static Response error(int status, String message) {
    return new Response(status, Map.of("error", message));
  }
}
