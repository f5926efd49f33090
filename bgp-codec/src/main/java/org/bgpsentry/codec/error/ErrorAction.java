package org.bgpsentry.codec.error;

/**
 * RFC 7606 §2 error-handling approaches, weakest first, plus {@link #NONE}. RFC 7606 §3(h): when
 * several errors are found, the strongest approach wins, which is {@link #max(ErrorAction)}.
 */
public enum ErrorAction {
  /** Nothing to do; the issue is informational (e.g. host bits set in an NLRI). */
  NONE,
  /** RFC 7606 §2 "attribute discard": drop the attribute, process the rest. */
  ATTRIBUTE_DISCARD,
  /** RFC 7606 §2 "treat-as-withdraw": every NLRI of the UPDATE is withdrawn. */
  TREAT_AS_WITHDRAW,
  /** RFC 7606 §2 "AFI/SAFI disable": the named families are disabled for the session. */
  AFI_SAFI_DISABLE,
  /** RFC 7606 §2 / RFC 4271 §6 "session reset": send the NOTIFICATION, close the session. */
  SESSION_RESET;

  /** The stronger of the two (RFC 7606 §3(h)). */
  public ErrorAction max(ErrorAction other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
