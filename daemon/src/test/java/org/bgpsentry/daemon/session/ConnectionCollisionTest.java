package org.bgpsentry.daemon.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.bgpsentry.analytics.rib.AttributeInterner;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.Keepalive;
import org.bgpsentry.codec.model.MessageType;
import org.bgpsentry.codec.model.Notification;
import org.bgpsentry.codec.model.Open;
import org.bgpsentry.codec.model.cap.Capability;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.wire.BgpMessageCodec;
import org.bgpsentry.codec.wire.DecodeContext;
import org.bgpsentry.codec.wire.MessageHeader;
import org.junit.jupiter.api.Test;

/** RFC 4271 §6.8: a second connection with the same peer. Our BGP Identifier is 192.0.2.1. */
class ConnectionCollisionTest {
  private final RecordingListener listener = new RecordingListener();
  private final EmbeddedChannel first = new EmbeddedChannel();
  private final PeerSession session =
      new PeerSession(
          OpenNegotiationTest.SPEAKER,
          OpenNegotiationTest.peer(),
          first.eventLoop(),
          new AttributeInterner(),
          listener,
          s -> {},
          Clock.systemUTC());

  private boolean firstUsed;

  /** The first call returns the channel whose event loop the session runs on. */
  private EmbeddedChannel channel() {
    EmbeddedChannel ch = firstUsed ? new EmbeddedChannel() : first;
    firstUsed = true;
    ch.pipeline().addLast(new BgpFrameDecoder(), new BgpSessionHandler(session));
    return ch;
  }

  private static ByteBuf open(String bgpId) {
    ByteBuf b = Unpooled.buffer();
    BgpMessageCodec.encode(
        Open.of(64500, 90, IpAddress.parse(bgpId), List.of(new Capability.FourOctetAs(64500))),
        DecodeContext.DEFAULT,
        b);
    return b;
  }

  private static List<MessageType> written(EmbeddedChannel ch, List<Notification> notifications) {
    List<MessageType> out = new ArrayList<>();
    for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
      while (b.isReadable()) {
        MessageHeader h = MessageHeader.read(b, true);
        ByteBuf body = b.readSlice(h.bodyLength());
        out.add(h.type());
        if (h.type() == MessageType.NOTIFICATION) {
          notifications.add(
              (Notification) BgpMessageCodec.decode(h.type(), body, DecodeContext.DEFAULT));
        }
      }
      b.release();
    }
    return out;
  }

  /** The first connection reaches OpenConfirm with a peer whose identifier is {@code bgpId}. */
  private EmbeddedChannel openConfirm(String bgpId) {
    EmbeddedChannel ch = channel();
    session.start();
    PeerConnections.connected(session, ch);
    ch.writeInbound(open(bgpId));
    written(ch, new ArrayList<>());
    assertThat(listener.state).isEqualTo(SessionState.OPEN_CONFIRM);
    return ch;
  }

  @Test
  void rfc4271_6_8_higherRemoteIdentifierKeepsTheNewConnection() {
    EmbeddedChannel old = openConfirm("192.0.2.11");
    EmbeddedChannel fresh = channel();

    PeerConnections.connected(session, fresh);

    List<Notification> sentOnOld = new ArrayList<>();
    written(old, sentOnOld);
    assertThat(sentOnOld)
        .extracting(Notification::error)
        .containsExactly(NotificationError.CONNECTION_COLLISION_RESOLUTION);
    assertThat(old.isOpen()).isFalse();
    assertThat(written(fresh, new ArrayList<>())).containsExactly(MessageType.OPEN);
    assertThat(listener.state).isEqualTo(SessionState.OPEN_SENT);
    ByteBuf keepalive = Unpooled.buffer();
    BgpMessageCodec.encode(Keepalive.INSTANCE, DecodeContext.DEFAULT, keepalive);
    fresh.writeInbound(open("192.0.2.11"), keepalive);
    assertThat(listener.state).isEqualTo(SessionState.ESTABLISHED);
    written(fresh, new ArrayList<>());
    assertThat(old.finish()).isFalse();
    assertThat(fresh.finishAndReleaseAll()).isFalse();
  }

  @Test
  void rfc4271_6_8_lowerRemoteIdentifierClosesTheNewConnection() {
    EmbeddedChannel old = openConfirm("192.0.2.0");
    EmbeddedChannel fresh = channel();

    PeerConnections.connected(session, fresh);

    List<Notification> sentOnNew = new ArrayList<>();
    written(fresh, sentOnNew);
    assertThat(sentOnNew)
        .extracting(Notification::error)
        .containsExactly(NotificationError.CONNECTION_COLLISION_RESOLUTION);
    assertThat(fresh.isOpen()).isFalse();
    assertThat(old.isOpen()).isTrue();
    assertThat(listener.state).isEqualTo(SessionState.OPEN_CONFIRM);
    assertThat(fresh.finish()).isFalse();
    written(old, new ArrayList<>());
    assertThat(old.finishAndReleaseAll()).isFalse();
  }
}
