package org.bgpsentry.daemon.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.analytics.rib.AttributeInterner;
import org.bgpsentry.analytics.rib.PeerRib;
import org.bgpsentry.codec.error.BgpNotificationException;
import org.bgpsentry.codec.error.DecodeIssue;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.error.UpdateResult;
import org.bgpsentry.codec.model.BgpMessage;
import org.bgpsentry.codec.model.Keepalive;
import org.bgpsentry.codec.model.MessageType;
import org.bgpsentry.codec.model.Notification;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.model.Open;
import org.bgpsentry.codec.model.RouteRefresh;
import org.bgpsentry.codec.model.Update;
import org.bgpsentry.codec.model.cap.Capability;
import org.bgpsentry.codec.model.nlri.Afi;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.validate.SessionContext;
import org.bgpsentry.codec.validate.UpdateValidator;
import org.bgpsentry.codec.wire.BgpMessageCodec;
import org.bgpsentry.codec.wire.DecodeContext;
import org.bgpsentry.daemon.ingest.AdjRibIn;
import org.bgpsentry.daemon.ingest.BmpRawFeed;
import org.bgpsentry.daemon.ingest.IngestOutcome;
import org.bgpsentry.daemon.ingest.ReceivedUpdate;
import org.bgpsentry.daemon.logging.RateLimitedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured peer: its {@link SessionFsm}, the connection the FSM uses and its timers. Performs
 * the FSM's actions (docs/contributing.md R10); the routes of the session go through its {@link AdjRibIn}, the
 * ingest every source of routes shares (docs/contributing.md §1), which applies RFC 7606 outcomes, {@code
 * max_prefixes} and stale marks. Everything runs on one event loop; no locks.
 *
 * <p>Receive-only (docs/operators-guide.md "How the sessions behave"): sends OPEN, KEEPALIVE, NOTIFICATION, End-of-RIB and
 * ROUTE-REFRESH, nothing else. Graceful restart helper (RFC 4724 §4.2): when a session whose peer
 * advertised Graceful Restart ends without a NOTIFICATION, the routes of the families listed in the
 * capability stay, marked stale, for the peer's Restart Time; after the new session they go when
 * End-of-RIB arrives for their family (or at the latest after {@link #STALE_LIMIT_SECONDS}).
 * Enhanced route refresh (RFC 7313 §4) works the same way between the peer's BoRR and EoRR.
 * {@code max_prefixes} is enforced route by route (RFC 4486 §4): the route beyond a family's limit
 * is refused by the Adj-RIB-In and closes the session.
 */
final class PeerSession {
  static final int STALE_LIMIT_SECONDS = 360;
  private static final Duration STALE_LIMIT = Duration.ofSeconds(STALE_LIMIT_SECONDS);
  private static final Logger log = LoggerFactory.getLogger(PeerSession.class);

  /** Opens outgoing connections for active peers. */
  interface Connector {
    /**
     * Connects; on success calls {@link PeerConnections#connected}, on failure {@link
     * #connectFailed}.
     */
    void connect(PeerSession session);
  }

  private final SpeakerSettings speaker;
  /** Replaced in place by {@link #reconfigure}. */
  private PeerSettings settings;
  private final PeerId id;
  private final EventLoop loop;
  private final SessionListener listener;
  private final Connector connector;
  private final Clock clock;
  private final SessionFsm fsm;
  private final AdjRibIn ingest;
  private final Open localOpen;
  private final Map<SessionTimer, ScheduledFuture<?>> timers = new EnumMap<>(SessionTimer.class);
  private final long[] timerGeneration = new long[SessionTimer.values().length];
  /** ROUTE-REFRESH messages the peer can send in a loop: logged at most every 10 s. */
  private final RateLimitedLog refreshLog = new RateLimitedLog(log, 10_000);

  /** Further connections (collisions, refusals) the peer can open in a loop: at most every 10 s. */
  private final RateLimitedLog connectionLog = new RateLimitedLog(log, 10_000);

  /** {@code publish_bmp_raw}: where the raw messages go, or null (no copies). */
  private final BmpRawFeed raw;
  /** The OPEN received on this connection, whole, while {@link #raw} is set (for the BMP Peer Up). */
  private byte[] receivedOpen;
  /** RFC 7854 §4.9 reason of the coming session down and its data, while {@link #raw} is set. */
  private int downReason;
  private byte[] downData;

  private Channel channel;
  private NegotiatedSession negotiated;
  /** What {@link #checked} checks UPDATEs against, from Established on. */
  private SessionContext checks;
  private IpAddress lastPeerId;
  private boolean retainOnDown;
  private Instant establishedAt;
  private String lastError;

  /** When the hold timer really expires (System.nanoTime), moved by each message. */
  private long holdDeadline;

  /** When the scheduled hold check runs (System.nanoTime); an earlier deadline reschedules it. */
  private long holdCheckAt;

  PeerSession(
      SpeakerSettings speaker,
      PeerSettings settings,
      EventLoop loop,
      AttributeInterner interner,
      SessionListener listener,
      Connector connector,
      Clock clock) {
    this.speaker = speaker;
    this.settings = settings;
    this.id =
        new PeerId(
            settings.name(), IpAddress.of(settings.address().getAddress()), settings.remoteAsn());
    this.loop = loop;
    this.listener = listener;
    this.connector = connector;
    this.clock = clock;
    this.ingest = new AdjRibIn(id, interner, listener, loop, clock);
    this.localOpen = OpenNegotiation.localOpen(speaker, settings);
    this.raw = listener.bmpRaw();
    ingest.maxPrefixes(settings.maxPrefixes());
    this.fsm =
        new SessionFsm(
            settings.name(),
            settings.mode() == PeerMode.PASSIVE,
            (int) speaker.connectRetry().toSeconds(),
            (int) settings.delayOpen().toSeconds(),
            (int) speaker.idleHold().toSeconds(),
            (old, next, reason) -> listener.onStateChange(id, old, next, reason));
  }

  PeerId id() {
    return id;
  }

  PeerSettings settings() {
    return settings;
  }

  EventLoop loop() {
    return loop;
  }

  PeerRib rib() {
    return ingest.rib();
  }

  SessionState state() {
    return fsm.state();
  }

  PeerStatus status() {
    return new PeerStatus(
        id,
        fsm.state(),
        establishedAt,
        ingest.rib().size(Afi.IPV4),
        ingest.rib().size(Afi.IPV6),
        negotiated == null ? List.of() : negotiated.capabilities(),
        lastError);
  }

  void start() {
    run(fsm.start());
  }

  /** ManualStop with an RFC 9003 shutdown communication (may be empty). */
  void stop(String shutdownMessage) {
    Notification n =
        Notification.shutdown(
            NotificationError.ADMINISTRATIVE_SHUTDOWN, fitShutdownCommunication(shutdownMessage));
    run(
        fsm.stop(
            NotificationError.ADMINISTRATIVE_SHUTDOWN, n.data(), "stopped: " + shutdownMessage));
    ingest.cancelDeadlines();
  }

  /** Pauses or resumes reading from the current connection (backpressure from analytics). */
  void setAutoRead(boolean on) {
    Channel ch = channel;
    if (ch != null) {
      ch.config().setAutoRead(on);
    }
  }

  /**
   * RFC 9003 §2: at most 255 octets of UTF-8; longer messages lose their tail, whole characters.
   */
  static String fitShutdownCommunication(String message) {
    String m = message;
    while (m.getBytes(StandardCharsets.UTF_8).length > 255) {
      m = m.substring(0, m.offsetByCodePoints(m.length(), -1));
    }
    return m;
  }

  /**
   * Takes over {@code next}, which differs from the current settings only where {@link
   * PeerSettings#sameSession} allows, without dropping the session: a new {@code max_prefixes}
   * bounds the routes already held at once, and a family now holding more closes the session with
   * Cease/Maximum Number of Prefixes Reached (RFC 4486 §4); a new {@code delay_open} applies from
   * the next connection (RFC 4271 §8.1.1).
   *
   * @return whether the session is Established afterwards
   */
  boolean reconfigure(PeerSettings next) {
    if (!settings.sameSession(next)) {
      throw new IllegalArgumentException(
          "peer " + settings.name() + ": " + next + " needs a new session (expected: only max_prefixes"
              + " or delay_open changed)");
    }
    settings = next;
    fsm.delayOpen((int) next.delayOpen().toSeconds());
    IngestOutcome.PrefixLimitReached over = ingest.maxPrefixes(next.maxPrefixes());
    if (fsm.state() != SessionState.ESTABLISHED) {
      return false;
    }
    if (over != null) {
      maximumPrefixesReached(over);
      return false;
    }
    return true;
  }

  /**
   * Sends a ROUTE-REFRESH request for {@code family} (RFC 2918 §3) when the session is Established
   * and the peer advertised the Route Refresh Capability for it (§4: only then may it be sent).
   *
   * @return whether it was sent
   */
  boolean requestRefresh(Family family) {
    if (fsm.state() != SessionState.ESTABLISHED
        || !negotiated.routeRefresh()
        || !negotiated.families().contains(family)) {
      return false;
    }
    send(RouteRefresh.request(family));
    return true;
  }

  /**
   * Takes {@code ch}, a TCP connection with the peer (accepted, or ours connected), when the FSM
   * waits for one (Connect, Active, no connection yet): TcpConnectionConfirmed / Tcp_CR_Acked (RFC
   * 4271 §8.2.2). Otherwise {@code ch} collides with the current connection, which {@link
   * PeerConnections#connected} resolves (§6.8).
   *
   * @return whether {@code ch} is now the session's connection
   */
  boolean adopt(Channel ch) {
    if (channel == null
        && (fsm.state() == SessionState.ACTIVE || fsm.state() == SessionState.CONNECT)) {
      channel = ch;
      BgpFrameDecoder decoder = raw == null ? null : ch.pipeline().get(BgpFrameDecoder.class);
      if (decoder != null) {
        receivedOpen = null;
        decoder.raw(this::rawReceived);
      }
      run(fsm.tcpConnected());
      return true;
    }
    return false;
  }

  /** Whether the Established session's peer advertised Graceful Restart (RFC 4724 §3). */
  boolean gracefulRestart() {
    return negotiated != null && negotiated.gracefulRestart() != null;
  }

  /**
   * The peer's BGP Identifier: from this connection's OPEN when known, else from the last one
   * received; null when none was ever received.
   */
  IpAddress remoteIdentifier() {
    return negotiated != null ? negotiated.peerId() : lastPeerId;
  }

  /** The log of further connections from this peer (RFC 4271 §6.8), rate-limited. */
  RateLimitedLog connectionLog() {
    return connectionLog;
  }

  /** Our BGP Identifier. */
  IpAddress localIdentifier() {
    return speaker.routerId();
  }

  /**
   * The peer restarted (RFC 4724 §4.2: a new connection while Established with graceful
   * restart): the session ends as if the connection failed, its routes stay stale.
   */
  void peerRestarted() {
    downReason(BmpRawFeed.LOCAL_NO_NOTIFICATION, FSM_TCP_CONNECTION_FAILS);
    retainOnDown = true;
    run(fsm.tcpConnectionFails());
  }

  /** Connection collision lost by the current connection (RFC 4271 §6.8): OpenCollisionDump. */
  void collisionDump() {
    downReason(BmpRawFeed.LOCAL_NO_NOTIFICATION, FSM_OPEN_COLLISION_DUMP);
    run(fsm.openCollisionDump());
  }

  /** Our outgoing connection attempt failed. */
  void connectFailed(Throwable cause) {
    lastError = "connect failed: " + cause.getMessage();
    if (channel == null) {
      run(fsm.tcpConnectionFails());
    }
  }

  void closed(Channel ch) {
    if (ch != channel) {
      return;
    }
    channel = null;
    retainOnDown = true;
    if (raw != null && downReason == 0) {
      downReason(BmpRawFeed.REMOTE_NO_NOTIFICATION, new byte[0]);
    }
    lastError = lastError == null ? "connection closed by peer" : lastError;
    run(fsm.tcpConnectionFails());
  }

  /**
   * A message decoded on {@code ch}: a {@link BgpMessage} or, for UPDATE, a {@link ReceivedUpdate}.
   */
  void received(Channel ch, Object msg) {
    if (ch != channel) {
      return;
    }
    switch (msg) {
      case ReceivedUpdate r -> {
        listener.onMessage(id, MessageType.UPDATE);
        run(fsm.updateReceived());
        if (fsm.state() == SessionState.ESTABLISHED) {
          switch (ingest.apply(checked(r))) {
            case IngestOutcome.Applied a -> {}
            case IngestOutcome.SessionReset reset -> updateError(reset.cause());
            case IngestOutcome.PrefixLimitReached over -> maximumPrefixesReached(over);
          }
        }
      }
      case Open o -> {
        listener.onMessage(id, MessageType.OPEN);
        receivedOpen(ch, o);
      }
      case Keepalive k -> {
        listener.onMessage(id, MessageType.KEEPALIVE);
        run(fsm.keepaliveReceived());
      }
      case Notification n -> {
        listener.onMessage(id, MessageType.NOTIFICATION);
        listener.onNotification(id, n, false);
        String text = n.shutdownCommunication();
        lastError = "received " + n + (text == null ? "" : " \"" + text + "\"");
        log.warn("peer {}: {}", id, lastError);
        run(fsm.notificationReceived("NOTIFICATION received"));
      }
      case RouteRefresh r -> {
        listener.onMessage(id, MessageType.ROUTE_REFRESH);
        run(fsm.updateReceived());
        if (fsm.state() == SessionState.ESTABLISHED) {
          routeRefresh(r);
        }
      }
      case Update u -> throw new IllegalStateException("UPDATEs arrive as ReceivedUpdate: " + u);
      default -> throw new IllegalStateException("unexpected message " + msg.getClass().getName());
    }
  }

  /**
   * {@code r} after the semantic checks of {@link UpdateValidator} against this session (RFC 7606
   * §3(d) mandatory attributes, RFC 4271 §6.3 next hop, RFC 7606 §7.5/§7.9/§7.10 attributes an
   * external peer must not send, RFC 4760 families not negotiated). The first AS is not checked
   * (RFC 4271 §6.3 makes it a MAY; a route server does not prepend its AS, and a monitor keeps what
   * it is sent). When the checks changed the UPDATE, the attribute sets cut from the wire no longer
   * fit it and are dropped.
   */
  private ReceivedUpdate checked(ReceivedUpdate r) {
    UpdateResult v = UpdateValidator.validate(r.result(), checks);
    return v == r.result() ? r : new ReceivedUpdate(v, null, null);
  }

  /** A session-level error on {@code ch} (framing, OPEN, or a message the codec rejected). */
  void protocolError(Channel ch, BgpNotificationException e) {
    if (ch != channel) {
      ch.close();
      return;
    }
    lastError = "sent " + e.getMessage();
    log.warn("peer {}: {}", id, e.getMessage());
    run(fsm.messageError(e.error(), e.data(), e.getMessage()));
  }

  private void receivedOpen(Channel ch, Open open) {
    boolean expected = fsm.state() == SessionState.OPEN_SENT || fsm.delayOpenRunning();
    if (!expected) {
      run(fsm.openReceived(0)); // the FSM answers an OPEN out of place with an FSM error
      return;
    }
    try {
      negotiated = OpenNegotiation.negotiate(localOpen, open, settings);
    } catch (BgpNotificationException e) {
      protocolError(ch, e);
      return;
    }
    lastPeerId = negotiated.peerId();
    BgpFrameDecoder decoder = ch.pipeline().get(BgpFrameDecoder.class);
    if (decoder != null) {
      decoder.context(negotiated.decodeContext());
    }
    run(fsm.openReceived(negotiated.holdTime()));
  }

  /**
   * {@code max_prefixes} exceeded: {@code over.family()} would hold {@code over.routes()} (paths,
   * with ADD-PATH), more than its limit. Closes the session with Cease/Maximum Number of Prefixes
   * Reached, data AFI, SAFI and the upper bound (RFC 4486 §4); the routes go with the session.
   */
  private void maximumPrefixesReached(IngestOutcome.PrefixLimitReached over) {
    Family family = over.family();
    long limit = over.limit();
    lastError =
        "sent " + NotificationError.MAXIMUM_NUMBER_OF_PREFIXES_REACHED + ": " + over.routes() + " "
            + family + " routes, max_prefixes " + limit;
    log.warn("peer {}: {}", id, lastError);
    byte[] data = {
      (byte) (family.afi().code() >> 8),
      (byte) family.afi().code(),
      (byte) family.safi().code(),
      (byte) (limit >> 24),
      (byte) (limit >> 16),
      (byte) (limit >> 8),
      (byte) limit
    };
    run(fsm.maximumPrefixesReached(OpaqueBytes.wrap(data), "maximum prefixes reached for " + family));
  }

  /** An UPDATE error whose RFC 7606 outcome is a session reset: its NOTIFICATION, and down. */
  private void updateError(DecodeIssue cause) {
    lastError = "sent " + cause.error() + ": " + cause.text();
    run(fsm.messageError(cause.error(), cause.data(), "UPDATE error: " + cause.text()));
  }

  /**
   * A ROUTE-REFRESH from the peer, Established. One for a family not negotiated is ignored (RFC
   * 2918 §4), so is an unknown subtype (RFC 7313 §5), and BoRR/EoRR from a peer that did not
   * advertise enhanced route refresh (RFC 7313 §4 allows them only then).
   *
   * <ul>
   *   <li>Request (RFC 2918 §4: re-advertise the Adj-RIB-Out): ours is empty (receive-only), so
   *       with enhanced route refresh the re-advertisement is a BoRR straight followed by an EoRR
   *       (RFC 7313 §4), without it there is nothing to send.
   *   <li>BoRR (RFC 7313 §4): the family's routes are marked stale; each route the peer sends again
   *       clears its mark. Ignored while the family still waits for its End-of-RIB after a
   *       graceful restart (its routes are stale already, End-of-RIB sweeps them; BIRD does the
   *       same).
   *   <li>EoRR (RFC 7313 §4): the routes still stale are removed. Ignored without a BoRR before
   *       it. When no EoRR comes within {@link #STALE_LIMIT_SECONDS} (FRR's stale-path time), the
   *       stale routes are removed then, so a peer that stops half-way cannot keep them forever.
   * </ul>
   */
  private void routeRefresh(RouteRefresh r) {
    Family family = r.family();
    if (!negotiated.families().contains(family)) {
      refreshLog.info("peer {}: ROUTE-REFRESH for {}, not a negotiated family: ignored", id, family);
      return;
    }
    boolean enhanced = negotiated.enhancedRouteRefresh();
    switch (r.subtype()) {
      case RouteRefresh.NORMAL -> {
        if (enhanced) {
          send(new RouteRefresh(family, RouteRefresh.BEGINNING_OF_ROUTE_REFRESH, OpaqueBytes.EMPTY));
          send(new RouteRefresh(family, RouteRefresh.END_OF_ROUTE_REFRESH, OpaqueBytes.EMPTY));
        }
      }
      case RouteRefresh.BEGINNING_OF_ROUTE_REFRESH -> {
        if (!enhanced) {
          refreshLog.info("peer {}: BoRR for {} without enhanced route refresh: ignored", id, family);
          return;
        }
        ingest.beginRefresh(family, STALE_LIMIT);
      }
      case RouteRefresh.END_OF_ROUTE_REFRESH -> {
        if (!enhanced) {
          refreshLog.info("peer {}: EoRR for {} without enhanced route refresh: ignored", id, family);
          return;
        }
        ingest.endRefresh(family);
      }
      default ->
          refreshLog.info(
              "peer {}: ROUTE-REFRESH subtype {} for {}: ignored (RFC 7313 §5)",
              id,
              r.subtype(),
              family);
    }
  }

  private void run(List<SessionAction> actions) {
    for (SessionAction a : actions) {
      switch (a) {
        case SessionAction.Connect c -> connector.connect(this);
        case SessionAction.SendOpen o -> send(localOpen);
        case SessionAction.SendKeepalive k -> send(Keepalive.INSTANCE);
        case SessionAction.SendNotification n -> {
          Notification msg = Notification.of(n.error(), n.data());
          listener.onNotification(id, msg, true);
          if (raw != null) {
            downReason = BmpRawFeed.LOCAL_NOTIFICATION;
            downData = encode(msg, DecodeContext.DEFAULT);
          }
          send(msg);
        }
        case SessionAction.DropConnection d -> drop();
        case SessionAction.StartTimer t -> startTimer(t.timer(), t.seconds());
        case SessionAction.StopTimer t -> stopTimer(t.timer());
        case SessionAction.SessionUp u -> up();
        case SessionAction.SessionDown d -> down(d.reason());
      }
    }
    retainOnDown = false;
  }

  private void up() {
    establishedAt = clock.instant();
    IpAddress local =
        channel != null && channel.localAddress() instanceof InetSocketAddress a
            ? IpAddress.of(a.getAddress().getAddress())
            : null;
    checks =
        new SessionContext(
            localOpen.asn(), negotiated.peerAsn(), negotiated.families(), false, local);
    lastError = null;
    Capability.GracefulRestart gr = negotiated.gracefulRestart();
    Set<Family> keep = new HashSet<>();
    if (gr != null) {
      for (Capability.GracefulRestart.Entry e : gr.families()) {
        if ((e.flags() & 0x80) != 0) {
          keep.add(e.family()); // RFC 4724 §4.2: forwarding state preserved
        }
      }
    }
    ingest.up(negotiated.families(), keep, STALE_LIMIT, localOpen.asn());
    if (raw != null) {
      bmpPeerUp();
    }
    for (Family f : List.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST)) {
      if (negotiated.families().contains(f)) {
        send(Update.endOfRib(f)); // RFC 4724 §2: our (empty) initial table is complete
      }
    }
  }

  /**
   * Session down: the routes go, or, when the peer advertised Graceful Restart and the session
   * ended without a NOTIFICATION, those of the capability's families stay stale for its Restart
   * Time (RFC 4724 §4.2).
   */
  private void down(String reason) {
    establishedAt = null;
    if (raw != null) {
      int why = downReason == 0 ? BmpRawFeed.LOCAL_NO_NOTIFICATION : downReason;
      byte[] data = downReason == 0 ? new byte[2] : downData;
      raw.sessionDown(id, why, data, clock.millis());
      downReason = 0;
      downData = null;
    }
    Capability.GracefulRestart gr = negotiated == null ? null : negotiated.gracefulRestart();
    if (retainOnDown && gr != null && gr.restartTime() > 0) {
      Set<Family> keep = new HashSet<>();
      for (Capability.GracefulRestart.Entry e : gr.families()) {
        keep.add(e.family());
      }
      ingest.down(reason, keep, Duration.ofSeconds(gr.restartTime()));
    } else {
      ingest.down(reason);
    }
    negotiated = null;
  }

  /**
   * A message arrived whole on the session's connection ({@link BgpFrameDecoder.Raw}), before its
   * decoded form: an UPDATE while Established goes to {@code bmp_raw} as it is; the OPEN is kept
   * for the Peer Up, a NOTIFICATION for the Peer Down (RFC 7854 §4.9 reason 3).
   */
  private void rawReceived(MessageType type, byte[] message) {
    switch (type) {
      case UPDATE -> {
        if (fsm.state() == SessionState.ESTABLISHED) {
          raw.sessionUpdate(id, message, clock.millis());
        }
      }
      case OPEN -> receivedOpen = message;
      case NOTIFICATION -> downReason(BmpRawFeed.REMOTE_NOTIFICATION, message);
      default -> {}
    }
  }

  /** RFC 4271 §8.1 event numbers for the Peer Down's FSM event code (RFC 7854 §4.9 reason 2). */
  private static final int FSM_TCP_CONNECTION_FAILS = 18;
  private static final int FSM_OPEN_COLLISION_DUMP = 23;

  private void downReason(int reason, int fsmEvent) {
    if (raw != null) {
      downReason(reason, new byte[] {(byte) (fsmEvent >> 8), (byte) fsmEvent});
    }
  }

  private void downReason(int reason, byte[] data) {
    if (raw != null) {
      downReason = reason;
      downData = data;
    }
  }

  /** RFC 7854 §4.10 for the session now Established: the OPENs as sent and as received. */
  private void bmpPeerUp() {
    IpAddress local = IpAddress.parse("0.0.0.0");
    int localPort = 0;
    int remotePort = 0;
    Channel ch = channel;
    if (ch != null && ch.localAddress() instanceof java.net.InetSocketAddress l
        && ch.remoteAddress() instanceof java.net.InetSocketAddress r) {
      local = IpAddress.of(l.getAddress().getAddress());
      localPort = l.getPort();
      remotePort = r.getPort();
    }
    byte[] received = receivedOpen == null ? encode(localOpen, DecodeContext.DEFAULT) : receivedOpen;
    raw.sessionUp(id, negotiated.peerId(), negotiated.fourOctetAs(), local, localPort, remotePort,
        encode(localOpen, DecodeContext.DEFAULT), received, clock.millis());
    downReason = 0;
    downData = null;
  }

  private static byte[] encode(BgpMessage msg, DecodeContext ctx) {
    ByteBuf buf = Unpooled.buffer(64);
    try {
      BgpMessageCodec.encode(msg, ctx, buf);
      byte[] b = new byte[buf.readableBytes()];
      buf.readBytes(b);
      return b;
    } finally {
      buf.release();
    }
  }

  private void send(BgpMessage msg) {
    Channel ch = channel;
    if (ch == null) {
      return;
    }
    DecodeContext ctx = negotiated != null ? negotiated.decodeContext() : DecodeContext.DEFAULT;
    ByteBuf buf = ch.alloc().buffer();
    try {
      BgpMessageCodec.encode(msg, ctx, buf);
    } catch (RuntimeException e) {
      buf.release();
      throw e;
    }
    ch.writeAndFlush(buf, ch.voidPromise());
  }

  private void drop() {
    Channel ch = channel;
    channel = null;
    if (ch != null) {
      // Closes after what was written (a NOTIFICATION) has gone out.
      ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private void startTimer(SessionTimer timer, int seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    if (timer == SessionTimer.HOLD
        && seconds > 0
        && timers.containsKey(SessionTimer.HOLD)
        && deadline - holdCheckAt >= 0) {
      // Restarted on every UPDATE: move the deadline, the scheduled check re-arms itself.
      holdDeadline = deadline;
      return;
    }
    stopTimer(timer);
    if (seconds <= 0) {
      return;
    }
    if (timer == SessionTimer.HOLD) {
      holdDeadline = deadline;
    }
    schedule(timer, timerGeneration[timer.ordinal()], TimeUnit.SECONDS.toNanos(seconds));
  }

  private void schedule(SessionTimer timer, long generation, long delayNanos) {
    if (timer == SessionTimer.HOLD) {
      holdCheckAt = System.nanoTime() + delayNanos;
    }
    timers.put(
        timer,
        loop.schedule(
            () -> {
              if (timerGeneration[timer.ordinal()] != generation) {
                return;
              }
              long left = timer == SessionTimer.HOLD ? holdDeadline - System.nanoTime() : 0;
              if (left > 0) {
                schedule(timer, generation, left);
                return;
              }
              timers.remove(timer);
              timerExpired(timer);
            },
            delayNanos,
            TimeUnit.NANOSECONDS));
  }

  private void stopTimer(SessionTimer timer) {
    timerGeneration[timer.ordinal()]++;
    ScheduledFuture<?> f = timers.remove(timer);
    if (f != null) {
      f.cancel(false);
    }
  }

  private void timerExpired(SessionTimer timer) {
    switch (timer) {
      case CONNECT_RETRY -> run(fsm.connectRetryTimerExpires());
      case HOLD -> {
        lastError = "hold timer expired";
        retainOnDown = true;
        run(fsm.holdTimerExpires());
      }
      case KEEPALIVE -> run(fsm.keepaliveTimerExpires());
      case DELAY_OPEN -> run(fsm.delayOpenTimerExpires());
      case IDLE_HOLD -> run(fsm.idleHoldTimerExpires());
    }
  }

  @Override
  public String toString() {
    return "PeerSession[" + id + ", " + fsm.state() + "]";
  }
}
