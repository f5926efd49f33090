package org.bgpsentry.codec.model.nlri;

/** An AFI/SAFI pair, named as in the config: {@code ipv4-unicast}. RFC 4760 §3. */
public record Family(Afi afi, Safi safi) {
  public static final Family IPV4_UNICAST = new Family(Afi.IPV4, Safi.UNICAST);
  public static final Family IPV6_UNICAST = new Family(Afi.IPV6, Safi.UNICAST);
  public static final Family IPV4_MULTICAST = new Family(Afi.IPV4, Safi.MULTICAST);
  public static final Family IPV6_MULTICAST = new Family(Afi.IPV6, Safi.MULTICAST);

  public static Family of(int afi, int safi) {
    return new Family(Afi.of(afi), Safi.of(safi));
  }

  /** Parses {@code ipv4-unicast}, {@code ipv6-multicast}; null when not one of the four. */
  public static Family parse(String name) {
    return switch (name) {
      case "ipv4-unicast" -> IPV4_UNICAST;
      case "ipv6-unicast" -> IPV6_UNICAST;
      case "ipv4-multicast" -> IPV4_MULTICAST;
      case "ipv6-multicast" -> IPV6_MULTICAST;
      default -> null;
    };
  }

  @Override
  public String toString() {
    return afi + "-" + safi;
  }
}
