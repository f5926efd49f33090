package org.bgpsentry.daemon.session;

import org.bgpsentry.analytics.event.PeerRole;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bgpsentry.analytics.rib.AttributeInterner;
import org.bgpsentry.daemon.ingest.AdjRibIn;
import org.bgpsentry.codec.error.DecodeIssue;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.BgpMessage;
import org.bgpsentry.codec.model.Keepalive;
import org.bgpsentry.codec.model.MessageType;
import org.bgpsentry.codec.model.Notification;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.model.Open;
import org.bgpsentry.codec.model.RouteRefresh;
import org.bgpsentry.codec.model.Update;
import org.bgpsentry.codec.model.attr.AsPathSegment;
import org.bgpsentry.codec.model.attr.OriginType;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.attr.SegmentType;
import org.bgpsentry.codec.model.cap.Capability;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.codec.wire.BgpMessageCodec;
import org.bgpsentry.codec.wire.DecodeContext;
import org.bgpsentry.codec.wire.MessageHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A passive session driven over an EmbeddedChannel: what goes out for what comes in. */
class BgpSessionHandlerTest {
  private final RecordingListener listener = new RecordingListener();
  private final List<EmbeddedChannel> channels = new ArrayList<>();
  private PeerSession session;

  /** What a test left unread in a channel is released, so the leak check sees only real leaks. */
  @AfterEach
  void releaseWhatTheTestDidNotRead() {
    channels.forEach(EmbeddedChannel::finishAndReleaseAll);
  }

  private EmbeddedChannel connect(PeerSettings peer) {
    return connect(peer, null);
  }

  /**
   * A session on {@code timers}' event loop when given: an EmbeddedChannel cancels its loop's
   * scheduled tasks when it closes, and some tests look at timers after the connection closed.
   */
  private EmbeddedChannel connect(PeerSettings peer, EmbeddedChannel timers) {
    EmbeddedChannel ch = new EmbeddedChannel();
    channels.add(ch);
    session =
        new PeerSession(
            OpenNegotiationTest.SPEAKER,
            peer,
            (timers == null ? ch : timers).eventLoop(),
            new AttributeInterner(),
            listener,
            s -> {},
            Clock.systemUTC());
    ch.pipeline().addLast(new BgpFrameDecoder(), new BgpSessionHandler(session));
    session.start();
    PeerConnections.connected(session, ch);
    return ch;
  }

  private static ByteBuf encode(BgpMessage m) {
    ByteBuf b = Unpooled.buffer();
    BgpMessageCodec.encode(m, DecodeContext.FOUR_OCTET_AS, b);
    return b;
  }

  /** Every message written so far; empty buffers (the flush before close) skipped. */
  private static List<BgpMessage> written(EmbeddedChannel ch) {
    List<BgpMessage> out = new ArrayList<>();
    for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
      try {
        while (b.isReadable()) {
          MessageHeader h = MessageHeader.read(b, true);
          ByteBuf body = b.readSlice(h.bodyLength());
          out.add(
              h.type() == MessageType.UPDATE
                  ? BgpMessageCodec.decodeUpdate(body, DecodeContext.FOUR_OCTET_AS).update()
                  : BgpMessageCodec.decode(h.type(), body, DecodeContext.FOUR_OCTET_AS));
        }
      } finally {
        b.release();
      }
    }
    return out;
  }

  private static Open peerOpen(Capability... extra) {
    List<Capability> caps =
        new ArrayList<>(
            List.of(
                new Capability.Multiprotocol(Family.IPV4_UNICAST),
                new Capability.Multiprotocol(Family.IPV6_UNICAST),
                new Capability.FourOctetAs(64500)));
    caps.addAll(List.of(extra));
    return Open.of(64500, 90, IpAddress.parse("192.0.2.11"), caps);
  }

  private static NotificationError notificationSent(List<BgpMessage> out) {
    return out.stream()
        .filter(Notification.class::isInstance)
        .map(m -> ((Notification) m).error())
        .findFirst()
        .orElse(null);
  }

  @Test
  void rfc4271_8_2_2_handshakeThenEndOfRibForEachFamilyAndRoutesIntoTheRib() {
    EmbeddedChannel ch = connect(OpenNegotiationTest.peer());
    assertThat(written(ch)).singleElement().isInstanceOf(Open.class);

    ch.writeInbound(encode(peerOpen()), encode(Keepalive.INSTANCE));
    List<BgpMessage> out = written(ch);
    assertThat(out).first().isEqualTo(Keepalive.INSTANCE);
    assertThat(out.subList(1, out.size()))
        .extracting(m -> ((Update) m).endOfRibFamily())
        .containsExactly(Family.IPV4_UNICAST, Family.IPV6_UNICAST);
    assertThat(listener.state).isEqualTo(SessionState.ESTABLISHED);

    PathAttributes attrs = attrs(64500, 64496);
    ch.writeInbound(
        encode(
            new Update(
                List.of(),
                attrs,
                List.of(
                    Nlri.of(Prefix.parse("203.0.113.0/24")),
                    Nlri.of(Prefix.parse("198.51.100.0/24"))))));
    assertThat(listener.routes).containsOnlyKeys("203.0.113.0/24", "198.51.100.0/24");
    assertThat(listener.routes.get("203.0.113.0/24")).isEqualTo(attrs);

    ch.writeInbound(
        encode(
            new Update(
                List.of(Nlri.of(Prefix.parse("203.0.113.0/24"))),
                PathAttributes.EMPTY,
                List.of())));
    assertThat(listener.routes).containsOnlyKeys("198.51.100.0/24");
    assertThat(written(ch)).isEmpty(); // receive-only: nothing sent back
    assertThat(ch.finish()).isFalse();
  }

  /** An UPDATE announcing {@code prefix} with exactly {@code attrs}. */
  private static Update route(String prefix, PathAttribute... attrs) {
    return new Update(List.of(), PathAttributes.of(attrs), List.of(Nlri.of(Prefix.parse(prefix))));
  }

  @Test
  void rfc7606_3d_rfc4271_6_3_theSessionsUpdatesAreCheckedAgainstTheSession() {
    EmbeddedChannel ch = connect(OpenNegotiationTest.peer());
    ch.writeInbound(encode(peerOpen()), encode(Keepalive.INSTANCE));
    written(ch);
    ch.writeInbound(encode(announce("203.0.113.0/24")));
    assertThat(listener.routes).containsOnlyKeys("203.0.113.0/24");
    PathAttribute origin = new PathAttribute.Origin(OriginType.IGP);
    PathAttribute path =
        new PathAttribute.AsPath(List.of(new AsPathSegment(SegmentType.AS_SEQUENCE, new int[] {64500})));
    PathAttribute nextHop = new PathAttribute.NextHop(IpAddress.parse("192.0.2.1"));

    // ORIGIN missing (RFC 7606 §3(d)): treat-as-withdraw, the route it replaced goes too
    ch.writeInbound(encode(route("203.0.113.0/24", path, nextHop)));
    assertThat(listener.routes).isEmpty();
    assertThat(listener.issues)
        .extracting(DecodeIssue::error)
        .containsExactly(NotificationError.MISSING_WELL_KNOWN_ATTRIBUTE);
    assertThat(listener.actions).containsExactly(ErrorAction.TREAT_AS_WITHDRAW);

    // NEXT_HOP 0.0.0.0 (RFC 4271 §6.3): treat-as-withdraw
    ch.writeInbound(
        encode(route("198.51.100.0/24", origin, path, new PathAttribute.NextHop(IpAddress.parse("0.0.0.0")))));
    assertThat(listener.routes).isEmpty();

    // LOCAL_PREF from an external peer (RFC 7606 §7.5): discarded, the route stays
    ch.writeInbound(encode(route("192.0.2.0/24", origin, path, nextHop, new PathAttribute.LocalPref(200))));
    assertThat(listener.routes).containsOnlyKeys("192.0.2.0/24");
    assertThat(listener.routes.get("192.0.2.0/24")).isEqualTo(attrs(64500));

    assertThat(listener.state).isEqualTo(SessionState.ESTABLISHED);
    assertThat(written(ch)).isEmpty();
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void rfc4271_6_2_openFromTheWrongAsIsAnsweredWithBadPeerAsAndClosed() {
    EmbeddedChannel ch = connect(OpenNegotiationTest.peer());
    written(ch);
    ch.writeInbound(
        encode(
            Open.of(
                64999,
                90,
                IpAddress.parse("192.0.2.11"),
                List.of(new Capability.FourOctetAs(64999)))));

    assertThat(notificationSent(written(ch))).isEqualTo(NotificationError.BAD_PEER_AS);
    assertThat(ch.isOpen()).isFalse();
    assertThat(listener.state).isEqualTo(SessionState.ACTIVE);
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void rfc9234_4_2_roleMismatchIsNotification2_11() {
    EmbeddedChannel ch = connect(OpenNegotiationTest.peer().withRole(PeerRole.CUSTOMER));
    written(ch);
    ch.writeInbound(encode(peerOpen(new Capability.BgpRole(Capability.BgpRole.PEER))));

    assertThat(notificationSent(written(ch))).isEqualTo(NotificationError.ROLE_MISMATCH);
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void rfc7606_sessionResetOutcomeSendsItsNotification() {
    EmbeddedChannel ch = connect(OpenNegotiationTest.peer());
    ch.writeInbound(encode(peerOpen()), encode(Keepalive.INSTANCE));
    written(ch);
    // UPDATE whose MP_REACH_NLRI (optional, type 14) is 2 octets: no AFI/SAFI to disable.
    ch.writeInbound(
        Unpooled.wrappedBuffer(
            HexFormat.of()
                .parseHex(
                    "ffffffffffffffffffffffffffffffff"
                        + "001c"
                        + "02"
                        + "0000"
                        + "0005"
                        + "800e020001")));

    assertThat(notificationSent(written(ch))).isEqualTo(NotificationError.OPTIONAL_ATTRIBUTE_ERROR);
    assertThat(listener.state).isNotEqualTo(SessionState.ESTABLISHED);
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void rfc9003_stopSendsAdministrativeShutdownWithTheMessage() {
    EmbeddedChannel ch = connect(OpenNegotiationTest.peer());
    ch.writeInbound(encode(peerOpen()), encode(Keepalive.INSTANCE));
    written(ch);

    session.stop("maintenance, back at 14:00");

    Notification n = (Notification) written(ch).get(0);
    assertThat(n.error()).isEqualTo(NotificationError.ADMINISTRATIVE_SHUTDOWN);
    assertThat(n.shutdownCommunication()).isEqualTo("maintenance, back at 14:00");
    assertThat(n.data().get(0))
        .isEqualTo((byte) "maintenance, back at 14:00".getBytes(StandardCharsets.UTF_8).length);
    assertThat(listener.state).isEqualTo(SessionState.IDLE);
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void rfc9003_2_longShutdownMessagesAreCutToWholeCharactersWithin255Octets() {
    String cut = PeerSession.fitShutdownCommunication("ü".repeat(200));
    assertThat(cut.getBytes(StandardCharsets.UTF_8)).hasSize(254);
    assertThat(PeerSession.fitShutdownCommunication("short")).isEqualTo("short");
  }

  @Test
  void rfc7313_4_enhancedRouteRefreshReplacesTheFamilyAndSweepsWhatWasNotResent() {
    EmbeddedChannel ch = connect(OpenNegotiationTest.peer());
    ch.writeInbound(
        encode(peerOpen(new Capability.RouteRefresh(), new Capability.EnhancedRouteRefresh())),
        encode(Keepalive.INSTANCE));
    written(ch);
    PathAttributes attrs = attrs(64500);
    Nlri a = Nlri.of(Prefix.parse("203.0.113.0/24"));
    Nlri b = Nlri.of(Prefix.parse("198.51.100.0/24"));
    ch.writeInbound(encode(new Update(List.of(), attrs, List.of(a, b))));

    // RFC 2918: we ask; the peer answers BoRR, the refreshed routes, EoRR (RFC 7313 §4).
    assertThat(session.requestRefresh(Family.IPV4_UNICAST)).isTrue();
    assertThat(written(ch)).singleElement().isEqualTo(RouteRefresh.request(Family.IPV4_UNICAST));
    ch.writeInbound(
        encode(
            new RouteRefresh(
                Family.IPV4_UNICAST, RouteRefresh.BEGINNING_OF_ROUTE_REFRESH, OpaqueBytes.EMPTY)),
        encode(new Update(List.of(), attrs, List.of(a))),
        encode(
            new RouteRefresh(
                Family.IPV4_UNICAST, RouteRefresh.END_OF_ROUTE_REFRESH, OpaqueBytes.EMPTY)));

    assertThat(listener.routes).containsOnlyKeys("203.0.113.0/24");
    assertThat(listener.state).isEqualTo(SessionState.ESTABLISHED);
    assertThat(ch.finish()).isFalse();
  }

  private static RouteRefresh marker(Family f, int subtype) {
    return new RouteRefresh(f, subtype, OpaqueBytes.EMPTY);
  }

  @Test
  void rfc7313_4_eorrWithoutBorrIsIgnoredAndStaleRoutesGoWhenNoEorrComes() {
    EmbeddedChannel timers = new EmbeddedChannel();
    EmbeddedChannel ch = connect(OpenNegotiationTest.peer(), timers);
    ch.writeInbound(
        encode(peerOpen(new Capability.RouteRefresh(), new Capability.EnhancedRouteRefresh())),
        encode(Keepalive.INSTANCE),
        encode(announce("203.0.113.0/24", "198.51.100.0/24")));
    ch.writeInbound(encode(marker(Family.IPV4_UNICAST, RouteRefresh.END_OF_ROUTE_REFRESH)));
    assertThat(listener.routes).as("EoRR without BoRR removes nothing").hasSize(2);

    ch.writeInbound(
        encode(marker(Family.IPV4_UNICAST, RouteRefresh.BEGINNING_OF_ROUTE_REFRESH)),
        encode(announce("203.0.113.0/24")));
    timers.advanceTimeBy(PeerSession.STALE_LIMIT_SECONDS - 1, TimeUnit.SECONDS);
    timers.runScheduledPendingTasks();
    assertThat(listener.routes).hasSize(2);
    timers.advanceTimeBy(1, TimeUnit.SECONDS);
    timers.runScheduledPendingTasks();
    assertThat(listener.routes).as("no EoRR in time: the route not sent again goes")
        .containsOnlyKeys("203.0.113.0/24");
    ch.writeInbound(encode(marker(Family.IPV4_UNICAST, RouteRefresh.END_OF_ROUTE_REFRESH)));
    assertThat(listener.routes).containsOnlyKeys("203.0.113.0/24");
    assertThat(listener.state).isEqualTo(SessionState.ESTABLISHED);
  }

  @Test
  void rfc7313_4_aBorrBeforeEndOfRibAfterAGracefulRestartIsIgnoredEndOfRibSweeps() {
    EmbeddedChannel timers = new EmbeddedChannel();
    Capability gr = new Capability.GracefulRestart(0, 120,
        List.of(new Capability.GracefulRestart.Entry(Family.IPV4_UNICAST, 0x80)));
    EmbeddedChannel ch = connect(OpenNegotiationTest.peer(), timers);
    Open open = peerOpen(new Capability.RouteRefresh(), new Capability.EnhancedRouteRefresh(), gr);
    ch.writeInbound(encode(open), encode(Keepalive.INSTANCE),
        encode(announce("203.0.113.0/24", "198.51.100.0/24")));
    ch.close(); // no NOTIFICATION: the peer restarts, its routes stay stale
    assertThat(listener.routes).hasSize(2);

    EmbeddedChannel again = new EmbeddedChannel();
    channels.add(again);
    again.pipeline().addLast(new BgpFrameDecoder(), new BgpSessionHandler(session));
    PeerConnections.connected(session, again);
    again.writeInbound(encode(open), encode(Keepalive.INSTANCE));
    assertThat(listener.state).isEqualTo(SessionState.ESTABLISHED);
    again.writeInbound(
        encode(marker(Family.IPV4_UNICAST, RouteRefresh.BEGINNING_OF_ROUTE_REFRESH)),
        encode(announce("203.0.113.0/24")),
        encode(marker(Family.IPV4_UNICAST, RouteRefresh.END_OF_ROUTE_REFRESH)));
    assertThat(listener.routes).as("BoRR and EoRR ignored: nothing swept yet").hasSize(2);

    again.writeInbound(encode(Update.endOfRib(Family.IPV4_UNICAST)));
    assertThat(listener.routes).as("End-of-RIB sweeps what was not sent again")
        .containsOnlyKeys("203.0.113.0/24");
  }

  @Test
  void rfc7313_4_markersFromAPeerWithoutEnhancedRouteRefreshAreIgnored() {
    EmbeddedChannel ch = connect(OpenNegotiationTest.peer());
    ch.writeInbound(
        encode(peerOpen(new Capability.RouteRefresh())),
        encode(Keepalive.INSTANCE),
        encode(announce("203.0.113.0/24")),
        encode(marker(Family.IPV4_UNICAST, RouteRefresh.BEGINNING_OF_ROUTE_REFRESH)),
        encode(marker(Family.IPV4_UNICAST, RouteRefresh.END_OF_ROUTE_REFRESH)));
    assertThat(listener.routes).containsOnlyKeys("203.0.113.0/24");
    assertThat(listener.state).isEqualTo(SessionState.ESTABLISHED);
  }

  @Test
  void rfc7313_4_thePeersRequestIsAnsweredWithBorrAndEorrOurAdjRibOutBeingEmpty() {
    EmbeddedChannel ch = connect(OpenNegotiationTest.peer());
    ch.writeInbound(
        encode(peerOpen(new Capability.RouteRefresh(), new Capability.EnhancedRouteRefresh())),
        encode(Keepalive.INSTANCE));
    written(ch);
    ch.writeInbound(encode(RouteRefresh.request(Family.IPV6_UNICAST)));
    assertThat(written(ch))
        .containsExactly(
            marker(Family.IPV6_UNICAST, RouteRefresh.BEGINNING_OF_ROUTE_REFRESH),
            marker(Family.IPV6_UNICAST, RouteRefresh.END_OF_ROUTE_REFRESH));
    ch.writeInbound(encode(RouteRefresh.request(new Family(
        org.bgpsentry.codec.model.nlri.Afi.IPV4, org.bgpsentry.codec.model.nlri.Safi.MULTICAST))));
    assertThat(written(ch)).as("RFC 2918 §4: a family not negotiated is ignored").isEmpty();
    assertThat(listener.state).isEqualTo(SessionState.ESTABLISHED);
  }

  @Test
  void softReconfiguration_aLoosenedLimitKeepsTheSessionATightenedOneClosesItAtOnce() {
    EmbeddedChannel timers = new EmbeddedChannel();
    PeerSettings peer = OpenNegotiationTest.peer().withMaxPrefixes(Map.of(Family.IPV4_UNICAST, 2L));
    EmbeddedChannel ch = connect(peer, timers);
    ch.writeInbound(encode(peerOpen()), encode(Keepalive.INSTANCE));
    ch.writeInbound(encode(announce("203.0.113.0/24", "198.51.100.0/24")));
    written(ch);

    assertThat(session.reconfigure(peer.withMaxPrefixes(Map.of(Family.IPV4_UNICAST, 3L))
        .withDelayOpen(Duration.ofSeconds(5)))).isTrue();
    ch.writeInbound(encode(announce("192.0.2.0/24")));
    assertThat(written(ch)).as("3 routes fit the new limit").isEmpty();
    assertThat(listener.routes).hasSize(3);

    assertThat(session.reconfigure(peer)).as("3 routes, limit 2 now").isFalse();
    Notification n = (Notification) written(ch).getFirst();
    assertThat(n.error()).isEqualTo(NotificationError.MAXIMUM_NUMBER_OF_PREFIXES_REACHED);
    assertThat(n.data().toHex()).isEqualTo("00010100000002");
    assertThat(session.status().lastError())
        .isEqualTo("sent MAXIMUM_NUMBER_OF_PREFIXES_REACHED(6/1): 3 ipv4-unicast routes, max_prefixes 2");
    assertThat(listener.routes).isEmpty();
    assertThat(org.assertj.core.api.Assertions.catchThrowable(
            () -> session.reconfigure(peer.withHoldTime(Duration.ofSeconds(30)))))
        .as("hold time is in the OPEN: no soft reconfiguration")
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rfc2918_noRefreshRequestWithoutTheCapability() {
    EmbeddedChannel ch = connect(OpenNegotiationTest.peer());
    ch.writeInbound(encode(peerOpen()), encode(Keepalive.INSTANCE));
    written(ch);

    assertThat(session.requestRefresh(Family.IPV4_UNICAST)).isFalse();
    assertThat(written(ch)).isEmpty();
    assertThat(ch.finish()).isFalse();
  }

  /** ORIGIN IGP, AS_PATH {@code asPath}, NEXT_HOP 192.0.2.1. */
  private static PathAttributes attrs(int... asPath) {
    return PathAttributes.of(
        new PathAttribute.Origin(OriginType.IGP),
        new PathAttribute.AsPath(List.of(new AsPathSegment(SegmentType.AS_SEQUENCE, asPath))),
        new PathAttribute.NextHop(IpAddress.parse("192.0.2.1")));
  }

  private static Update announce(String... prefixes) {
    return new Update(
        List.of(), attrs(64500), Stream.of(prefixes).map(p -> Nlri.of(Prefix.parse(p))).toList());
  }

  private static Update withdraw(String... prefixes) {
    return new Update(
        Stream.of(prefixes).map(p -> Nlri.of(Prefix.parse(p))).toList(),
        PathAttributes.EMPTY,
        List.of());
  }

  @Test
  void rfc4486_4_moreRoutesThanMaxPrefixesCloseWithCease6_1AndItsDataThenIdleHold() {
    EmbeddedChannel timers = new EmbeddedChannel();
    EmbeddedChannel ch =
        connect(
            OpenNegotiationTest.peer().withMaxPrefixes(Map.of(Family.IPV4_UNICAST, 2L)), timers);
    ch.writeInbound(encode(peerOpen()), encode(Keepalive.INSTANCE));
    written(ch);
    ch.writeInbound(encode(announce("203.0.113.0/24", "198.51.100.0/24")));
    ch.writeInbound(encode(announce("203.0.113.0/24"))); // a replacement: still 2 routes
    assertThat(written(ch)).isEmpty();
    assertThat(listener.state).isEqualTo(SessionState.ESTABLISHED);

    ch.writeInbound(encode(announce("192.0.2.0/24")));

    Notification n = (Notification) written(ch).getFirst();
    assertThat(n.error()).isEqualTo(NotificationError.MAXIMUM_NUMBER_OF_PREFIXES_REACHED);
    // AFI 1, SAFI 1, upper bound 2
    assertThat(n.data().toHex()).isEqualTo("00010100000002");
    assertThat(ch.isOpen()).isFalse();
    assertThat(listener.routes).as("routes flushed with the session").isEmpty();
    assertThat(listener.state).as("IdleHold, even for a passive peer").isEqualTo(SessionState.IDLE);
    assertThat(session.status().lastError())
        .isEqualTo(
            "sent MAXIMUM_NUMBER_OF_PREFIXES_REACHED(6/1): 3 ipv4-unicast routes, max_prefixes 2");

    EmbeddedChannel again = new EmbeddedChannel();
    channels.add(again);
    PeerConnections.connected(session, again);
    assertThat(notificationSent(written(again)))
        .as("reconnecting during the IdleHold time is refused")
        .isEqualTo(NotificationError.CONNECTION_REJECTED);
    timers.advanceTimeBy(OpenNegotiationTest.SPEAKER.idleHold().toSeconds(), TimeUnit.SECONDS);
    timers.runScheduledPendingTasks();
    assertThat(listener.state).as(listener.transitions::toString).isEqualTo(SessionState.ACTIVE);
  }

  @Test
  void rfc4486_4_theRouteBeyondTheLimitClosesTheSessionMidUpdateAndTheRestIsNeverReported() {
    EmbeddedChannel ch =
        connect(OpenNegotiationTest.peer().withMaxPrefixes(Map.of(Family.IPV4_UNICAST, 2L)));
    ch.writeInbound(encode(peerOpen()), encode(Keepalive.INSTANCE));
    ch.writeInbound(encode(announce("203.0.113.0/24")));
    List<String> announced = new java.util.concurrent.CopyOnWriteArrayList<>();
    listener.onAnnounce = announced::add;

    ch.writeInbound(encode(announce("198.51.100.0/24", "192.0.2.0/24", "198.18.0.0/24")));

    assertThat(announced).as("routes 2 (kept), 3 and 4 (not)").containsExactly("198.51.100.0/24");
    assertThat(((Notification) written(ch).getLast()).error())
        .isEqualTo(NotificationError.MAXIMUM_NUMBER_OF_PREFIXES_REACHED);
    assertThat(session.status().lastError())
        .isEqualTo("sent MAXIMUM_NUMBER_OF_PREFIXES_REACHED(6/1): 3 ipv4-unicast routes, max_prefixes 2");
    assertThat(listener.routes).isEmpty();
  }

  @Test
  void maxPrefixesWarnsOnceAt90PercentAndAgainOnlyAfterFallingBelow80() {
    // The Adj-RIB-In enforces and warns about max_prefixes, for every source of routes.
    Logger logger = (Logger) LoggerFactory.getLogger(AdjRibIn.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try {
      EmbeddedChannel ch =
          connect(OpenNegotiationTest.peer().withMaxPrefixes(Map.of(Family.IPV4_UNICAST, 10L)));
      ch.writeInbound(encode(peerOpen()), encode(Keepalive.INSTANCE));
      String[] nine = new String[9];
      for (int i = 0; i < 9; i++) {
        nine[i] = "198.18." + i + ".0/24";
      }
      ch.writeInbound(encode(announce("198.18.100.0/24")));
      ch.writeInbound(encode(announce(nine)));
      ch.writeInbound(encode(announce(nine))); // replacements: still 10, no second warning
      ch.writeInbound(encode(withdraw("198.18.100.0/24", "198.18.0.0/24"))); // 8: 80%
      ch.writeInbound(encode(announce("198.18.100.0/24"))); // 9: still warned
      // 6, below 80%, then 9 again: warned anew
      ch.writeInbound(encode(withdraw("198.18.100.0/24", "198.18.1.0/24", "198.18.2.0/24")));
      ch.writeInbound(encode(announce("198.18.100.0/24", "198.18.1.0/24", "198.18.2.0/24")));

      // Only this thread's (the EmbeddedChannel's) events: a session another test left on its
      // event loop may log through the same logger meanwhile.
      String self = Thread.currentThread().getName();
      assertThat(logs.list)
          .filteredOn(e -> e.getThreadName().equals(self))
          .extracting(ILoggingEvent::getFormattedMessage)
          .containsExactly(
              "peer edge1: 10 ipv4-unicast routes, 100% of max_prefixes 10",
              "peer edge1: 9 ipv4-unicast routes, 90% of max_prefixes 10");
      assertThat(listener.state).isEqualTo(SessionState.ESTABLISHED);
    } finally {
      logger.detachAppender(logs);
    }
  }

  @Test
  void rfc4271_8_2_2_delayOpenAnswersThePeersOpenWithOpenAndKeepalive() {
    EmbeddedChannel ch =
        connect(OpenNegotiationTest.peer().withDelayOpen(Duration.ofSeconds(5)));
    assertThat(written(ch)).as("our OPEN held back").isEmpty();

    ch.writeInbound(encode(peerOpen()));
    List<BgpMessage> out = written(ch);
    assertThat(out).hasSize(2);
    assertThat(out.get(0)).isInstanceOf(Open.class);
    assertThat(out.get(1)).isEqualTo(Keepalive.INSTANCE);
    ch.writeInbound(encode(Keepalive.INSTANCE));
    assertThat(listener.state).isEqualTo(SessionState.ESTABLISHED);
  }

  @Test
  void rfc4271_8_2_2_delayOpenTimerExpirySendsOurOpen() {
    EmbeddedChannel ch =
        connect(OpenNegotiationTest.peer().withDelayOpen(Duration.ofSeconds(5)));
    ch.advanceTimeBy(4, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertThat(written(ch)).isEmpty();
    ch.advanceTimeBy(1, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();

    assertThat(written(ch)).singleElement().isInstanceOf(Open.class);
    assertThat(listener.state).isEqualTo(SessionState.OPEN_SENT);
    ch.writeInbound(encode(peerOpen()), encode(Keepalive.INSTANCE));
    assertThat(listener.state).isEqualTo(SessionState.ESTABLISHED);
  }
}
