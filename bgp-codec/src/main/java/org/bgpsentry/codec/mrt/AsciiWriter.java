package org.bgpsentry.codec.mrt;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable ASCII byte buffer with the number and address formatting bgpdump uses: unsigned
 * decimals without allocation, dotted quads, and bgpdump's own IPv6 text form ({@code fmt_ipv6}:
 * IPv4-mapped and -compatible addresses in dotted form, the longest zero run compressed even when
 * it is a single group).
 */
final class AsciiWriter {
  private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private byte[] buf = new byte[1 << 16];
  private int pos;

  int size() {
    return pos;
  }

  void writeTo(OutputStream out) throws IOException {
    out.write(buf, 0, pos);
    pos = 0;
  }

  /** Drops what was written since {@code mark} (a value of {@link #size()}). */
  void truncate(int mark) {
    pos = mark;
  }

  private void ensure(int n) {
    if (pos + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
    }
  }

  AsciiWriter ascii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[pos++] = (byte) s.charAt(i);
    }
    return this;
  }

  AsciiWriter ch(char c) {
    ensure(1);
    buf[pos++] = (byte) c;
    return this;
  }

  /** A non-negative decimal (unsigned 32-bit values and timestamps). */
  AsciiWriter dec(long v) {
    ensure(20);
    if (v < 0) {
      buf[pos++] = '-';
      v = -v;
    }
    if (v < 10) {
      buf[pos++] = (byte) ('0' + v);
      return this;
    }
    int digits = 0;
    for (long t = v; t > 0; t /= 10) {
      digits++;
    }
    int end = pos + digits;
    for (int i = end - 1; i >= pos; i--) {
      buf[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    pos = end;
    return this;
  }

  /** Zero-padded to six digits (the microseconds of BGP4MP_ET). */
  AsciiWriter micros(int v) {
    ensure(6);
    for (int i = 5; i >= 0; i--) {
      buf[pos + i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    pos += 6;
    return this;
  }

  /** Dotted quad of an IPv4 address held in an int. */
  AsciiWriter ipv4(int a) {
    dec((a >>> 24) & 0xff).ch('.').dec((a >>> 16) & 0xff).ch('.').dec((a >>> 8) & 0xff).ch('.');
    return dec(a & 0xff);
  }

  /** An IPv6 address held as two longs, in bgpdump's {@code fmt_ipv6} form. */
  AsciiWriter ipv6(long hi, long lo) {
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = (int) (((i < 4 ? hi : lo) >>> (48 - 16 * (i % 4))) & 0xffff);
    }
    if (hi == 0 && (lo >>> 32) == 0xffffL) {
      return ascii("::ffff:").ipv4((int) lo);
    }
    if (hi == 0 && (lo >>> 32) == 0 && (lo & 0xffffffffL) > 1) {
      return ascii("::").ipv4((int) lo);
    }
    int best = -1;
    int bestLength = 0;
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        best = i;
        bestLength = j - i;
      }
      i = j;
    }
    ensure(41);
    for (int i = 0; i < 8; i++) {
      if (i == best) {
        if (i == 0) {
          buf[pos++] = ':';
        }
        buf[pos++] = ':';
        i += bestLength - 1;
        continue;
      }
      hex(g[i]);
      if (i != 7) {
        buf[pos++] = ':';
      }
    }
    return this;
  }

  private void hex(int v) {
    boolean started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      int d = (v >>> shift) & 0xf;
      if (d != 0 || started || shift == 0) {
        buf[pos++] = HEX[d];
        started = true;
      }
    }
  }
}
