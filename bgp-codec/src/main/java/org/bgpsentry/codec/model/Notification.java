package org.bgpsentry.codec.model;

import java.nio.charset.StandardCharsets;
import org.bgpsentry.codec.error.NotificationError;

/**
 * NOTIFICATION: RFC 4271 §4.5. Code and subcode are kept as numbers because their IANA registries
 * are open (docs/contributing.md R2); {@link #error()} names the known pairs. RFC 8203/9003 shutdown
 * communication is read with {@link #shutdownCommunication()}.
 */
public record Notification(int code, int subcode, OpaqueBytes data) implements BgpMessage {
  public Notification {
    if (code < 0 || code > 255 || subcode < 0 || subcode > 255) {
      throw new IllegalArgumentException(
          "invalid NOTIFICATION code/subcode: " + code + "/" + subcode + " (expected: 0..255 each)");
    }
  }

  public static Notification of(NotificationError error, OpaqueBytes data) {
    return new Notification(error.code(), error.subcode(), data);
  }

  /**
   * A Cease with an RFC 9003 shutdown communication: the UTF-8 message prefixed by its length.
   * Messages longer than 255 bytes are refused (RFC 9003 §2).
   */
  public static Notification shutdown(NotificationError cease, String message) {
    byte[] utf8 = message.getBytes(StandardCharsets.UTF_8);
    if (utf8.length > 255) {
      throw new IllegalArgumentException(
          "shutdown communication too long: " + utf8.length + " bytes (expected: at most 255)");
    }
    byte[] data = new byte[utf8.length + 1];
    data[0] = (byte) utf8.length;
    System.arraycopy(utf8, 0, data, 1, utf8.length);
    return new Notification(cease.code(), cease.subcode(), OpaqueBytes.wrap(data));
  }

  /** The named code/subcode, or null when not known here. */
  public NotificationError error() {
    return NotificationError.of(code, subcode);
  }

  /**
   * The RFC 9003 §2 shutdown communication of a Cease Administrative Shutdown (6/2) or
   * Administrative Reset (6/4), or null when absent or its length does not fit the data.
   */
  public String shutdownCommunication() {
    if (code != 6 || (subcode != 2 && subcode != 4) || data.length() == 0) {
      return null;
    }
    int len = data.get(0) & 0xff;
    if (len == 0 || len + 1 > data.length()) {
      return null;
    }
    return new String(data.toByteArray(), 1, len, StandardCharsets.UTF_8);
  }

  @Override
  public MessageType type() {
    return MessageType.NOTIFICATION;
  }

  @Override
  public String toString() {
    NotificationError e = error();
    return "Notification[" + (e != null ? e : code + "/" + subcode) + ", data=" + data + "]";
  }
}
