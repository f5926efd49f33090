package org.bgpsentry.codec.bmp;

import java.nio.charset.StandardCharsets;
import org.bgpsentry.codec.model.OpaqueBytes;

/**
 * An Information TLV of Initiation, Termination, Peer Up and Peer Down messages: RFC 7854 §4.4,
 * §4.5, RFC 9069 §5.1 (VRF/Table Name). Type codes are open (IANA "BMP Initiation and Peer Up
 * Information TLVs"); unknown ones are kept.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Information Type     |       Information Length      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 Information (variable)                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record InformationTlv(int type, OpaqueBytes value) {
  /** 0: String (free-form UTF-8), RFC 7854 §4.4. */
  public static final int STRING = 0;

  /** 1: sysDescr (Initiation), RFC 7854 §4.4. */
  public static final int SYS_DESCR = 1;

  /** 2: sysName (Initiation), RFC 7854 §4.4. */
  public static final int SYS_NAME = 2;

  /** 3: VRF/Table Name (Peer Up, Peer Down), RFC 9069 §5.1. */
  public static final int VRF_TABLE_NAME = 3;

  /** Termination 0: String; 1: Reason (2 octets), RFC 7854 §4.5. */
  public static final int TERMINATION_REASON = 1;

  /** A TLV holding {@code text} in UTF-8. */
  public static InformationTlv of(int type, String text) {
    return new InformationTlv(type, OpaqueBytes.wrap(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** The value as UTF-8 text. */
  public String text() {
    return new String(value.toByteArray(), StandardCharsets.UTF_8);
  }

  /** The text of the first TLV of {@code type} in {@code tlvs}, or null. */
  public static String find(java.util.List<InformationTlv> tlvs, int type) {
    for (InformationTlv t : tlvs) {
      if (t.type() == type) {
        return t.text();
      }
    }
    return null;
  }
}
