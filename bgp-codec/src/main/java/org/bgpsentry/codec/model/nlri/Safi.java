package org.bgpsentry.codec.model.nlri;

/** Subsequent AFI, an open IANA registry (docs/contributing.md R2). RFC 4760 §3, IANA "SAFI Values". */
public record Safi(int code) {
  public static final Safi UNICAST = new Safi(1);
  public static final Safi MULTICAST = new Safi(2);

  public Safi {
    if (code < 0 || code > 0xff) {
      throw new IllegalArgumentException("invalid SAFI: " + code + " (expected: 0..255)");
    }
  }

  public static Safi of(int code) {
    return switch (code) {
      case 1 -> UNICAST;
      case 2 -> MULTICAST;
      default -> new Safi(code);
    };
  }

  @Override
  public String toString() {
    return switch (code) {
      case 1 -> "unicast";
      case 2 -> "multicast";
      default -> "safi-" + code;
    };
  }
}
