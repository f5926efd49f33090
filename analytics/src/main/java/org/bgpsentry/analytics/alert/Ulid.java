package org.bgpsentry.analytics.alert;

import java.time.Instant;
import java.util.Random;

/**
 * ULID generator (github.com/ulid/spec): 48-bit millisecond time + 80 random bits, 26 characters
 * of Crockford base32, sorting by time. Time comes from the caller (event time, docs/contributing.md R14) and
 * randomness from an injected {@link Random}, so tests and replay are reproducible.
 */
public final class Ulid {
  private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private final Random random;

  public Ulid(Random random) {
    this.random = random;
  }

  /** A new ULID for {@code at}. */
  public String next(Instant at) {
    long time = at.toEpochMilli();
    if (time < 0 || time >= (1L << 48)) {
      throw new IllegalArgumentException("time " + at + " outside the ULID range (expected: 1970..10889)");
    }
    long randHi = random.nextLong() & 0xffffL; // 16 bits
    long randLo = random.nextLong(); // 64 bits
    char[] out = new char[26];
    // 128 bits = time (48) | randHi (16) | randLo (64); 26 chars x 5 bits = 130, top 2 bits zero.
    long hi = (time << 16) | randHi; // the top 64 bits
    for (int i = 25; i >= 0; i--) {
      int bit = (25 - i) * 5; // position of this char's lowest bit, from the least significant end
      out[i] = CROCKFORD[(int) bits(hi, randLo, bit)];
    }
    return new String(out);
  }

  /** Five bits of the 128-bit value (hi:lo) starting at bit {@code from} (0 = least significant). */
  private static long bits(long hi, long lo, int from) {
    long v;
    if (from + 5 <= 64) {
      v = lo >>> from;
    } else if (from >= 64) {
      v = from - 64 < 64 ? hi >>> (from - 64) : 0;
    } else {
      v = (lo >>> from) | (hi << (64 - from));
    }
    return v & 0x1f;
  }
}
