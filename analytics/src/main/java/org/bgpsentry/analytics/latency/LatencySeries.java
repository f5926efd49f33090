package org.bgpsentry.analytics.latency;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bgpsentry.codec.model.nlri.Prefix;

/**
 * The probe results of one reported prefix (a registered prefix, or one /24 or /48 inside it):
 * the open 5-minute bucket as live counters plus the last 15 minutes of answered RTTs, and the
 * closed buckets of 30 days in a {@link BucketRing}. Not thread-safe; {@link LatencyMonitor}
 * serialises access.
 */
final class LatencySeries {
  static final long BUCKET_SECONDS = 300;
  /** 7 days of 5-minute buckets: the baseline of the degrade rule. */
  static final int BASELINE_BUCKETS = 2016;

  final Prefix prefix;
  private BucketRing ring = new BucketRing();
  private final SampleWindow window = new SampleWindow();
  private long openIndex = Long.MIN_VALUE;
  private int probes;
  private int answered;
  private int minMicros = Integer.MAX_VALUE;
  private long statsIndex = Long.MIN_VALUE;
  private double median7dMicros = Double.NaN;
  private int baselineBuckets;

  LatencySeries(Prefix prefix) {
    this.prefix = prefix;
  }

  /**
   * One probe at {@code second}: {@code micros >= 0} answered after that RTT, -1 lost. Probes end
   * out of order by up to the timeout; one older than the open bucket counts into the open bucket.
   */
  void record(long second, int micros) {
    advance(second);
    probes++;
    if (micros >= 0) {
      answered++;
      minMicros = Math.min(minMicros, micros);
      window.add(second, micros);
    }
  }

  /** Closes the open bucket when {@code second} lies in a later one. */
  void advance(long second) {
    long index = Math.floorDiv(second, BUCKET_SECONDS);
    if (openIndex == Long.MIN_VALUE) {
      openIndex = index;
    } else if (index > openIndex) {
      if (probes > 0) {
        writeOpen(ring);
      }
      openIndex = index;
      probes = 0;
      answered = 0;
      minMicros = Integer.MAX_VALUE;
    }
    window.evictBefore(second - SampleWindow.SPAN_SECONDS);
  }

  /**
   * Writes the open bucket into {@code target}. A bucket already there with the same index was
   * written before a restart: counts add up, min is the smaller, median and p95 are the
   * answered-weighted mean of both (the earlier samples are gone).
   */
  private void writeOpen(BucketRing target) {
    long start = openIndex * BUCKET_SECONDS;
    int[] sorted = window.sortedBetween(start, start + BUCKET_SECONDS);
    int p = probes;
    int a = answered;
    int min = answered > 0 ? RttCode.encode(minMicros) : RttCode.NONE;
    int med = sorted.length > 0 ? RttCode.encode(Math.round(SampleWindow.median(sorted))) : 0;
    int p95 = sorted.length > 0 ? RttCode.encode(Math.round(SampleWindow.percentile(sorted, .95))) : 0;
    if (target.holds(openIndex) && target.lastIndex() == openIndex) {
      int oldA = target.get(openIndex, BucketRing.ANSWERED);
      int oldMin = target.get(openIndex, BucketRing.MIN);
      med = weighted(target.get(openIndex, BucketRing.MEDIAN), oldA, med, a);
      p95 = weighted(target.get(openIndex, BucketRing.P95), oldA, p95, a);
      min = min == RttCode.NONE ? oldMin : oldMin == RttCode.NONE ? min : Math.min(min, oldMin);
      p += target.get(openIndex, BucketRing.PROBES);
      a += oldA;
    }
    target.put(openIndex, p, a, min, med, p95);
  }

  private static int weighted(int codeA, int weightA, int codeB, int weightB) {
    if (weightA == 0 || codeA == RttCode.NONE) {
      return codeB;
    }
    if (weightB == 0 || codeB == RttCode.NONE) {
      return codeA;
    }
    double us =
        (RttCode.decode(codeA) * weightA + RttCode.decode(codeB) * weightB) / (weightA + weightB);
    return RttCode.encode(Math.round(us));
  }

  /** Median RTT (microseconds) of the answered probes in {@code (now - 15 min, now]}; NaN if none. */
  double median15mMicros(long nowSecond, int minSamples) {
    int[] s = window.sortedBetween(nowSecond - SampleWindow.SPAN_SECONDS + 1, nowSecond + 1);
    return s.length >= minSamples ? SampleWindow.median(s) : Double.NaN;
  }

  /**
   * The 7-day median: median of the closed buckets' medians in the 7 days before the open bucket,
   * each weighted by its answered probes. Cached per open bucket.
   */
  double median7dMicros() {
    refreshStats();
    return median7dMicros;
  }

  /** Closed buckets with at least one answered probe in the 7 days before the open bucket. */
  int baselineBuckets() {
    refreshStats();
    return baselineBuckets;
  }

  private void refreshStats() {
    if (statsIndex == openIndex) {
      return;
    }
    statsIndex = openIndex;
    long[] pairs = new long[BASELINE_BUCKETS];
    int n = 0;
    long total = 0;
    for (long i = openIndex - BASELINE_BUCKETS; i < openIndex; i++) {
      int a = ring.get(i, BucketRing.ANSWERED);
      int med = ring.get(i, BucketRing.MEDIAN);
      if (a > 0 && med != RttCode.NONE) {
        pairs[n++] = (long) med << 32 | a;
        total += a;
      }
    }
    baselineBuckets = n;
    if (n == 0) {
      median7dMicros = Double.NaN;
      return;
    }
    long[] sorted = Arrays.copyOf(pairs, n);
    Arrays.sort(sorted);
    long half = (total + 1) / 2;
    long acc = 0;
    for (long v : sorted) {
      acc += v & 0xffffffffL;
      if (acc >= half) {
        median7dMicros = RttCode.decode((int) (v >>> 32));
        return;
      }
    }
    throw new IllegalStateException("weighted median not reached");
  }

  /** The buckets with probes whose start lies in {@code [fromSecond, toSecond]}, oldest first. */
  List<LatencyBucket> buckets(long fromSecond, long toSecond) {
    List<LatencyBucket> out = new ArrayList<>();
    long first = Math.floorDiv(fromSecond, BUCKET_SECONDS);
    long last = Math.floorDiv(toSecond, BUCKET_SECONDS);
    for (long i = first; i <= last; i++) {
      if (i == openIndex && probes > 0) {
        out.add(openBucket());
      } else if (ring.get(i, BucketRing.PROBES) > 0) {
        out.add(
            new LatencyBucket(
                Instant.ofEpochSecond(i * BUCKET_SECONDS),
                ring.get(i, BucketRing.PROBES),
                ring.get(i, BucketRing.ANSWERED),
                millis(ring.get(i, BucketRing.MIN)),
                millis(ring.get(i, BucketRing.MEDIAN)),
                millis(ring.get(i, BucketRing.P95))));
      }
    }
    return out;
  }

  private LatencyBucket openBucket() {
    BucketRing scratch = new BucketRing();
    if (ring.lastIndex() == openIndex) {
      scratch.put(
          openIndex,
          ring.get(openIndex, BucketRing.PROBES),
          ring.get(openIndex, BucketRing.ANSWERED),
          ring.get(openIndex, BucketRing.MIN),
          ring.get(openIndex, BucketRing.MEDIAN),
          ring.get(openIndex, BucketRing.P95));
    }
    writeOpen(scratch);
    return new LatencyBucket(
        Instant.ofEpochSecond(openIndex * BUCKET_SECONDS),
        scratch.get(openIndex, BucketRing.PROBES),
        scratch.get(openIndex, BucketRing.ANSWERED),
        millis(scratch.get(openIndex, BucketRing.MIN)),
        millis(scratch.get(openIndex, BucketRing.MEDIAN)),
        millis(scratch.get(openIndex, BucketRing.P95)));
  }

  private static double millis(int code) {
    return RttCode.decode(code) / 1000.0;
  }

  /** The ring with the open bucket written in (merged as after a restart), for persistence. */
  void writeTo(DataOutput out) throws IOException {
    BucketRing snapshot = ring.copy();
    if (probes > 0) {
      writeOpen(snapshot);
    }
    snapshot.writeTo(out);
  }

  /** Replaces the closed buckets by those read from {@code in} (state before a restart). */
  void readFrom(DataInput in) throws IOException {
    ring = BucketRing.readFrom(in);
    statsIndex = Long.MIN_VALUE;
  }
}
