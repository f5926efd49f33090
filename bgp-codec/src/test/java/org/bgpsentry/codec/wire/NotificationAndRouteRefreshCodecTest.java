package org.bgpsentry.codec.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bgpsentry.codec.testing.Hex.hex;
import static org.bgpsentry.codec.testing.Hex.toHex;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.bgpsentry.codec.error.BgpNotificationException;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.BgpMessage;
import org.bgpsentry.codec.model.Keepalive;
import org.bgpsentry.codec.model.MessageType;
import org.bgpsentry.codec.model.Notification;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.model.RouteRefresh;
import org.bgpsentry.codec.model.nlri.Family;
import org.junit.jupiter.api.Test;

/** NOTIFICATION (RFC 4271 §4.5, RFC 9003), KEEPALIVE, ROUTE-REFRESH (RFC 2918, RFC 7313). */
class NotificationAndRouteRefreshCodecTest {
  private static BgpMessage decode(MessageType type, String... hex) {
    ByteBuf in = hex(hex);
    try {
      return BgpMessageCodec.decode(type, in, DecodeContext.DEFAULT);
    } finally {
      in.release();
    }
  }

  private static String encode(BgpMessage m) {
    ByteBuf out = Unpooled.directBuffer();
    try {
      BgpMessageCodec.encode(m, DecodeContext.DEFAULT, out);
      return toHex(out);
    } finally {
      out.release();
    }
  }

  @Test
  void rfc9003_2_shutdownCommunicationIsDecoded() {
    Notification n =
        (Notification) decode(MessageType.NOTIFICATION, "06 02", "0b", "6d61696e74656e616e6365");
    assertThat(n.error()).isEqualTo(NotificationError.ADMINISTRATIVE_SHUTDOWN);
    assertThat(n.shutdownCommunication()).isEqualTo("maintenance");
    assertThat(Notification.shutdown(NotificationError.ADMINISTRATIVE_SHUTDOWN, "maintenance"))
        .isEqualTo(n);
    assertThat(encode(n)).isEqualTo("ffffffffffffffffffffffffffffffff" + "0021" + "03" + "06020b6d61696e74656e616e6365");
  }

  @Test
  void rfc4486_rfc8538_unknownSubcodesAreKept() {
    Notification n = (Notification) decode(MessageType.NOTIFICATION, "06 63 0102");
    assertThat(n.error()).isNull();
    assertThat(n.code()).isEqualTo(6);
    assertThat(n.subcode()).isEqualTo(0x63);
    assertThat(n.data()).isEqualTo(OpaqueBytes.ofHex("0102"));
    assertThat(NotificationError.of(6, 9)).isEqualTo(NotificationError.HARD_RESET);
  }

  @Test
  void keepaliveHasNoBody() {
    assertThat(decode(MessageType.KEEPALIVE)).isEqualTo(Keepalive.INSTANCE);
    assertThat(encode(Keepalive.INSTANCE)).isEqualTo("ffffffffffffffffffffffffffffffff001304");
    assertThatThrownBy(() -> decode(MessageType.KEEPALIVE, "00"))
        .isInstanceOf(BgpNotificationException.class);
  }

  @Test
  void rfc7313_3_2_routeRefreshSubtypes() {
    RouteRefresh borr = (RouteRefresh) decode(MessageType.ROUTE_REFRESH, "0002 01 01"); // ipv6 BoRR
    assertThat(borr).isEqualTo(new RouteRefresh(Family.IPV6_UNICAST, 1, OpaqueBytes.EMPTY));
    assertThat(encode(RouteRefresh.request(Family.IPV4_UNICAST)))
        .isEqualTo("ffffffffffffffffffffffffffffffff00170500010001");
  }

  @Test
  void rfc7313_5_borrOrEorrWithMoreThanFourOctetsIsInvalidMessageLength() {
    try {
      decode(MessageType.ROUTE_REFRESH, "0001 02 01 00");
      throw new AssertionError("expected a NOTIFICATION");
    } catch (BgpNotificationException e) {
      assertThat(e.error()).isEqualTo(NotificationError.INVALID_MESSAGE_LENGTH);
      // "the complete ROUTE-REFRESH message": marker, length 24, type 5, then the body
      assertThat(e.data())
          .isEqualTo(OpaqueBytes.ofHex("ffffffffffffffffffffffffffffffff" + "0018" + "05" + "0001020100"));
    }
  }

  @Test
  void rfc5291_orfEntriesAreKeptVerbatim() {
    RouteRefresh r = (RouteRefresh) decode(MessageType.ROUTE_REFRESH, "0001 00 01", "01 40 0000");
    assertThat(r.orf()).isEqualTo(OpaqueBytes.ofHex("01400000"));
  }
}
