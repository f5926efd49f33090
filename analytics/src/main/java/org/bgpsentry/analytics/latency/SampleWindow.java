package org.bgpsentry.analytics.latency;

import java.util.Arrays;

/**
 * The answered RTTs of the last 15 minutes of one series, oldest first, each packed in a {@code
 * long} (epoch second << 32 | microseconds). Grows from 16 to {@link #MAX} entries; beyond that the
 * oldest sample is overwritten, so memory stays bounded however many targets a series has.
 */
final class SampleWindow {
  static final int MAX = 16384;
  static final long SPAN_SECONDS = 900;

  private long[] buf = new long[16];
  private int head;
  private int size;

  void add(long second, int micros) {
    evictBefore(second - SPAN_SECONDS);
    if (size == buf.length) {
      if (buf.length < MAX) {
        long[] grown = new long[buf.length * 2];
        for (int i = 0; i < size; i++) {
          grown[i] = buf[(head + i) % buf.length];
        }
        buf = grown;
        head = 0;
      } else {
        head = (head + 1) % buf.length;
        size--;
      }
    }
    buf[(head + size) % buf.length] = second << 32 | (micros & 0xffffffffL);
    size++;
  }

  /** Drops samples taken before {@code second}. */
  void evictBefore(long second) {
    while (size > 0 && (buf[head] >>> 32) < second) {
      head = (head + 1) % buf.length;
      size--;
    }
  }

  /** The RTTs (microseconds) taken in {@code [from, to)}, sorted ascending. */
  int[] sortedBetween(long from, long to) {
    int[] out = new int[size];
    int n = 0;
    for (int i = 0; i < size; i++) {
      long v = buf[(head + i) % buf.length];
      long s = v >>> 32;
      if (s >= from && s < to) {
        out[n++] = (int) v;
      }
    }
    int[] r = Arrays.copyOf(out, n);
    Arrays.sort(r);
    return r;
  }

  /** Median of sorted values (mean of the middle two for an even count); NaN when empty. */
  static double median(int[] sorted) {
    int n = sorted.length;
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + (double) sorted[n / 2]) / 2;
  }

  /** Nearest-rank percentile {@code p} in (0, 1] of sorted values; NaN when empty. */
  static double percentile(int[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
