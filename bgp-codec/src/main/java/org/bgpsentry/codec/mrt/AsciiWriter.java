package org.bgpsentry.codec.mrt;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import org.bgpsentry.codec.model.nlri.Prefix;

/**
 * A growable ASCII byte buffer with the number and address formatting bgpdump uses: unsigned
 * decimals without allocation, dotted quads, and bgpdump's own IPv6 text form ({@code fmt_ipv6}:
 * IPv4-mapped and -compatible addresses in dotted form, the longest zero run compressed even when
 * it is a single group).
 */
final class AsciiWriter {
  private static final byte[] HEX =
      "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private byte[] buf;
  private int pos;

  AsciiWriter(int capacity) {
    buf = new byte[capacity];
  }

  int size() {
    return pos;
  }

  void writeTo(OutputStream out) throws IOException {
    out.write(buf, 0, pos);
    pos = 0;
  }

  /** Empties the buffer. */
  void reset() {
    pos = 0;
  }

  /** Appends everything {@code other} holds. */
  AsciiWriter append(AsciiWriter other) {
    return append(other.buf, other.pos);
  }

  /** Appends the first {@code length} bytes of {@code bytes}. */
  AsciiWriter append(byte[] bytes, int length) {
    ensure(length);
    System.arraycopy(bytes, 0, buf, pos, length);
    pos += length;
    return this;
  }

  /** A copy of the content. */
  byte[] toByteArray() {
    return Arrays.copyOf(buf, pos);
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

  /** A decimal: unsigned 32-bit values, timestamps, and bgpdump's signed {@code %d} fields. */
  AsciiWriter dec(long v) {
    if (v >= 0 && v <= Integer.MAX_VALUE) {
      return decInt((int) v);
    }
    ensure(20);
    if (v < 0) {
      buf[pos++] = '-';
      if (v == Long.MIN_VALUE) {
        return ascii("9223372036854775808");
      }
      v = -v;
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

  private AsciiWriter decInt(int v) {
    ensure(10);
    int end = pos + digits(v);
    int i = end;
    while (v >= 10) {
      int q = v / 10;
      buf[--i] = (byte) ('0' + v - q * 10);
      v = q;
    }
    buf[--i] = (byte) ('0' + v);
    pos = end;
    return this;
  }

  private static int digits(int v) {
    if (v < 100_000) {
      return v < 100 ? (v < 10 ? 1 : 2) : v < 1_000 ? 3 : v < 10_000 ? 4 : 5;
    }
    return v < 10_000_000
        ? (v < 1_000_000 ? 6 : 7)
        : v < 100_000_000 ? 8 : v < 1_000_000_000 ? 9 : 10;
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
    ensure(15);
    octet(a >>> 24);
    buf[pos++] = '.';
    octet((a >>> 16) & 0xff);
    buf[pos++] = '.';
    octet((a >>> 8) & 0xff);
    buf[pos++] = '.';
    octet(a & 0xff);
    return this;
  }

  private void octet(int v) {
    if (v >= 100) {
      buf[pos++] = (byte) ('0' + v / 100);
      v %= 100;
      buf[pos++] = (byte) ('0' + v / 10);
    } else if (v >= 10) {
      buf[pos++] = (byte) ('0' + v / 10);
    }
    buf[pos++] = (byte) ('0' + v % 10);
  }

  /**
   * An IPv6 address held as two longs, in bgpdump's {@code fmt_ipv6} form. Unlike RFC 5952 (and
   * {@link Prefix#formatAddress}), a single zero group is compressed
   * too ({@code 2001:db8::1:1:1:1:1}).
   */
  AsciiWriter ipv6(long hi, long lo) {
    int[] g = Prefix.groups(hi, lo);
    if (hi == 0 && (lo >>> 32) == 0xffffL) {
      return ascii("::ffff:").ipv4((int) lo);
    }
    if (hi == 0 && (lo >>> 32) == 0 && (lo & 0xffffffffL) > 1) {
      return ascii("::").ipv4((int) lo);
    }
    int run = Prefix.longestZeroRun(g, 1);
    int best = run >> 4;
    int bestLength = run & 0xf;
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
