package org.bgpsentry.codec.model.attr;

/** ORIGIN values, RFC 4271 §4.3 (a). An undefined value is treat-as-withdraw (RFC 7606 §7.1). */
public enum OriginType {
  IGP,
  EGP,
  INCOMPLETE;

  /** {@code values()} once: it clones the array per call, and this is read per UPDATE. */
  private static final OriginType[] BY_CODE = values();

  /** The value for a wire code, or null when undefined. */
  public static OriginType fromCode(int code) {
    return code >= 0 && code < 3 ? BY_CODE[code] : null;
  }

  public int code() {
    return ordinal();
  }
}
