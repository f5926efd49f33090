package org.bgpsentry.codec.error;

import org.bgpsentry.codec.model.OpaqueBytes;

/**
 * One error found while decoding an UPDATE (RFC 7606 §2): the NOTIFICATION code/subcode RFC 4271
 * §6.3 names for it (sent only when {@code action} is {@link ErrorAction#SESSION_RESET}), what was
 * wrong, the offending bytes (usually the whole attribute: flags, type, length, value) and the
 * approach that applies. docs/contributing.md R5: errors are data, collected and returned.
 */
public record DecodeIssue(NotificationError error, String text, OpaqueBytes data, ErrorAction action) {
  public int code() {
    return error.code();
  }

  public int subcode() {
    return error.subcode();
  }

  @Override
  public String toString() {
    return action + " " + error + ": " + text + (data.length() == 0 ? "" : " [" + data.toHex() + "]");
  }
}
