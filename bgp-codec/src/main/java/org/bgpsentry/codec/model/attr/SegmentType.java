package org.bgpsentry.codec.model.attr;

/** AS_PATH segment types: RFC 4271 §4.3 (b), RFC 5065 §3 (confederations). */
public enum SegmentType {
  AS_SET(1),
  AS_SEQUENCE(2),
  AS_CONFED_SEQUENCE(3),
  AS_CONFED_SET(4);

  /** {@code values()} once: it clones the array per call, and this is read per AS_PATH segment. */
  private static final SegmentType[] BY_CODE = values();

  private final int code;

  SegmentType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The type for a wire code, or null when undefined (RFC 7606 §7.2: treat-as-withdraw). */
  public static SegmentType fromCode(int code) {
    return code >= 1 && code <= 4 ? BY_CODE[code - 1] : null;
  }

  public boolean isConfed() {
    return this == AS_CONFED_SEQUENCE || this == AS_CONFED_SET;
  }

  public boolean isSet() {
    return this == AS_SET || this == AS_CONFED_SET;
  }
}
