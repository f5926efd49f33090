package org.bgpsentry.codec.error;

/**
 * NOTIFICATION error code and subcode pairs with their RFC names: RFC 4271 §4.5 and §6, RFC 5492
 * §5 (unsupported capability), RFC 6608 (FSM), RFC 4486 and RFC 8538 (Cease), RFC 7313 §5
 * (ROUTE-REFRESH), RFC 9234 §4.2 (role mismatch), RFC 9687 (send hold timer). Subcode 0 is
 * "unspecific". The IANA registries stay open: {@link
 * org.bgpsentry.codec.model.Notification} keeps any code/subcode, this enum names the known ones.
 */
public enum NotificationError {
  MESSAGE_HEADER_ERROR(1, 0),
  CONNECTION_NOT_SYNCHRONIZED(1, 1),
  BAD_MESSAGE_LENGTH(1, 2),
  BAD_MESSAGE_TYPE(1, 3),

  OPEN_MESSAGE_ERROR(2, 0),
  UNSUPPORTED_VERSION_NUMBER(2, 1),
  BAD_PEER_AS(2, 2),
  BAD_BGP_IDENTIFIER(2, 3),
  UNSUPPORTED_OPTIONAL_PARAMETER(2, 4),
  UNACCEPTABLE_HOLD_TIME(2, 6),
  UNSUPPORTED_CAPABILITY(2, 7),
  ROLE_MISMATCH(2, 11),

  UPDATE_MESSAGE_ERROR(3, 0),
  MALFORMED_ATTRIBUTE_LIST(3, 1),
  UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE(3, 2),
  MISSING_WELL_KNOWN_ATTRIBUTE(3, 3),
  ATTRIBUTE_FLAGS_ERROR(3, 4),
  ATTRIBUTE_LENGTH_ERROR(3, 5),
  INVALID_ORIGIN_ATTRIBUTE(3, 6),
  INVALID_NEXT_HOP_ATTRIBUTE(3, 8),
  OPTIONAL_ATTRIBUTE_ERROR(3, 9),
  INVALID_NETWORK_FIELD(3, 10),
  MALFORMED_AS_PATH(3, 11),

  HOLD_TIMER_EXPIRED(4, 0),

  FSM_ERROR(5, 0),
  UNEXPECTED_MESSAGE_IN_OPEN_SENT(5, 1),
  UNEXPECTED_MESSAGE_IN_OPEN_CONFIRM(5, 2),
  UNEXPECTED_MESSAGE_IN_ESTABLISHED(5, 3),

  CEASE(6, 0),
  MAXIMUM_NUMBER_OF_PREFIXES_REACHED(6, 1),
  ADMINISTRATIVE_SHUTDOWN(6, 2),
  PEER_DECONFIGURED(6, 3),
  ADMINISTRATIVE_RESET(6, 4),
  CONNECTION_REJECTED(6, 5),
  OTHER_CONFIGURATION_CHANGE(6, 6),
  CONNECTION_COLLISION_RESOLUTION(6, 7),
  OUT_OF_RESOURCES(6, 8),
  HARD_RESET(6, 9),
  BFD_DOWN(6, 10),

  ROUTE_REFRESH_MESSAGE_ERROR(7, 0),
  INVALID_MESSAGE_LENGTH(7, 1),

  SEND_HOLD_TIMER_EXPIRED(8, 0);

  private static final NotificationError[] BY_CODE = new NotificationError[9 * 256];

  static {
    for (NotificationError e : values()) {
      BY_CODE[e.code * 256 + e.subcode] = e;
    }
  }

  private final int code;
  private final int subcode;

  NotificationError(int code, int subcode) {
    this.code = code;
    this.subcode = subcode;
  }

  public int code() {
    return code;
  }

  public int subcode() {
    return subcode;
  }

  /** The named pair, or null when this code/subcode has no name here. */
  public static NotificationError of(int code, int subcode) {
    return code >= 0 && code < 9 && subcode >= 0 && subcode < 256 ? BY_CODE[code * 256 + subcode] : null;
  }

  @Override
  public String toString() {
    return name() + "(" + code + "/" + subcode + ")";
  }
}
