package org.bgpsentry.daemon.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.bgpsentry.analytics.event.EventKind;
import org.bgpsentry.analytics.event.PeerEvent;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.analytics.event.RouteEvent;
import org.bgpsentry.codec.model.attr.AsPathSegment;
import org.bgpsentry.codec.model.attr.OriginType;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.junit.jupiter.api.Test;

/** The collectors' event records: every event comes back equal; unusable records are Malformed with a reason. */
class EventCodecTest {
  private static final PeerId PEER = new PeerId("edge1", IpAddress.parse("2001:db8::11"), 4_200_000_001L);
  private static final Instant AT = Instant.parse("2026-12-06T04:55:01.123456789Z");
  private static final PathAttributes ATTRS = PathAttributes.of(new PathAttribute.Origin(OriginType.IGP),
      new PathAttribute.AsPath(List.of(AsPathSegment.sequence(64500, 4_200_000_001L))),
      new PathAttribute.NextHop(IpAddress.parse("192.0.2.1")));

  @Test
  void routeEventsRoundTripWithAttributesAndPrevious() throws Exception {
    RouteEvent announce = new RouteEvent(PEER, Prefix.parse("203.0.113.128/25"), 7, ATTRS, null, EventKind.ANNOUNCE, AT);
    RouteEvent withdraw = new RouteEvent(PEER, Prefix.parse("2001:db8:1::/48"), 0, null, ATTRS, EventKind.WITHDRAW, AT);
    for (RouteEvent e : List.of(announce, withdraw)) {
      assertThat(EventCodec.decode(EventCodec.route(e))).isEqualTo(new EventCodec.Route(e));
    }
  }

  @Test
  void peerEventsRoundTrip() throws Exception {
    for (PeerEvent e : List.of(new PeerEvent.Down(PEER, "Hold Timer Expired", AT),
        new PeerEvent.EndOfRib(PEER, Family.IPV6_UNICAST, AT))) {
      assertThat(EventCodec.decode(EventCodec.peer(e, "Washington"))).isEqualTo(new EventCodec.Peer(e));
    }
    PeerEvent up = new PeerEvent.Established(PEER, AT);
    assertThat(EventCodec.decode(EventCodec.peer(up, "Washington"))).isEqualTo(new EventCodec.Peer(up, "Washington"));
    assertThat(EventCodec.decode(EventCodec.peer(up, null))).isEqualTo(new EventCodec.Peer(up, ""));
    assertThat(EventCodec.decode(EventCodec.removed(PEER, AT))).isEqualTo(new EventCodec.Removed(PEER, AT));
    for (long receiving : new long[] {65000, 4_294_967_295L, -1}) {
      PeerEvent received = new PeerEvent.Established(PEER, AT, receiving);
      assertThat(EventCodec.decode(EventCodec.peer(received, "Washington")))
          .isEqualTo(new EventCodec.Peer(received, "Washington"));
    }
  }

  /** route_leak's after_asn: a receiving AS out of the 4-octet range is a malformed record, not a wrong alert. */
  @Test
  void aReceivingAsOutOfRangeIsMalformed() {
    byte[] v = EventCodec.peer(new PeerEvent.Established(PEER, AT, 65000), null);
    java.nio.ByteBuffer.wrap(v).putLong(v.length - 8, 1L << 32);
    assertThatThrownBy(() -> EventCodec.decode(v)).isInstanceOf(EventCodec.Malformed.class)
        .hasMessageContaining("receiving AS 4294967296");
  }

  /** An older collector's Established (format 2: no location) still decodes; its location is unknown (null). */
  @Test
  void format2IsStillReadWithoutALocation() throws Exception {
    PeerEvent up = new PeerEvent.Established(PEER, AT);
    byte[] v3 = EventCodec.peer(up, null);
    byte[] v2 = Arrays.copyOf(v3, v3.length - 2 - 8); // without the empty location's u16 length and the receiving AS
    v2[0] = 2;
    assertThat(EventCodec.decode(v2)).isEqualTo(new EventCodec.Peer(up, null));
    RouteEvent announce = new RouteEvent(PEER, Prefix.parse("203.0.113.0/24"), 0, ATTRS, null, EventKind.ANNOUNCE, AT);
    byte[] route = EventCodec.route(announce);
    route[0] = 2;
    assertThat(EventCodec.decode(route)).isEqualTo(new EventCodec.Route(announce));
  }

  @Test
  void peersKeepTheirSource() throws Exception {
    for (PeerId.Source source : PeerId.Source.values()) {
      PeerId peer = new PeerId("p1", IpAddress.parse("192.0.2.1"), 64500, source);
      assertThat(EventCodec.decode(EventCodec.peer(new PeerEvent.Established(peer, AT), "Washington")))
          .isEqualTo(new EventCodec.Peer(new PeerEvent.Established(peer, AT), "Washington"));
    }
    byte[] bad = EventCodec.removed(PEER, AT);
    bad[bad.length - 1] = (byte) PeerId.Source.values().length;
    assertThatThrownBy(() -> EventCodec.decode(bad)).isInstanceOf(EventCodec.Malformed.class)
        .hasMessageContaining("peer source");
  }

  /** Format 1 (before the source byte), as collectors before it wrote it: the name tells the source. */
  @Test
  void format1IsStillRead() throws Exception {
    PeerId ris = new PeerId("ris:rrc00:192.0.2.1", IpAddress.parse("192.0.2.1"), 3333, PeerId.Source.RIS);
    for (PeerId peer : List.of(PEER, ris)) {
      byte[] v2 = EventCodec.peer(new PeerEvent.Down(peer, "x", AT), null);
      // format 2 without its source byte (after the AS, before the reason)
      int sourceAt = 2 + 8 + 4 + 2 + peer.name().length() + 1 + peer.address().bytes().length + 4;
      byte[] v1 = new byte[v2.length - 1];
      System.arraycopy(v2, 0, v1, 0, sourceAt);
      System.arraycopy(v2, sourceAt + 1, v1, sourceAt, v2.length - sourceAt - 1);
      v1[0] = 1;
      assertThat(EventCodec.decode(v1)).isEqualTo(new EventCodec.Peer(new PeerEvent.Down(peer, "x", AT)));
    }
  }

  @Test
  void garbageTruncationAndLaterFormatsAreMalformedNotExceptions() {
    byte[] good = EventCodec.route(new RouteEvent(PEER, Prefix.parse("203.0.113.0/24"), 0, ATTRS, null, EventKind.ANNOUNCE, AT));
    for (int cut = 0; cut < good.length; cut++) {
      byte[] part = Arrays.copyOf(good, cut);
      assertThatThrownBy(() -> EventCodec.decode(part)).isInstanceOf(EventCodec.Malformed.class)
          .satisfies(e -> assertThat(((EventCodec.Malformed) e).reason).isEqualTo("malformed"));
    }
    byte[] later = good.clone();
    later[0] = (byte) (EventCodec.FORMAT + 1);
    assertThatThrownBy(() -> EventCodec.decode(later)).isInstanceOf(EventCodec.Malformed.class)
        .satisfies(e -> assertThat(((EventCodec.Malformed) e).reason).isEqualTo("newer_format"));
    byte[] longer = Arrays.copyOf(good, good.length + 1);
    assertThatThrownBy(() -> EventCodec.decode(longer)).hasMessageContaining("1 bytes after the event");
    assertThatThrownBy(() -> EventCodec.decode(new byte[] {1, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}))
        .isInstanceOf(EventCodec.Malformed.class);
  }
}
