package org.bgpsentry.codec.model;

/**
 * BGP message types: RFC 4271 §4.1, RFC 2918 §3 (ROUTE-REFRESH). A closed set (docs/contributing.md R2): an
 * unknown type is a Message Header Error, Bad Message Type (1/3).
 */
public enum MessageType {
  OPEN(1),
  UPDATE(2),
  NOTIFICATION(3),
  KEEPALIVE(4),
  ROUTE_REFRESH(5);

  /** {@code values()} once: it clones the array per call, and this is read per message. */
  private static final MessageType[] BY_CODE = values();

  private final int code;

  MessageType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The type for a wire code, or null when unknown. */
  public static MessageType fromCode(int code) {
    return code >= 1 && code <= 5 ? BY_CODE[code - 1] : null;
  }
}
