package org.bgpsentry.codec.bmp;

/**
 * BMP message types: RFC 7854 §4.1. A closed set for this station (docs/contributing.md R2): a type outside it
 * is a framing error that closes the router's connection, since nothing after it can be trusted.
 */
public enum BmpMessageType {
  ROUTE_MONITORING(0),
  STATISTICS_REPORT(1),
  PEER_DOWN(2),
  PEER_UP(3),
  INITIATION(4),
  TERMINATION(5),
  ROUTE_MIRRORING(6);

  private static final BmpMessageType[] BY_CODE = values();

  private final int code;

  BmpMessageType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The type with this code, or null for an unknown one. */
  public static BmpMessageType fromCode(int code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }
}
