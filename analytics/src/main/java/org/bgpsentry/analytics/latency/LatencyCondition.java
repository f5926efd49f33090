package org.bgpsentry.analytics.latency;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bgpsentry.analytics.detect.Finding;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.codec.model.nlri.IpAddress;

/**
 * A present {@code latency_degraded} condition of a registered prefix (docs/alerts.md), the input
 * the alert lifecycle turns into a firing alert; it resolves when the condition is no longer
 * returned by {@link LatencyMonitor#evaluate()}. {@link Finding.LatencyDegraded} carries it into the
 * lifecycle.
 *
 * @param since when the condition was first seen (stays while it lasts)
 * @param median15mMs median RTT of the last 15 minutes, NaN when no probe answered
 * @param median7dMs the 7-day baseline median, NaN before any baseline exists
 * @param failingTargets targets whose every probe failed for at least 1 minute
 * @param pathChange the best-path change in the same window, or null
 */
public record LatencyCondition(
    RegisteredPrefix registered,
    Reason reason,
    Instant since,
    double median15mMs,
    double median7dMs,
    double degradeRatio,
    List<IpAddress> failingTargets,
    PathChange pathChange) {

  /** Which half of the rule holds. */
  public enum Reason {
    /** The 15-minute median exceeds the 7-day median by {@code degrade_ratio}. */
    MEDIAN_RTT,
    /** Every target failed every probe for 1 minute. */
    UNREACHABLE;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public LatencyCondition {
    failingTargets = List.copyOf(failingTargets);
  }

  /** {@code latency_degraded|P|P|}: one alert per registered prefix, whichever reason holds. */
  public String key() {
    return new Finding.LatencyDegraded(this).key();
  }

  public String summary() {
    String p = registered.prefix().toString();
    String s =
        switch (reason) {
          case MEDIAN_RTT ->
              String.format(
                  Locale.ROOT,
                  "%s RTT median %.1f ms over 15 min is %.1fx the 7-day median %.1f ms"
                      + " (degrade_ratio %.2f)",
                  p,
                  median15mMs,
                  median15mMs / median7dMs,
                  median7dMs,
                  degradeRatio);
          case UNREACHABLE ->
              p + ": every probe target unreachable for at least 1 minute " + failingTargets;
        };
    if (pathChange != null) {
      s += "; best AS path changed " + pathChange.oldPath() + " -> " + pathChange.newPath()
          + " at " + pathChange.at();
    }
    return s;
  }

  /** The alert's {@code details}: JSON-friendly values only, absent values left out. */
  public Map<String, Object> details() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("reason", reason.wireName());
    if (!Double.isNaN(median15mMs)) {
      d.put("median_15m_ms", median15mMs);
    }
    if (!Double.isNaN(median7dMs)) {
      d.put("median_7d_ms", median7dMs);
    }
    d.put("degrade_ratio", degradeRatio);
    d.put("probe_targets", registered.probeTargets().stream().map(IpAddress::toString).toList());
    d.put("failing_targets", failingTargets.stream().map(IpAddress::toString).toList());
    if (pathChange != null) {
      d.put(
          "path_change",
          Map.of(
              "old_path", pathChange.oldPath(),
              "new_path", pathChange.newPath(),
              "at", pathChange.at().toString()));
    }
    return d;
  }
}
