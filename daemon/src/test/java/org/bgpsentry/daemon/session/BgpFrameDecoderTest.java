package org.bgpsentry.daemon.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.HexFormat;
import org.bgpsentry.daemon.ingest.ReceivedUpdate;
import org.bgpsentry.codec.error.BgpNotificationException;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.Keepalive;
import org.bgpsentry.codec.model.Notification;
import org.junit.jupiter.api.Test;

class BgpFrameDecoderTest {
  private static final String MARKER = "ffffffffffffffffffffffffffffffff";
  private static final String KEEPALIVE = MARKER + "0013" + "04";

  private static ByteBuf hex(String... parts) {
    return Unpooled.wrappedBuffer(HexFormat.of().parseHex(String.join("", parts).replace(" ", "")));
  }

  private static BgpNotificationException notification(Throwable t) {
    for (; t != null; t = t.getCause()) {
      if (t instanceof BgpNotificationException e) {
        return e;
      }
    }
    throw new AssertionError("no BgpNotificationException");
  }

  @Test
  void rfc4271_4_1_messageSplitAcrossReadsIsDecodedOnceWhole() {
    EmbeddedChannel ch = new EmbeddedChannel(new BgpFrameDecoder());
    assertThat(ch.writeInbound(hex(MARKER.substring(0, 20)))).isFalse();
    assertThat(ch.writeInbound(hex(MARKER.substring(20), "00"))).isFalse();
    assertThat(ch.writeInbound(hex("13 04"))).isTrue();

    assertThat((Object) ch.readInbound()).isEqualTo(Keepalive.INSTANCE);
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void rfc4271_4_1_severalMessagesInOneRead() {
    EmbeddedChannel ch = new EmbeddedChannel(new BgpFrameDecoder());
    // KEEPALIVE, End-of-RIB IPv4 (empty UPDATE), NOTIFICATION Cease/Administrative Shutdown.
    ch.writeInbound(hex(KEEPALIVE, MARKER, "0017 02 0000 0000", MARKER, "0015 03 06 02"));

    assertThat((Object) ch.readInbound()).isEqualTo(Keepalive.INSTANCE);
    ReceivedUpdate eor = ch.readInbound();
    assertThat(eor.result().update().isEndOfRib()).isTrue();
    assertThat(eor.nlriAttributes()).as("no routes, no set").isNull();
    assertThat(eor.mpAttributes()).isNull();
    Notification n = ch.readInbound();
    assertThat(n.error()).isEqualTo(NotificationError.ADMINISTRATIVE_SHUTDOWN);
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void rfc4271_6_1_markerNotAllOnesIsConnectionNotSynchronizedAndTheRestIsDiscarded() {
    EmbeddedChannel ch = new EmbeddedChannel(new BgpFrameDecoder());
    Throwable t =
        catchThrowable(
            () -> ch.writeInbound(hex("fffffffffffffffffffffffffffffffe 0013 04", KEEPALIVE)));

    assertThat(notification(t).error()).isEqualTo(NotificationError.CONNECTION_NOT_SYNCHRONIZED);
    assertThat(ch.writeInbound(hex(KEEPALIVE))).isFalse();
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void rfc4271_6_1_lengthBelowTheHeaderIsBadMessageLengthWithTheLengthAsData() {
    EmbeddedChannel ch = new EmbeddedChannel(new BgpFrameDecoder());
    Throwable t = catchThrowable(() -> ch.writeInbound(hex(MARKER, "0012 04")));

    BgpNotificationException e = notification(t);
    assertThat(e.error()).isEqualTo(NotificationError.BAD_MESSAGE_LENGTH);
    assertThat(e.data().toHex()).isEqualTo("0012");
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void rfc8654_4_updateBeyond4096NeedsExtendedMessages() {
    EmbeddedChannel ch = new EmbeddedChannel(new BgpFrameDecoder());
    Throwable t = catchThrowable(() -> ch.writeInbound(hex(MARKER, "1001 02")));

    assertThat(notification(t).error()).isEqualTo(NotificationError.BAD_MESSAGE_LENGTH);
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void rfc4271_6_1_unknownTypeIsBadMessageTypeWithTheType() {
    EmbeddedChannel ch = new EmbeddedChannel(new BgpFrameDecoder());
    Throwable t = catchThrowable(() -> ch.writeInbound(hex(MARKER, "0013 07")));

    BgpNotificationException e = notification(t);
    assertThat(e.error()).isEqualTo(NotificationError.BAD_MESSAGE_TYPE);
    assertThat(e.data().toHex()).isEqualTo("07");
    assertThat(ch.finish()).isFalse();
  }
}
