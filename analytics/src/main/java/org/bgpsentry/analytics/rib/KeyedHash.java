package org.bgpsentry.analytics.rib;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.SecureRandom;

/**
 * SipHash (Aumasson and Bernstein, "SipHash: a fast short-input PRF", 2012) keyed with a random
 * 128-bit key drawn once per process: a peer that does not know the key cannot choose attribute
 * sets that collide in the interner's table, which an unkeyed hash such as {@code
 * Arrays.hashCode} lets it do at will. SipHash-1-3 (one compression, three finalization rounds,
 * as Rust's standard hash maps use) for the table; the rounds are parameters so that the test can
 * check the construction against the paper's SipHash-2-4 vectors.
 */
final class KeyedHash {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long K0;
  private static final long K1;

  static {
    SecureRandom random = new SecureRandom();
    K0 = random.nextLong();
    K1 = random.nextLong();
  }

  private KeyedHash() {}

  /** SipHash-1-3 of {@code in} under this process's key. */
  static long hash(byte[] in) {
    return sipHash(1, 3, K0, K1, in);
  }

  /** SipHash-c-d of {@code in} under the key {@code k0 || k1} (both little-endian). */
  static long sipHash(int c, int d, long k0, long k1, byte[] in) {
    long v0 = 0x736f6d6570736575L ^ k0;
    long v1 = 0x646f72616e646f6dL ^ k1;
    long v2 = 0x6c7967656e657261L ^ k0;
    long v3 = 0x7465646279746573L ^ k1;
    int n = in.length;
    int end = n & ~7;
    for (int i = 0; ; i += 8) {
      long m;
      if (i < end) {
        m = (long) LONGS.get(in, i);
      } else {
        // The last block: the remaining bytes, and the length's low byte on top.
        m = (long) n << 56;
        for (int j = i; j < n; j++) {
          m |= (in[j] & 0xffL) << (8 * (j - i));
        }
      }
      v3 ^= m;
      for (int r = 0; r < c; r++) {
        v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
        v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
        v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
        v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
      }
      v0 ^= m;
      if (i >= end) {
        break;
      }
    }
    v2 ^= 0xff;
    for (int r = 0; r < d; r++) {
      v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
      v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
      v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
      v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
    }
    return v0 ^ v1 ^ v2 ^ v3;
  }
}
