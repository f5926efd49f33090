package org.bgpsentry.codec.model.nlri;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 prefix, canonical (host bits zero). The address is held left-aligned in two
 * longs: bit 0 of the address is the top bit of {@code hi}, for both families, so trie code reads
 * {@link #bit(int)} the same way for IPv4 and IPv6. IPv4 uses the top 32 bits of {@code hi} and
 * {@code lo == 0}.
 */
public record Prefix(boolean ipv6, long hi, long lo, int length) implements Comparable<Prefix> {

  public Prefix {
    int max = ipv6 ? 128 : 32;
    if (length < 0 || length > max) {
      throw new IllegalArgumentException(
          "invalid prefix length: " + length + " (expected: 0.." + max + ")");
    }
    if (!ipv6 && ((hi & 0xffffffffL) != 0 || lo != 0)) {
      throw new IllegalArgumentException("IPv4 address must sit in the top 32 bits of hi");
    }
    if (hi != maskHi(hi, length) || lo != maskLo(lo, length)) {
      throw new IllegalArgumentException("host bits set in prefix (expected: canonical prefix)");
    }
  }

  /** An IPv4 prefix; host bits of {@code address} beyond {@code length} are cleared. */
  public static Prefix ipv4(int address, int length) {
    long hi = (address & 0xffffffffL) << 32;
    return new Prefix(false, maskHi(hi, length), 0, length);
  }

  /** An IPv6 prefix from the two halves of the address; host bits are cleared. */
  public static Prefix ipv6(long hi, long lo, int length) {
    return new Prefix(true, maskHi(hi, length), maskLo(lo, length), length);
  }

  /**
   * A prefix from address bytes (4 or 16, or fewer: missing trailing bytes are zero, as in NLRI
   * encoding); host bits are cleared.
   */
  public static Prefix of(Afi afi, byte[] address, int length) {
    boolean v6 = afi.equals(Afi.IPV6);
    long hi = 0;
    long lo = 0;
    for (int i = 0; i < address.length; i++) {
      long b = address[i] & 0xffL;
      if (i < 8) {
        hi |= b << (56 - 8 * i);
      } else {
        lo |= b << (56 - 8 * (i - 8));
      }
    }
    return v6 ? ipv6(hi, lo, length) : new Prefix(false, maskHi(hi, length), 0, length);
  }

  /**
   * Parses {@code 203.0.113.0/24} or {@code 2001:db8::/32}.
   *
   * @throws IllegalArgumentException naming what was wrong; host bits set is an error here
   */
  public static Prefix parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("invalid prefix '" + text + "' (expected: address/length)");
    }
    String addr = text.substring(0, slash);
    int len;
    try {
      len = Integer.parseInt(text.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid prefix length in '" + text + "'");
    }
    byte[] bytes = parseAddress(addr);
    Prefix p = of(bytes.length == 16 ? Afi.IPV6 : Afi.IPV4, bytes, checkLength(text, len, bytes));
    if (!p.toString().equals(canonicalInput(bytes, len))) {
      throw new IllegalArgumentException(
          "prefix '" + text + "' has host bits set (expected: " + p + ")");
    }
    return p;
  }

  private static int checkLength(String text, int len, byte[] bytes) {
    if (len < 0 || len > bytes.length * 8) {
      throw new IllegalArgumentException(
          "invalid prefix length in '" + text + "' (expected: 0.." + bytes.length * 8 + ")");
    }
    return len;
  }

  private static String canonicalInput(byte[] bytes, int len) {
    Afi afi = bytes.length == 16 ? Afi.IPV6 : Afi.IPV4;
    long hi = 0;
    long lo = 0;
    for (int i = 0; i < bytes.length; i++) {
      long b = bytes[i] & 0xffL;
      if (i < 8) {
        hi |= b << (56 - 8 * i);
      } else {
        lo |= b << (56 - 8 * (i - 8));
      }
    }
    return formatAddress(afi.equals(Afi.IPV6), hi, lo) + "/" + len;
  }

  /** Parses a literal IPv4 or IPv6 address (no host names). */
  public static byte[] parseAddress(String addr) {
    if (addr.isEmpty() || !(addr.indexOf(':') >= 0 || addr.matches("[0-9.]+"))) {
      throw new IllegalArgumentException("invalid IP address '" + addr + "'");
    }
    try {
      return InetAddress.getByName(addr).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("invalid IP address '" + addr + "'");
    }
  }

  public Afi afi() {
    return ipv6 ? Afi.IPV6 : Afi.IPV4;
  }

  /** Maximum length of this family: 32 or 128. */
  public int maxLength() {
    return ipv6 ? 128 : 32;
  }

  /** Bit {@code i} of the address (0 = most significant). */
  public int bit(int i) {
    return (int) ((i < 64 ? hi >>> (63 - i) : lo >>> (127 - i)) & 1);
  }

  /** The IPv4 address as an int (only for IPv4). */
  public int ipv4Address() {
    return (int) (hi >>> 32);
  }

  /** True when {@code other} is this prefix or more specific than it, same family. */
  public boolean covers(Prefix other) {
    return other.ipv6 == ipv6
        && other.length >= length
        && maskHi(other.hi, length) == hi
        && maskLo(other.lo, length) == lo;
  }

  /** The covering prefix of length {@code len <= length()}. */
  public Prefix truncate(int len) {
    return new Prefix(ipv6, maskHi(hi, len), maskLo(lo, len), len);
  }

  /** Address bytes: 4 for IPv4, 16 for IPv6. */
  public byte[] addressBytes() {
    byte[] out = new byte[ipv6 ? 16 : 4];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) (i < 8 ? hi >>> (56 - 8 * i) : lo >>> (56 - 8 * (i - 8)));
    }
    return out;
  }

  static long maskHi(long hi, int length) {
    return length >= 64 ? hi : length == 0 ? 0 : hi & (-1L << (64 - length));
  }

  static long maskLo(long lo, int length) {
    return length <= 64 ? 0 : length >= 128 ? lo : lo & (-1L << (128 - length));
  }

  @Override
  public int compareTo(Prefix o) {
    if (ipv6 != o.ipv6) {
      return ipv6 ? 1 : -1;
    }
    int c = Long.compareUnsigned(hi, o.hi);
    if (c == 0) {
      c = Long.compareUnsigned(lo, o.lo);
    }
    return c != 0 ? c : Integer.compare(length, o.length);
  }

  /** The address alone, in canonical text form (RFC 5952 for IPv6). */
  public String address() {
    return formatAddress(ipv6, hi, lo);
  }

  @Override
  public String toString() {
    return formatAddress(ipv6, hi, lo) + "/" + length;
  }

  /** Formats an address held left-aligned in {@code hi}/{@code lo}; IPv6 per RFC 5952. */
  public static String formatAddress(boolean ipv6, long hi, long lo) {
    if (!ipv6) {
      return (hi >>> 56) + "." + ((hi >>> 48) & 0xff) + "." + ((hi >>> 40) & 0xff) + "."
          + ((hi >>> 32) & 0xff);
    }
    int[] g = groups(hi, lo);
    int run = longestZeroRun(g, 2);
    int bestStart = run >> 4;
    int bestLen = run & 0xf;
    StringBuilder sb = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString();
  }

  /** The eight 16-bit groups of an IPv6 address held in {@code hi}/{@code lo}. */
  public static int[] groups(long hi, long lo) {
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = (int) (((i < 4 ? hi : lo) >>> (48 - 16 * (i % 4))) & 0xffff);
    }
    return g;
  }

  /**
   * The first longest run of zero groups of at least {@code minLength} groups, as {@code start << 4
   * | length}; -1 (start -1) when there is none. RFC 5952 §4.2.2 compresses runs of two or more;
   * bgpdump a single zero group too.
   */
  public static int longestZeroRun(int[] g, int minLength) {
    int bestStart = -1;
    int bestLen = minLength - 1;
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    return bestStart < 0 ? -1 : bestStart << 4 | bestLen;
  }
}
