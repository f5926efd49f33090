package org.bgpsentry.codec.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bgpsentry.codec.testing.Hex.hex;

import io.netty.buffer.ByteBuf;
import org.bgpsentry.codec.error.BgpNotificationException;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.MessageType;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.junit.jupiter.api.Test;

/** RFC 4271 §4.1 and §6.1 header checks, RFC 8654 lengths: inline hex and mutations. */
class MessageHeaderTest {
  private static final String MARKER = "ffffffffffffffffffffffffffffffff";

  private static MessageHeader read(boolean extended, String... hex) {
    ByteBuf in = hex(hex);
    try {
      return MessageHeader.read(in, extended);
    } finally {
      in.release();
    }
  }

  private static BgpNotificationException error(boolean extended, String... hex) {
    try {
      read(extended, hex);
    } catch (BgpNotificationException e) {
      return e;
    }
    throw new AssertionError("expected a NOTIFICATION");
  }

  @Test
  void rfc4271_4_1_headerIsConsumedBodyIsNot() {
    ByteBuf in = hex(MARKER, "0017", "02", "00000000"); // UPDATE, length 23, empty body
    MessageHeader h = MessageHeader.read(in, false);
    assertThat(h).isEqualTo(new MessageHeader(MessageType.UPDATE, 23));
    assertThat(h.bodyLength()).isEqualTo(4);
    assertThat(in.readerIndex()).isEqualTo(19);
    in.release();
  }

  @Test
  void fewerThan19OctetsConsumeNothing() {
    ByteBuf in = hex(MARKER, "0013");
    assertThat(MessageHeader.read(in, false)).isNull();
    assertThat(in.readerIndex()).isZero();
    in.release();
  }

  @Test
  void rfc4271_6_1_anyMarkerOctetNotAllOnesIsConnectionNotSynchronized() {
    for (int i = 0; i < 16; i++) {
      StringBuilder marker = new StringBuilder(MARKER);
      marker.replace(2 * i, 2 * i + 2, "fe");
      BgpNotificationException e = error(false, marker.toString(), "0013", "04");
      assertThat(e.error()).isEqualTo(NotificationError.CONNECTION_NOT_SYNCHRONIZED);
    }
  }

  @Test
  void rfc4271_6_1_lengthOutsideBoundsIsBadMessageLengthWithTheLengthAsData() {
    BgpNotificationException e = error(false, MARKER, "0012", "04"); // 18
    assertThat(e.error()).isEqualTo(NotificationError.BAD_MESSAGE_LENGTH);
    assertThat(e.data()).isEqualTo(OpaqueBytes.ofHex("0012"));
    assertThat(error(false, MARKER, "1001", "02").data()).isEqualTo(OpaqueBytes.ofHex("1001")); // 4097
  }

  @Test
  void rfc4271_6_1_perTypeMinimumsAndKeepaliveExactLength() {
    assertThat(error(false, MARKER, "001c", "01").data()).isEqualTo(OpaqueBytes.ofHex("001c")); // OPEN 28
    assertThat(error(false, MARKER, "0016", "02").error()).isEqualTo(NotificationError.BAD_MESSAGE_LENGTH); // UPDATE 22
    assertThat(error(false, MARKER, "0014", "03").error()).isEqualTo(NotificationError.BAD_MESSAGE_LENGTH); // NOTIFICATION 20
    assertThat(error(false, MARKER, "0014", "04").data()).isEqualTo(OpaqueBytes.ofHex("0014")); // KEEPALIVE 20
    assertThat(error(false, MARKER, "0016", "05").error()).isEqualTo(NotificationError.BAD_MESSAGE_LENGTH); // ROUTE-REFRESH 22
    assertThat(read(false, MARKER, "001d", "01").type()).isEqualTo(MessageType.OPEN);
    assertThat(read(false, MARKER, "0013", "04").type()).isEqualTo(MessageType.KEEPALIVE);
  }

  @Test
  void rfc8654_4_extendedMessagesExceptOpenAndKeepalive() {
    assertThat(read(true, MARKER, "ffff", "02").length()).isEqualTo(65535);
    assertThat(read(true, MARKER, "2000", "03").type()).isEqualTo(MessageType.NOTIFICATION);
    assertThat(error(true, MARKER, "1001", "01").error()).isEqualTo(NotificationError.BAD_MESSAGE_LENGTH);
    assertThat(error(false, MARKER, "2000", "02").error()).isEqualTo(NotificationError.BAD_MESSAGE_LENGTH);
  }

  @Test
  void rfc4271_6_1_unknownTypeIsBadMessageTypeWithTheTypeAsData() {
    for (String type : new String[] {"00", "06", "ff"}) {
      BgpNotificationException e = error(false, MARKER, "0013", type);
      assertThat(e.error()).isEqualTo(NotificationError.BAD_MESSAGE_TYPE);
      assertThat(e.data()).isEqualTo(OpaqueBytes.ofHex(type));
    }
  }

  @Test
  void markerIsCheckedBeforeLengthAndLengthBeforeType() {
    assertThat(error(false, "00" + MARKER.substring(2), "0000", "09").error())
        .isEqualTo(NotificationError.CONNECTION_NOT_SYNCHRONIZED);
    assertThat(error(false, MARKER, "0000", "09").error()).isEqualTo(NotificationError.BAD_MESSAGE_LENGTH);
    assertThatThrownBy(() -> read(false, MARKER, "0013", "09"))
        .isInstanceOf(BgpNotificationException.class)
        .hasMessageContaining("unknown message type 9");
  }
}
