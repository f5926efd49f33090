package org.bgpsentry.codec.error;

import org.bgpsentry.codec.model.OpaqueBytes;

/**
 * A session-level error: exactly the NOTIFICATION to send (RFC 4271 §6), code/subcode and data.
 * docs/contributing.md R6: the only exception the decoders throw. Carries no stack trace: it is expected input
 * from a peer, not a bug.
 */
public final class BgpNotificationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final NotificationError error;
  private final transient OpaqueBytes data;

  public BgpNotificationException(NotificationError error, OpaqueBytes data, String message) {
    super(error + ": " + message, null, false, false);
    this.error = error;
    this.data = data;
  }

  public BgpNotificationException(NotificationError error, String message) {
    this(error, OpaqueBytes.EMPTY, message);
  }

  public NotificationError error() {
    return error;
  }

  /** The NOTIFICATION data field. */
  public OpaqueBytes data() {
    return data;
  }
}
