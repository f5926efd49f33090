package org.bgpsentry.codec.model.attr;

/** ORIGIN values, RFC 4271 §4.3 (a). An undefined value is treat-as-withdraw (RFC 7606 §7.1). */
public enum OriginType {
  IGP,
  EGP,
  INCOMPLETE;

  /** The value for a wire code, or null when undefined. */
  public static OriginType fromCode(int code) {
    return code >= 0 && code < 3 ? values()[code] : null;
  }

  public int code() {
    return ordinal();
  }
}
