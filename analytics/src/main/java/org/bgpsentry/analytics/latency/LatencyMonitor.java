package org.bgpsentry.analytics.latency;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Prefix;

/**
 * Latency report and {@code latency_degraded} rule for the registered prefixes that list {@code
 * probe_targets} (docs/configuration.md, docs/alerts.md, docs/api.md). Probe results come in through {@link #recordAnswered} and
 * {@link #recordLost}; each lands in the series of its registered prefix and, when that prefix is
 * shorter, of the /24 (IPv4) or /48 (IPv6) holding the target. {@link #evaluate()} returns the
 * present conditions. Time comes from the probe results and the injected clock (docs/contributing.md R14).
 * All methods are synchronized: the prober, the HTTP API and the alert loop call from their own
 * threads.
 */
public final class LatencyMonitor {
  /** Reporting unit inside a shorter IPv4 registered prefix. */
  public static final int IPV4_UNIT = 24;
  /** Reporting unit inside a shorter IPv6 registered prefix (a typical site assignment). */
  public static final int IPV6_UNIT = 48;
  /** Baseline before the median half of the rule applies: 24 h of 5-minute buckets. */
  public static final int MIN_BASELINE_BUCKETS = 288;
  /** Answered probes the 15-minute median needs before it is compared. */
  public static final int MIN_WINDOW_SAMPLES = 3;
  /** How long every probe of every target must fail for the unreachable half of the rule. */
  public static final Duration UNREACHABLE_AFTER = Duration.ofMinutes(1);
  /** How far before a condition a best-path change still counts as "the same window". */
  public static final Duration CORRELATION_WINDOW = Duration.ofMinutes(15);

  private static final int FILE_MAGIC = 0x42474c54; // "BGLT"
  private static final int FILE_VERSION = 1;
  private static final int PATH_CHANGES_KEPT = 8;

  private final Clock clock;
  private volatile double degradeRatio;
  private final Map<Prefix, Watch> watches = new LinkedHashMap<>();
  private final Map<Prefix, LatencySeries> series = new HashMap<>();
  private final Map<IpAddress, Set<LatencySeries>> seriesByTarget = new LinkedHashMap<>();
  private final Map<IpAddress, Set<Watch>> watchesByTarget = new HashMap<>();
  private final Map<Prefix, LatencySeries> parked = new HashMap<>();

  /** Per registered prefix: its series, target states, condition start and path changes. */
  private static final class Watch {
    RegisteredPrefix registered;
    final LatencySeries series;
    /** Epoch second of the first lost probe since the target last answered; absent if it did. */
    final Map<IpAddress, Long> failingSince = new HashMap<>();
    final Deque<PathChange> changes = new ArrayDeque<>();
    Instant conditionSince;

    Watch(RegisteredPrefix registered, LatencySeries series) {
      this.registered = registered;
      this.series = series;
    }
  }

  public LatencyMonitor(Clock clock, double degradeRatio) {
    this.clock = clock;
    setDegradeRatio(degradeRatio);
  }

  /** A new {@code latency.degrade_ratio} (config reload), used from the next evaluation on. */
  public void setDegradeRatio(double degradeRatio) {
    if (!(degradeRatio > 1.0)) {
      throw new IllegalArgumentException(
          "invalid degrade_ratio: " + degradeRatio + " (expected: a number > 1)");
    }
    this.degradeRatio = degradeRatio;
  }

  /** The unit series a target reports into besides its registered prefix, or null. */
  public static Prefix unitOf(Prefix registered, IpAddress target) {
    int unit = registered.ipv6() ? IPV6_UNIT : IPV4_UNIT;
    if (registered.length() >= unit) {
      return null;
    }
    return new Prefix(target.ipv6(), target.hi(), target.lo(), target.ipv6() ? 128 : 32)
        .truncate(unit);
  }

  /**
   * Replaces the set of watched prefixes (registry load or reload). Data of prefixes that stay is
   * kept; prefixes without probe targets are ignored.
   *
   * @throws IllegalArgumentException when a probe target lies outside its prefix
   */
  public synchronized void register(Collection<RegisteredPrefix> registry) {
    for (RegisteredPrefix rp : registry) {
      for (IpAddress t : rp.probeTargets()) {
        Prefix host = new Prefix(t.ipv6(), t.hi(), t.lo(), t.ipv6() ? 128 : 32);
        if (!rp.prefix().covers(host)) {
          throw new IllegalArgumentException(
              "probe target " + t + " is outside " + rp.prefix() + " (expected: a host inside it)");
        }
      }
    }
    Map<Prefix, Watch> oldWatches = new HashMap<>(watches);
    Map<Prefix, LatencySeries> oldSeries = new HashMap<>(series);
    oldSeries.putAll(parked);
    watches.clear();
    series.clear();
    parked.clear();
    seriesByTarget.clear();
    watchesByTarget.clear();
    for (RegisteredPrefix rp : registry) {
      if (rp.probeTargets().isEmpty()) {
        continue;
      }
      Prefix p = rp.prefix();
      LatencySeries own = series.computeIfAbsent(p, k -> reuse(oldSeries, k));
      Watch w = oldWatches.get(p);
      if (w == null) {
        w = new Watch(rp, own);
      }
      w.registered = rp;
      w.failingSince.keySet().retainAll(Set.copyOf(rp.probeTargets()));
      watches.put(p, w);
      for (IpAddress t : rp.probeTargets()) {
        Set<LatencySeries> into = seriesByTarget.computeIfAbsent(t, k -> new LinkedHashSet<>());
        into.add(own);
        Prefix unit = unitOf(p, t);
        if (unit != null) {
          into.add(series.computeIfAbsent(unit, k -> reuse(oldSeries, k)));
        }
        watchesByTarget.computeIfAbsent(t, k -> new LinkedHashSet<>()).add(w);
      }
    }
  }

  private static LatencySeries reuse(Map<Prefix, LatencySeries> old, Prefix p) {
    LatencySeries s = old.get(p);
    return s != null ? s : new LatencySeries(p);
  }

  /** The distinct probe targets of all watched prefixes, in registry order. */
  public synchronized List<IpAddress> targets() {
    return List.copyOf(seriesByTarget.keySet());
  }

  /** The registered prefixes whose probe targets include {@code target}. */
  public synchronized List<Prefix> registeredPrefixesOf(IpAddress target) {
    return watchesByTarget.getOrDefault(target, Set.of()).stream()
        .map(w -> w.registered.prefix())
        .toList();
  }

  /** A probe of {@code target} at {@code at} answered (SYN-ACK or RST) after {@code rtt}. */
  public synchronized void recordAnswered(IpAddress target, Instant at, Duration rtt) {
    long us = Math.min(Integer.MAX_VALUE, Math.max(0, rtt.toNanos() / 1000));
    record(target, at, (int) us);
    for (Watch w : watchesByTarget.getOrDefault(target, Set.of())) {
      w.failingSince.remove(target);
    }
  }

  /** A probe of {@code target} at {@code at} got no answer within the timeout. */
  public synchronized void recordLost(IpAddress target, Instant at) {
    record(target, at, -1);
    for (Watch w : watchesByTarget.getOrDefault(target, Set.of())) {
      w.failingSince.putIfAbsent(target, at.getEpochSecond());
    }
  }

  private void record(IpAddress target, Instant at, int micros) {
    for (LatencySeries s : seriesByTarget.getOrDefault(target, Set.of())) {
      s.record(at.getEpochSecond(), micros);
    }
  }

  /** The best AS path of {@code registered} changed (from the RIB); kept for correlation. */
  public synchronized void onBestPathChange(
      Prefix registered, List<Long> oldPath, List<Long> newPath, Instant at) {
    Watch w = watches.get(registered);
    if (w == null) {
      return;
    }
    w.changes.addLast(new PathChange(oldPath, newPath, at));
    while (w.changes.size() > PATH_CHANGES_KEPT) {
      w.changes.removeFirst();
    }
  }

  /**
   * The present {@code latency_degraded} conditions, by the clock: the 15-minute median over the
   * 7-day median x {@code degrade_ratio} once {@link #MIN_BASELINE_BUCKETS} buckets of baseline
   * exist, or every target failing every probe for {@link #UNREACHABLE_AFTER}.
   */
  public synchronized List<LatencyCondition> evaluate() {
    Instant now = clock.instant();
    long sec = now.getEpochSecond();
    for (LatencySeries s : series.values()) {
      s.advance(sec);
    }
    List<LatencyCondition> out = new ArrayList<>();
    for (Watch w : watches.values()) {
      LatencySeries s = w.series;
      double m15 = s.median15mMicros(sec, MIN_WINDOW_SAMPLES) / 1000.0;
      double m7 = s.median7dMicros() / 1000.0;
      List<IpAddress> failing = failingTargets(w, sec);
      LatencyCondition.Reason reason = null;
      if (failing.size() == w.registered.probeTargets().size()) {
        reason = LatencyCondition.Reason.UNREACHABLE;
      } else if (s.baselineBuckets() >= MIN_BASELINE_BUCKETS
          && !Double.isNaN(m15)
          && m15 > m7 * degradeRatio) {
        reason = LatencyCondition.Reason.MEDIAN_RTT;
      }
      if (reason == null) {
        w.conditionSince = null;
        continue;
      }
      if (w.conditionSince == null) {
        w.conditionSince = now;
      }
      out.add(
          new LatencyCondition(
              w.registered,
              reason,
              w.conditionSince,
              m15,
              m7,
              degradeRatio,
              failing,
              correlatedChange(w, now)));
    }
    return out;
  }

  private static List<IpAddress> failingTargets(Watch w, long sec) {
    List<IpAddress> failing = new ArrayList<>();
    for (IpAddress t : w.registered.probeTargets()) {
      Long since = w.failingSince.get(t);
      if (since != null && sec - since >= UNREACHABLE_AFTER.toSeconds()) {
        failing.add(t);
      }
    }
    return failing;
  }

  /** The latest best-path change from {@link #CORRELATION_WINDOW} before the condition to now. */
  private static PathChange correlatedChange(Watch w, Instant now) {
    Instant from = w.conditionSince.minus(CORRELATION_WINDOW);
    PathChange found = null;
    for (PathChange c : w.changes) {
      if (!c.at().isBefore(from) && !c.at().isAfter(now)) {
        found = c;
      }
    }
    return found;
  }

  /**
   * The buckets of {@code prefix} (a registered prefix or a /24, /48 unit inside one) whose start
   * lies within {@code window} before now, oldest first; empty when the prefix is not reported.
   */
  public synchronized Optional<List<LatencyBucket>> buckets(Prefix prefix, Duration window) {
    LatencySeries s = series.get(prefix);
    if (s == null) {
      return Optional.empty();
    }
    long now = clock.instant().getEpochSecond();
    s.advance(now);
    return Optional.of(s.buckets(now - window.toSeconds(), now));
  }

  /** The last 15-minute median RTT of a registered prefix in ms (for {@code /api/v1/prefixes}). */
  public synchronized OptionalDouble median15mMillis(Prefix registered) {
    Watch w = watches.get(registered);
    if (w == null) {
      return OptionalDouble.empty();
    }
    double m = w.series.median15mMicros(clock.instant().getEpochSecond(), 1);
    return Double.isNaN(m) ? OptionalDouble.empty() : OptionalDouble.of(m / 1000.0);
  }

  /** Every prefix with a report: the watched registered prefixes and their units, sorted. */
  public synchronized Set<Prefix> reportedPrefixes() {
    return new TreeSet<>(series.keySet());
  }

  /**
   * Writes every series (closed buckets plus the open one) in the compact state-file format:
   * magic, version, count, then per series the prefix and its ring ({@link BucketRing#BYTES} +
   * 8 bytes).
   */
  public synchronized void writeTo(DataOutput out) throws IOException {
    out.writeInt(FILE_MAGIC);
    out.writeInt(FILE_VERSION);
    Map<Prefix, LatencySeries> all = new LinkedHashMap<>(parked);
    all.putAll(series);
    out.writeInt(all.size());
    for (LatencySeries s : all.values()) {
      out.writeBoolean(s.prefix.ipv6());
      out.writeLong(s.prefix.hi());
      out.writeLong(s.prefix.lo());
      out.writeByte(s.prefix.length());
      s.writeTo(out);
    }
  }

  /**
   * Restores series written by {@link #writeTo}. Series of prefixes not watched (yet) are kept
   * aside until the next {@link #register} and dropped there when still not registered.
   *
   * @throws IOException when the data is not a latency state file of this version
   */
  public synchronized void readFrom(DataInput in) throws IOException {
    int magic = in.readInt();
    int version = in.readInt();
    if (magic != FILE_MAGIC || version != FILE_VERSION) {
      throw new IOException(
          String.format(
              "not a latency state file: magic %08x version %d (expected: %08x version %d)",
              magic, version, FILE_MAGIC, FILE_VERSION));
    }
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      boolean v6 = in.readBoolean();
      long hi = in.readLong();
      long lo = in.readLong();
      int len = in.readUnsignedByte();
      Prefix p;
      try {
        p = new Prefix(v6, hi, lo, len);
      } catch (IllegalArgumentException e) {
        throw new IOException("corrupt latency state file: " + e.getMessage(), e);
      }
      LatencySeries s = series.get(p);
      if (s == null) {
        s = parked.computeIfAbsent(p, LatencySeries::new);
      }
      s.readFrom(in);
    }
  }
}
