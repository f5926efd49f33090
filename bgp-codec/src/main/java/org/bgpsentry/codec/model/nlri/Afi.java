package org.bgpsentry.codec.model.nlri;

/**
 * Address Family Identifier, an open IANA registry (docs/contributing.md R2): any 16-bit code is accepted,
 * the ones we route have names. RFC 4760 §3, IANA "Address Family Numbers".
 */
public record Afi(int code) {
  public static final Afi IPV4 = new Afi(1);
  public static final Afi IPV6 = new Afi(2);

  public Afi {
    if (code < 0 || code > 0xffff) {
      throw new IllegalArgumentException("invalid AFI: " + code + " (expected: 0..65535)");
    }
  }

  public static Afi of(int code) {
    return switch (code) {
      case 1 -> IPV4;
      case 2 -> IPV6;
      default -> new Afi(code);
    };
  }

  /** Address length in bytes for IPv4/IPv6, else -1. */
  public int addressBytes() {
    return code == 1 ? 4 : code == 2 ? 16 : -1;
  }

  @Override
  public String toString() {
    return switch (code) {
      case 1 -> "ipv4";
      case 2 -> "ipv6";
      default -> "afi-" + code;
    };
  }
}
