package org.bgpsentry.codec.model.nlri;

/** An IPv4 or IPv6 address (next hops, router ids), held like {@link Prefix}: left-aligned. */
public record IpAddress(boolean ipv6, long hi, long lo) {
  public static IpAddress ipv4(int address) {
    return new IpAddress(false, (address & 0xffffffffL) << 32, 0);
  }

  /** From 4 or 16 bytes. */
  public static IpAddress of(byte[] bytes) {
    if (bytes.length != 4 && bytes.length != 16) {
      throw new IllegalArgumentException(
          "invalid address length: " + bytes.length + " (expected: 4 or 16)");
    }
    Prefix p = Prefix.of(bytes.length == 16 ? Afi.IPV6 : Afi.IPV4, bytes, bytes.length * 8);
    return new IpAddress(p.ipv6(), p.hi(), p.lo());
  }

  /** Parses a literal address. */
  public static IpAddress parse(String text) {
    return of(Prefix.parseAddress(text));
  }

  public int ipv4Address() {
    return (int) (hi >>> 32);
  }

  public byte[] bytes() {
    return new Prefix(ipv6, hi, lo, ipv6 ? 128 : 32).addressBytes();
  }

  /** RFC 4291 §2.5.6 fe80::/10. */
  public boolean isLinkLocal() {
    return ipv6 && (hi >>> 54) == 0x3fa;
  }

  @Override
  public String toString() {
    return Prefix.formatAddress(ipv6, hi, lo);
  }
}
