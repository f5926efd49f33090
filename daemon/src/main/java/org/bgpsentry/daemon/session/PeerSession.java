package org.bgpsentry.daemon.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.bgpsentry.analytics.event.PeerEvent;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.analytics.rib.AttributeInterner;
import org.bgpsentry.analytics.rib.PeerRib;
import org.bgpsentry.codec.error.BgpNotificationException;
import org.bgpsentry.codec.error.DecodeIssue;
import org.bgpsentry.codec.error.ErrorAction;
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
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.cap.Capability;
import org.bgpsentry.codec.model.nlri.Afi;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.wire.BgpMessageCodec;
import org.bgpsentry.codec.wire.DecodeContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured peer: its {@link SessionFsm}, the connection the FSM uses, its timers and its
 * Adj-RIB-In. Performs the FSM's actions (docs/contributing.md R10) and applies received UPDATEs with their RFC
 * 7606 outcome. Everything runs on one event loop; no locks.
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
  static final int MAX_PREFIXES_WARNING_PERCENT = 90;
  private static final Logger log = LoggerFactory.getLogger(PeerSession.class);

  /** Opens outgoing connections for active peers. */
  interface Connector {
    /** Connects; on success calls {@link #connected}, on failure {@link #connectFailed}. */
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
  private final PeerRib rib;
  private final Open localOpen;
  private final Map<SessionTimer, ScheduledFuture<?>> timers = new EnumMap<>(SessionTimer.class);
  private final long[] timerGeneration = new long[SessionTimer.values().length];
  private final RateLimitedLog updateErrors = new RateLimitedLog(log, 1000);
  private final Set<Family> staleFamilies = new HashSet<>();

  /**
   * Families between the peer's BoRR and EoRR (RFC 7313 §4), each with the timer that removes its
   * stale routes should the EoRR never come.
   */
  private final Map<Family, ScheduledFuture<?>> refreshing = new HashMap<>();

  /** {@code max_prefixes} as arrays, for the warning after each UPDATE; the RIB enforces them. */
  private Family[] limitFamilies;

  private long[] limits;
  private boolean[] limitWarned;

  private Channel channel;
  private NegotiatedSession negotiated;
  private IpAddress lastPeerId;
  private boolean retainOnDown;
  private ScheduledFuture<?> staleTimer;
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
    this.rib = new PeerRib(id, interner, listener::wantsRoute, listener::onRouteEvent);
    this.localOpen = OpenNegotiation.localOpen(speaker, settings);
    limits(settings.maxPrefixes());
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
    return rib;
  }

  SessionState state() {
    return fsm.state();
  }

  PeerStatus status() {
    return new PeerStatus(
        id,
        fsm.state(),
        establishedAt,
        rib.size(Afi.IPV4),
        rib.size(Afi.IPV6),
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
    cancelStaleTimer();
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
    limits(next.maxPrefixes());
    if (fsm.state() != SessionState.ESTABLISHED) {
      return false;
    }
    for (int i = 0; i < limitFamilies.length; i++) {
      int held = rib.size(limitFamilies[i].afi());
      if (held > limits[i]) {
        maximumPrefixesReached(limitFamilies[i], held);
        return false;
      }
    }
    warnMaxPrefixes();
    return true;
  }

  /** {@code max_prefixes} into the arrays of the warning and into the Adj-RIB-In's limits. */
  private void limits(Map<Family, Long> maxPrefixes) {
    limitFamilies = maxPrefixes.keySet().toArray(Family[]::new);
    limits = new long[limitFamilies.length];
    limitWarned = new boolean[limits.length];
    rib.limit(Afi.IPV4, Long.MAX_VALUE);
    rib.limit(Afi.IPV6, Long.MAX_VALUE);
    for (int i = 0; i < limits.length; i++) {
      limits[i] = maxPrefixes.get(limitFamilies[i]);
      rib.limit(limitFamilies[i].afi(), limits[i]);
    }
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
   * A TCP connection with the peer is up (accepted, or ours connected). Adopted when the FSM has
   * none; otherwise connection collision, RFC 4271 §6.8: against an Established session the new
   * connection is closed with Cease 6/7, unless the peer advertised Graceful Restart, whose new
   * connection means it restarted (RFC 4724 §4.2); in OpenConfirm the higher BGP Identifier keeps
   * its connection; in OpenSent (the peer's identifier not yet known on this connection) the last
   * known identifier decides, and without one the existing connection stays.
   */
  void connected(Channel ch) {
    if (channel == null
        && (fsm.state() == SessionState.ACTIVE || fsm.state() == SessionState.CONNECT)) {
      channel = ch;
      run(fsm.tcpConnected());
      return;
    }
    switch (fsm.state()) {
      case ESTABLISHED -> {
        if (negotiated.gracefulRestart() != null) {
          log.info(
              "peer {}: new connection while Established with graceful restart: peer restarted",
              id);
          retainOnDown = true;
          run(fsm.tcpConnectionFails());
          if (channel == null && fsm.state() == SessionState.ACTIVE) {
            channel = ch;
            run(fsm.tcpConnected());
            return;
          }
        }
        refuse(ch, NotificationError.CONNECTION_COLLISION_RESOLUTION);
      }
      case OPEN_SENT, OPEN_CONFIRM -> {
        IpAddress remote = negotiated != null ? negotiated.peerId() : lastPeerId;
        boolean remoteWins =
            remote != null
                && Integer.compareUnsigned(speaker.routerId().ipv4Address(), remote.ipv4Address())
                    < 0;
        if (!remoteWins) {
          refuse(ch, NotificationError.CONNECTION_COLLISION_RESOLUTION);
          return;
        }
        log.info(
            "peer {}: connection collision, BGP identifier {} > ours: keeping the new connection",
            id,
            remote);
        run(fsm.openCollisionDump());
        if (channel == null && fsm.state() == SessionState.ACTIVE) {
          channel = ch;
          run(fsm.tcpConnected());
        } else {
          refuse(ch, NotificationError.CONNECTION_COLLISION_RESOLUTION);
        }
      }
      case IDLE, CONNECT, ACTIVE -> refuse(ch, NotificationError.CONNECTION_REJECTED);
    }
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
          apply(r);
          warnMaxPrefixes();
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
   * {@code max_prefixes} exceeded: {@code family} would hold {@code routes} (paths, with ADD-PATH),
   * more than its limit. Closes the session with Cease/Maximum Number of Prefixes Reached, data
   * AFI, SAFI and the upper bound (RFC 4486 §4); the routes go with the session.
   */
  private void maximumPrefixesReached(Family family, long routes) {
    long limit = settings.maxPrefixes().get(family);
    lastError =
        "sent " + NotificationError.MAXIMUM_NUMBER_OF_PREFIXES_REACHED + ": " + routes + " " + family
            + " routes, max_prefixes " + limit;
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

  /**
   * A warning when a family reaches {@link #MAX_PREFIXES_WARNING_PERCENT}% of its {@code
   * max_prefixes}, again only after it fell below 80%; checked after each UPDATE.
   */
  private void warnMaxPrefixes() {
    if (fsm.state() != SessionState.ESTABLISHED) {
      return;
    }
    for (int i = 0; i < limitFamilies.length; i++) {
      Family f = limitFamilies[i];
      long limit = limits[i];
      int n = rib.size(f.afi());
      if ((long) n * 100 >= limit * MAX_PREFIXES_WARNING_PERCENT && !limitWarned[i]) {
        limitWarned[i] = true;
        log.warn(
            "peer {}: {} {} routes, {}% of max_prefixes {}",
            id,
            n,
            f,
            (long) n * 100 / limit,
            limit);
      } else if ((long) n * 100 < limit * 80) {
        limitWarned[i] = false;
      }
    }
  }

  private void apply(ReceivedUpdate received) {
    UpdateResult r = received.result();
    Instant now = clock.instant();
    for (DecodeIssue issue : r.issues()) {
      listener.onUpdateError(id, r.action(), issue);
      updateErrors.warn("peer {}: UPDATE error, {}", id, issue);
    }
    if (r.action() == ErrorAction.SESSION_RESET) {
      DecodeIssue cause =
          r.issues().stream()
              .filter(i -> i.action() == ErrorAction.SESSION_RESET)
              .findFirst()
              .orElseThrow();
      lastError = "sent " + cause.error() + ": " + cause.text();
      run(fsm.messageError(cause.error(), cause.data(), "UPDATE error: " + cause.text()));
      return;
    }
    Update u = r.update();
    Family eor = u.endOfRibFamily();
    if (eor != null) {
      endOfRib(eor, now);
      return;
    }
    for (Family f : r.disabledFamilies()) {
      flush(f, now);
    }
    if (r.action() == ErrorAction.NONE || r.action() == ErrorAction.ATTRIBUTE_DISCARD) {
      applyClean(u, received, now);
      return;
    }
    r.routesToWithdraw().forEach((family, nlri) -> withdraw(family, nlri, now));
    for (Map.Entry<Family, List<Nlri>> e : r.routesToAnnounce().entrySet()) {
      Family family = e.getKey();
      if (negotiated.families().contains(family)
          && !announce(e.getValue(), null, u.attributes(), family, u.announced() == e.getValue(), now)) {
        return;
      }
    }
  }

  /**
   * An UPDATE without errors (or with discarded attributes only): the fields and MP attributes as
   * they are, no intermediate maps; the routes get the sets cut from the wire when the decoder had
   * them (no issues), else the decoded sets.
   */
  private void applyClean(Update u, ReceivedUpdate received, Instant now) {
    // A clean UPDATE has at most one of each MP attribute (RFC 7606 §3(g): a repeat is a reset).
    withdraw(Family.IPV4_UNICAST, u.withdrawn(), now);
    PathAttribute.MpUnreachNlri unreach = u.attributes().find(PathAttribute.MpUnreachNlri.class);
    if (unreach != null) {
      withdraw(unreach.family(), unreach.withdrawn(), now);
    }
    if (!u.announced().isEmpty()
        && negotiated.families().contains(Family.IPV4_UNICAST)
        && !announce(u.announced(), received.nlriAttributes(), u.attributes(), Family.IPV4_UNICAST, true, now)) {
      return;
    }
    PathAttribute.MpReachNlri reach = u.attributes().find(PathAttribute.MpReachNlri.class);
    if (reach != null && !reach.nlri().isEmpty() && negotiated.families().contains(reach.family())) {
      announce(reach.nlri(), received.mpAttributes(), u.attributes(), reach.family(), false, now);
    }
  }

  /**
   * Installs {@code nlri} with {@code stored}, or with the decoded set when that is null. The first
   * route the Adj-RIB-In refuses (beyond {@code max_prefixes}) closes the session and ends the
   * loop: the routes after it are neither kept nor reported.
   *
   * @return false when the session was closed
   */
  private boolean announce(
      List<Nlri> nlri, byte[] stored, PathAttributes all, Family family, boolean nlriField, Instant now) {
    if (stored != null) {
      for (Nlri n : nlri) {
        if (!rib.announce(n.prefix(), n.pathId(), stored, now)) {
          return refused(family);
        }
      }
      return true;
    }
    PathAttributes attrs = ribAttributes(all, family, nlriField);
    for (Nlri n : nlri) {
      if (!rib.announce(n.prefix(), n.pathId(), attrs, now)) {
        return refused(family);
      }
    }
    return true;
  }

  /** The Adj-RIB-In refused a route of {@code family}: one beyond its limit; returns false. */
  private boolean refused(Family family) {
    maximumPrefixesReached(family, rib.size(family.afi()) + 1L);
    return false;
  }

  private void withdraw(Family family, List<Nlri> nlri, Instant now) {
    if (!nlri.isEmpty() && negotiated.families().contains(family)) {
      for (Nlri n : nlri) {
        rib.withdraw(n.prefix(), n.pathId(), now);
      }
    }
  }

  /**
   * The attributes a route keeps: without MP_UNREACH_NLRI, and with MP_REACH_NLRI only for routes
   * of its family, stripped of the NLRI (the next hop stays: the API shows it).
   */
  static PathAttributes ribAttributes(PathAttributes attrs, Family family, boolean nlriField) {
    List<PathAttribute> out = new ArrayList<>(attrs.size());
    byte[] flags = new byte[attrs.size()];
    List<PathAttribute> list = attrs.list();
    boolean changed = false;
    for (int i = 0; i < list.size(); i++) {
      PathAttribute a = list.get(i);
      if (a instanceof PathAttribute.MpUnreachNlri
          || (a instanceof PathAttribute.MpReachNlri r
              && (nlriField || !r.family().equals(family)))) {
        changed = true;
        continue;
      }
      if (a instanceof PathAttribute.MpReachNlri r) {
        a =
            new PathAttribute.MpReachNlri(
                r.family(), r.nextHops(), r.rawNextHop(), List.of(), OpaqueBytes.EMPTY);
        changed = true;
      }
      flags[out.size()] = (byte) attrs.flags(i);
      out.add(a);
    }
    if (!changed) {
      return attrs;
    }
    return new PathAttributes(out, Arrays.copyOf(flags, out.size()), attrs.asPath());
  }

  private void endOfRib(Family family, Instant now) {
    listener.onPeerEvent(new PeerEvent.EndOfRib(id, family, now));
    if (staleFamilies.remove(family)) {
      int swept = rib.sweepStale(family.afi(), now);
      log.info("peer {}: End-of-RIB for {}, {} stale routes removed", id, family, swept);
      if (staleFamilies.isEmpty()) {
        cancelStaleTimer();
      }
    }
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
      log.info("peer {}: ROUTE-REFRESH for {}, not a negotiated family: ignored", id, family);
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
        if (!enhanced || staleFamilies.contains(family)) {
          log.info("peer {}: BoRR for {} {}: ignored", id, family,
              enhanced ? "before End-of-RIB after a graceful restart" : "without enhanced route refresh");
          return;
        }
        cancelRefreshTimer(family);
        int marked = rib.markStale(family.afi());
        refreshing.put(family, loop.schedule(() -> refreshTimerExpires(family), STALE_LIMIT_SECONDS, TimeUnit.SECONDS));
        log.info("peer {}: BoRR for {}, {} routes marked stale until EoRR", id, family, marked);
      }
      case RouteRefresh.END_OF_ROUTE_REFRESH -> {
        if (!enhanced || !refreshing.containsKey(family)) {
          log.info("peer {}: EoRR for {} without a BoRR before it: ignored", id, family);
          return;
        }
        cancelRefreshTimer(family);
        int swept = rib.sweepStale(family.afi(), clock.instant());
        log.info("peer {}: EoRR for {}, {} routes not sent again removed", id, family, swept);
      }
      default -> log.info("peer {}: ROUTE-REFRESH subtype {} for {}: ignored (RFC 7313 §5)", id, r.subtype(), family);
    }
  }

  private void refreshTimerExpires(Family family) {
    if (refreshing.remove(family) == null) {
      return;
    }
    int swept = rib.sweepStale(family.afi(), clock.instant());
    log.warn("peer {}: no EoRR for {} within {} s of its BoRR, {} stale routes removed", id, family,
        STALE_LIMIT_SECONDS, swept);
  }

  private void cancelRefreshTimer(Family family) {
    ScheduledFuture<?> t = refreshing.remove(family);
    if (t != null) {
      t.cancel(false);
    }
  }

  private void flush(Family family, Instant now) {
    if (family.afi().equals(Afi.IPV4) || family.afi().equals(Afi.IPV6)) {
      rib.markStale(family.afi());
      rib.sweepStale(family.afi(), now);
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
    Instant now = clock.instant();
    establishedAt = now;
    lastError = null;
    cancelStaleTimer();
    Capability.GracefulRestart gr = negotiated.gracefulRestart();
    Set<Family> keep = new HashSet<>();
    if (gr != null) {
      for (Capability.GracefulRestart.Entry e : gr.families()) {
        if ((e.flags() & 0x80) != 0) {
          keep.add(e.family()); // RFC 4724 §4.2: forwarding state preserved
        }
      }
    }
    for (Family f : Set.copyOf(staleFamilies)) {
      if (!keep.contains(f) || !negotiated.families().contains(f)) {
        staleFamilies.remove(f);
        rib.sweepStale(f.afi(), now);
      }
    }
    if (!staleFamilies.isEmpty()) {
      staleTimer = loop.schedule(this::staleTimerExpires, STALE_LIMIT_SECONDS, TimeUnit.SECONDS);
    }
    listener.onPeerEvent(new PeerEvent.Established(id, now));
    for (Family f : List.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST)) {
      if (negotiated.families().contains(f)) {
        send(Update.endOfRib(f)); // RFC 4724 §2: our (empty) initial table is complete
      }
    }
  }

  private void down(String reason) {
    Instant now = clock.instant();
    establishedAt = null;
    refreshing.values().forEach(t -> t.cancel(false)); // a refresh under way ends with the session
    refreshing.clear();
    listener.onPeerEvent(new PeerEvent.Down(id, reason, now));
    Capability.GracefulRestart gr = negotiated == null ? null : negotiated.gracefulRestart();
    if (retainOnDown && gr != null && gr.restartTime() > 0) {
      for (Capability.GracefulRestart.Entry e : gr.families()) {
        if (negotiated.families().contains(e.family()) && staleFamilies.add(e.family())) {
          rib.markStale(e.family().afi());
        }
      }
      for (Family f : negotiated.families()) {
        if (!staleFamilies.contains(f)) {
          flush(f, now);
        }
      }
      if (!staleFamilies.isEmpty()) {
        log.info(
            "peer {}: graceful restart, keeping {} routes stale for {} s",
            id,
            rib.size(),
            gr.restartTime());
        cancelStaleTimer();
        staleTimer = loop.schedule(this::staleTimerExpires, gr.restartTime(), TimeUnit.SECONDS);
        negotiated = null;
        return;
      }
    }
    staleFamilies.clear();
    rib.clear(now);
    negotiated = null;
  }

  private void staleTimerExpires() {
    staleTimer = null;
    Instant now = clock.instant();
    for (Family f : Set.copyOf(staleFamilies)) {
      int swept = rib.sweepStale(f.afi(), now);
      log.info("peer {}: graceful restart time over, {} stale {} routes removed", id, swept, f);
    }
    staleFamilies.clear();
  }

  private void cancelStaleTimer() {
    if (staleTimer != null) {
      staleTimer.cancel(false);
      staleTimer = null;
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

  private void refuse(Channel ch, NotificationError error) {
    log.info(
        "peer {}: refusing a further connection from {} in {} ({})",
        id,
        ch.remoteAddress(),
        fsm.state(),
        error);
    ByteBuf buf = ch.alloc().buffer();
    BgpMessageCodec.encode(Notification.of(error, OpaqueBytes.EMPTY), DecodeContext.DEFAULT, buf);
    ch.writeAndFlush(buf).addListener(ChannelFutureListener.CLOSE);
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
