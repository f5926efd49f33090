package org.bgpsentry.analytics.latency;

/**
 * Log-scale 16-bit code for an RTT in microseconds, so a bucket quantile costs two bytes: code
 * {@code 1 + round(ln(us) * 3000)}, relative step e^(1/3000) (0.033 %), range 1 us .. ~3100 s. Code
 * 0 means "no answered probe".
 */
final class RttCode {
  static final int NONE = 0;
  private static final double SCALE = 3000.0;

  private RttCode() {}

  static int encode(long micros) {
    long c = 1 + Math.round(Math.log(Math.max(1, micros)) * SCALE);
    return (int) Math.min(c, 0xffff);
  }

  /** Microseconds for a code; NaN for {@link #NONE}. */
  static double decode(int code) {
    return code == NONE ? Double.NaN : Math.exp((code - 1) / SCALE);
  }
}
