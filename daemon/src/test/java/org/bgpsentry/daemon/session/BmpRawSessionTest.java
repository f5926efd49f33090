package org.bgpsentry.daemon.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.analytics.rib.AttributeInterner;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.BgpMessage;
import org.bgpsentry.codec.model.Keepalive;
import org.bgpsentry.codec.model.Notification;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.model.Open;
import org.bgpsentry.codec.model.Update;
import org.bgpsentry.codec.model.attr.AsPathSegment;
import org.bgpsentry.codec.model.attr.OriginType;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.cap.Capability;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.codec.wire.BgpMessageCodec;
import org.bgpsentry.codec.wire.DecodeContext;
import org.bgpsentry.daemon.ingest.BmpRawFeed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code publish_bmp_raw} at the session (docs/scaling.md "The bmp_raw topic"): what a passive
 * session hands its {@link BmpRawFeed}, octet for octet: the OPENs exchanged at Established, each
 * UPDATE as it arrived (also one outside any registry: the session does not filter), and the
 * RFC 7854 §4.9 reason of its end with the NOTIFICATION when there was one. Without a feed no hook
 * is set on the decoder.
 */
class BmpRawSessionTest {
  private final List<String> events = new ArrayList<>();
  private final List<byte[]> data = new ArrayList<>();
  private final List<EmbeddedChannel> channels = new ArrayList<>();

  private final BmpRawFeed feed = new BmpRawFeed() {
    @Override
    public void routerMessage(IpAddress router, byte[] message) {
      throw new AssertionError("a session has no router messages");
    }

    @Override
    public void sessionUp(PeerId peer, IpAddress peerBgpId, boolean fourOctetAs, IpAddress localAddress,
        int localPort, int remotePort, byte[] sentOpen, byte[] receivedOpen, long atMillis) {
      events.add("up " + peer.name() + " " + peerBgpId + " " + fourOctetAs);
      data.add(sentOpen);
      data.add(receivedOpen);
    }

    @Override
    public void sessionUpdate(PeerId peer, byte[] update, long atMillis) {
      events.add("update");
      data.add(update);
    }

    @Override
    public void sessionDown(PeerId peer, int reason, byte[] d, long atMillis) {
      events.add("down " + reason);
      data.add(d);
    }

    @Override
    public void backpressure(Consumer<Boolean> reading) {}
  };

  @AfterEach
  void release() {
    channels.forEach(EmbeddedChannel::finishAndReleaseAll);
  }

  private EmbeddedChannel connect(BmpRawFeed raw) {
    EmbeddedChannel ch = new EmbeddedChannel();
    channels.add(ch);
    SessionListener listener = new SessionListener() {
      @Override
      public BmpRawFeed bmpRaw() {
        return raw;
      }
    };
    PeerSession session = new PeerSession(OpenNegotiationTest.SPEAKER, OpenNegotiationTest.peer(), ch.eventLoop(),
        new AttributeInterner(), listener, s -> {}, Clock.systemUTC());
    ch.pipeline().addLast(new BgpFrameDecoder(), new BgpSessionHandler(session));
    session.start();
    PeerConnections.connected(session, ch);
    return ch;
  }

  private static byte[] bytes(BgpMessage m) {
    ByteBuf b = Unpooled.buffer();
    BgpMessageCodec.encode(m, DecodeContext.FOUR_OCTET_AS, b);
    byte[] out = new byte[b.readableBytes()];
    b.readBytes(out);
    b.release();
    return out;
  }

  /** What the session wrote, whole messages in order (the flush before close skipped). */
  private static byte[] written(EmbeddedChannel ch) {
    ByteBuf all = Unpooled.buffer();
    for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
      all.writeBytes(b);
      b.release();
    }
    byte[] out = new byte[all.readableBytes()];
    all.readBytes(out);
    all.release();
    return out;
  }

  private static final Open PEER_OPEN = Open.of(64500, 90, IpAddress.parse("192.0.2.11"), List.of(
      new Capability.Multiprotocol(Family.IPV4_UNICAST), new Capability.FourOctetAs(64500)));

  private static final Update OUTSIDE = new Update(List.of(), PathAttributes.of(
      new PathAttribute.Origin(OriginType.IGP), new PathAttribute.AsPath(List.of(AsPathSegment.sequence(64500))),
      new PathAttribute.NextHop(IpAddress.parse("192.0.2.11"))), List.of(Nlri.of(Prefix.parse("198.51.100.0/24"))));

  @Test
  void opensUpdatesAndTheNotificationReceivedOctetForOctet() {
    EmbeddedChannel ch = connect(feed);
    byte[] sentOpen = written(ch);
    ch.writeInbound(Unpooled.wrappedBuffer(bytes(PEER_OPEN)), Unpooled.wrappedBuffer(bytes(Keepalive.INSTANCE)));
    written(ch);
    ch.writeInbound(Unpooled.wrappedBuffer(bytes(OUTSIDE)));
    Notification cease = Notification.of(NotificationError.ADMINISTRATIVE_SHUTDOWN, OpaqueBytes.EMPTY);
    ch.writeInbound(Unpooled.wrappedBuffer(bytes(cease)));

    assertThat(events).containsExactly("up " + OpenNegotiationTest.peer().name() + " 192.0.2.11 true", "update",
        "down " + BmpRawFeed.REMOTE_NOTIFICATION);
    assertThat(data.get(0)).as("the OPEN sent").isEqualTo(sentOpen);
    assertThat(data.get(1)).as("the OPEN received").isEqualTo(bytes(PEER_OPEN));
    assertThat(data.get(2)).as("the UPDATE received").isEqualTo(bytes(OUTSIDE));
    assertThat(data.get(3)).as("the NOTIFICATION received").isEqualTo(bytes(cease));
  }

  @Test
  void rfc7854_4_9_closedByThePeerWithoutNotificationIsReason4() {
    EmbeddedChannel ch = connect(feed);
    ch.writeInbound(Unpooled.wrappedBuffer(bytes(PEER_OPEN)), Unpooled.wrappedBuffer(bytes(Keepalive.INSTANCE)));
    ch.close();
    assertThat(events).last().isEqualTo("down " + BmpRawFeed.REMOTE_NO_NOTIFICATION);
    assertThat(data.getLast()).isEmpty();
  }

  @Test
  void rfc7854_4_9_aNotificationSentIsReason1WithIt() {
    EmbeddedChannel ch = connect(feed);
    ch.writeInbound(Unpooled.wrappedBuffer(bytes(PEER_OPEN)), Unpooled.wrappedBuffer(bytes(Keepalive.INSTANCE)));
    written(ch);
    ch.writeInbound(Unpooled.wrappedBuffer(bytes(PEER_OPEN))); // an OPEN while Established: FSM error
    byte[] out = written(ch);
    assertThat(events).last().isEqualTo("down " + BmpRawFeed.LOCAL_NOTIFICATION);
    assertThat(out).as("the NOTIFICATION sent is the one published").endsWith(data.getLast());
    assertThat(data.getLast()[18]).as("type NOTIFICATION").isEqualTo((byte) 3);
  }

  @Test
  void withoutAFeedTheDecoderHasNoHook() throws Exception {
    EmbeddedChannel ch = connect(null);
    java.lang.reflect.Field raw = BgpFrameDecoder.class.getDeclaredField("raw");
    raw.setAccessible(true);
    assertThat(raw.get(ch.pipeline().get(BgpFrameDecoder.class))).isNull();
  }
}
