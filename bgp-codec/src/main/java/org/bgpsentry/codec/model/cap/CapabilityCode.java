package org.bgpsentry.codec.model.cap;

/**
 * Capability code, an open IANA registry (docs/contributing.md R2): RFC 5492 §4, IANA "Capability Codes".
 * Constants in RFC spelling.
 */
public record CapabilityCode(int code) {
  public static final CapabilityCode MULTIPROTOCOL = new CapabilityCode(1);
  public static final CapabilityCode ROUTE_REFRESH = new CapabilityCode(2);
  public static final CapabilityCode EXTENDED_NEXT_HOP = new CapabilityCode(5);
  public static final CapabilityCode EXTENDED_MESSAGE = new CapabilityCode(6);
  public static final CapabilityCode BGP_ROLE = new CapabilityCode(9);
  public static final CapabilityCode GRACEFUL_RESTART = new CapabilityCode(64);
  public static final CapabilityCode FOUR_OCTET_AS = new CapabilityCode(65);
  public static final CapabilityCode ADD_PATH = new CapabilityCode(69);
  public static final CapabilityCode ENHANCED_ROUTE_REFRESH = new CapabilityCode(70);
  public static final CapabilityCode LONG_LIVED_GRACEFUL_RESTART = new CapabilityCode(71);
  public static final CapabilityCode FQDN = new CapabilityCode(73);

  public CapabilityCode {
    if (code < 0 || code > 255) {
      throw new IllegalArgumentException("invalid capability code: " + code + " (expected: 0..255)");
    }
  }
}
