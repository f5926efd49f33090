package org.bgpsentry.daemon.bmp;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.analytics.rib.AttributeInterner;
import org.bgpsentry.codec.bmp.BmpMessage;
import org.bgpsentry.codec.bmp.BmpPeerContext;
import org.bgpsentry.codec.bmp.InformationTlv;
import org.bgpsentry.codec.bmp.PerPeerHeader;
import org.bgpsentry.codec.bmp.Rib;
import org.bgpsentry.codec.bmp.Statistic;
import org.bgpsentry.codec.error.UpdateResult;
import org.bgpsentry.codec.model.nlri.Afi;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.wire.DecodeContext;
import org.bgpsentry.daemon.config.BmpConfig;
import org.bgpsentry.daemon.ingest.AdjRibIn;
import org.bgpsentry.daemon.ingest.IngestListener;
import org.bgpsentry.daemon.ingest.IngestOutcome;
import org.bgpsentry.daemon.ingest.ReceivedUpdate;
import org.bgpsentry.daemon.logging.RateLimitedLog;
import org.bgpsentry.daemon.metrics.BmpMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured router of the BMP station (docs/operators-guide.md "Monitoring routers with BMP"): its connection, what its Initiation
 * and Statistics Reports said, and its monitored peers with their views. Every method runs on the
 * station's event loop; no locks.
 *
 * <p>Lifecycle. A Peer Up records the peer's decode context ({@link BmpPeerContext}); its views
 * come with its first Route Monitoring message per RIB and go with its Peer Down ({@code
 * peer_down} for it, its routes withdrawn). A Route Monitoring message for a peer without Peer Up
 * (GoBGP's Loc-RIB) makes the peer with a context from the per-peer header alone, logged once. A
 * lost connection keeps every view's routes, stale, for {@code stale_after}: a view the router
 * sends again after reconnecting clears them at its End-of-RIB (or the stale time sweeps what was
 * not sent again); a peer the router has not reported again by then is down. A peer down (Peer
 * Down, or not back within {@code stale_after}) that the router has not reported again {@code
 * stale_after} after its Peer Down is gone: its per-peer series leave {@code /metrics}; one back
 * sooner (a flap) keeps them, its counters monotonic. A second connection
 * from the router replaces the first (a router that restarted before its old connection timed
 * out).
 */
final class BmpRouter {
  private static final Logger log = LoggerFactory.getLogger(BmpRouter.class);
  private static final Set<Family> ALL = Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST);

  /**
   * What the station shares with its routers.
   *
   * @param detecting the listener of the views of {@code detect}
   * @param counting the listener of the other views (kept and shown, not detected on)
   */
  record Shared(
      AttributeInterner interner,
      Clock clock,
      BmpMetrics metrics,
      Set<Rib> detect,
      Duration staleAfter,
      IngestListener detecting,
      IngestListener counting) {}

  final BmpConfig.Router config;
  private final EventLoop loop;
  /** Replaced by a reload ({@link #reconfigure}). */
  private Shared shared;
  private final Map<MonitoredPeer.Key, MonitoredPeer> peers = new LinkedHashMap<>();
  private final RateLimitedLog malformedLog = new RateLimitedLog(log, 10_000);
  /** Statistics Reports: peer name -> stat type -> latest value. */
  private final Map<String, Map<Integer, Long>> statistics = new HashMap<>();
  private final Set<String> saidOnce = new HashSet<>();
  /** Every view, for readers on other threads (the routes gauge); changed on the event loop. */
  private final List<BmpView> allViews = new java.util.concurrent.CopyOnWriteArrayList<>();

  private Channel channel;
  private Instant connectedAt;
  private String sysName;
  private String sysDescr;
  /** The router's own AS, from a sent OPEN of a Peer Up or a Loc-RIB per-peer header; -1 unknown. */
  private long routerAsn = -1;

  private ScheduledFuture<?> staleDeadline;
  /** Peers down by Peer Down whose series go unless they are back by then, with their series' names. */
  private final Map<MonitoredPeer.Key, Forget> forgetting = new HashMap<>();

  private record Forget(List<String> names, ScheduledFuture<?> task) {}

  BmpRouter(BmpConfig.Router config, EventLoop loop, Shared shared) {
    this.config = config;
    this.loop = loop;
    this.shared = shared;
  }

  String name() {
    return config.name();
  }

  EventLoop loop() {
    return loop;
  }

  boolean connected() {
    return channel != null;
  }

  /** The decode context of a monitored peer's Route Monitoring messages (the frame decoder's). */
  DecodeContext decodeContext(PerPeerHeader h) {
    MonitoredPeer p = peers.get(key(h));
    return p == null ? BmpPeerContext.NONE.decodeContext(h) : p.decodeContext(h);
  }

  /** A connection from (or to) the router is up; one that was up before is closed. */
  void connected(Channel ch) {
    if (channel != null) {
      Channel old = channel;
      log.info("BMP router {}: new connection from {} replaces the one from {}", name(), ch.remoteAddress(),
          old.remoteAddress());
      lost("replaced by a new connection");
      old.close();
    }
    channel = ch;
    connectedAt = shared.clock().instant();
    shared.metrics().routerUp(name(), true);
    log.info("BMP router {}: connected ({})", name(), ch.remoteAddress());
  }

  /** The router's connection {@code ch} closed (or failed). */
  void closed(Channel ch, String why) {
    if (ch != channel) {
      return;
    }
    log.warn("BMP router {}: connection lost ({}); its routes stay for {} s", name(), why,
        shared.staleAfter().toSeconds());
    lost(why);
  }

  private void lost(String why) {
    channel = null;
    connectedAt = null;
    shared.metrics().routerUp(name(), false);
    for (MonitoredPeer p : peers.values()) {
      p.seen = false;
      for (BmpView v : p.views.values()) {
        v.adj().staleUntilEndOfRib(v.families(), shared.staleAfter());
      }
    }
    if (staleDeadline != null) {
      staleDeadline.cancel(false);
    }
    staleDeadline =
        loop.schedule(() -> staleTimeOver(why), shared.staleAfter().toNanos(), TimeUnit.NANOSECONDS);
  }

  /** {@code stale_after} since the connection was lost: peers not reported again are down. */
  private void staleTimeOver(String why) {
    staleDeadline = null;
    for (Iterator<MonitoredPeer> it = peers.values().iterator(); it.hasNext(); ) {
      MonitoredPeer p = it.next();
      if (!p.seen) {
        it.remove();
        List<String> names = seriesNames(p);
        down(p, "BMP connection to router " + name() + " lost (" + why + ") and not back within stale_after");
        shared.metrics().removePeers(names);
      }
    }
  }

  /** A message decoded from the router's connection {@code ch}. */
  void received(Channel ch, BmpMessage m) {
    if (ch != channel) {
      return;
    }
    shared.metrics().message(name(), m.type().code());
    switch (m) {
      case BmpMessage.RouteMonitoring rm -> routeMonitoring(rm, new ReceivedUpdate(rm.update(), null, null));
      case BmpMessage.PeerUp up -> peerUp(up);
      case BmpMessage.PeerDown down -> peerDown(down);
      case BmpMessage.StatisticsReport s -> statistics(s);
      case BmpMessage.Initiation i -> {
        sysName = i.sysName();
        sysDescr = i.sysDescr();
        log.info("BMP router {}: Initiation, sysName {}, sysDescr {}", name(), sysName, sysDescr);
      }
      case BmpMessage.Termination t ->
          log.info("BMP router {}: Termination, reason {} {}", name(), t.reason(),
              InformationTlv.find(t.tlvs(), InformationTlv.STRING));
      case BmpMessage.RouteMirroring r -> {}
    }
  }

  /**
   * A well-framed message whose body did not decode, or of an unknown type: skipped, counted,
   * logged (rate-limited).
   */
  void malformed(Channel ch, BmpFrameDecoder.Malformed m) {
    if (ch != channel) {
      return;
    }
    if (m.type() != null) {
      shared.metrics().message(name(), m.type().code());
    }
    shared.metrics().error(name(), "malformed");
    malformedLog.warn("BMP router {}: malformed {} skipped: {}", name(), m.type() == null ? "message" : m.type(),
        m.reason());
  }

  /** The connection's framing broke: counted; the handler closes it. */
  void framingError() {
    shared.metrics().error(name(), "framing");
  }

  private void peerUp(BmpMessage.PeerUp up) {
    MonitoredPeer p = peer(up.peer(), up.tableName());
    p.context(BmpPeerContext.of(up));
    p.seen = true;
    if (routerAsn < 0) {
      routerAsn = p.context().routerAsn();
    }
    if (!p.context().complete()) {
      once(p.name + "|header-only", "BMP router {}: Peer Up of {} without both OPENs (header-only): 4-octet AS"
          + " from the A flag, no ADD-PATH, every family", name(), p.name);
    }
    log.info("BMP router {}: Peer Up {} AS{}", name(), p.name, p.asn);
  }

  private void peerDown(BmpMessage.PeerDown d) {
    MonitoredPeer p = peers.remove(key(d.peer()));
    if (p == null) {
      log.debug("BMP router {}: Peer Down (reason {}) of {}, a peer never up", name(), d.reason(), d.peer().address());
      return;
    }
    String reason = "BMP Peer Down, reason " + d.reason()
        + (d.notification() != null ? " " + d.notification() : "")
        + (d.fsmEvent() >= 0 ? " FSM event " + d.fsmEvent() : "");
    log.info("BMP router {}: {} for {}", name(), reason, p.name);
    List<String> names = seriesNames(p);
    down(p, reason);
    forgetLater(p.key, names);
  }

  /** The names of a peer's series: its Statistics Report gauges' and its views'. */
  private static List<String> seriesNames(MonitoredPeer p) {
    List<String> names = new ArrayList<>();
    names.add(p.name);
    p.views.values().forEach(v -> names.add(v.adj().peer().name()));
    return names;
  }

  /** {@code stale_after} from now, the series of the peer {@code k} go unless it is back. */
  private void forgetLater(MonitoredPeer.Key k, List<String> names) {
    Forget before = forgetting.remove(k);
    List<String> all = new ArrayList<>(names);
    if (before != null) {
      before.task().cancel(false);
      before.names().stream().filter(n -> !all.contains(n)).forEach(all::add);
    }
    ScheduledFuture<?> task = loop.schedule(() -> {
      if (forgetting.remove(k) != null && !peers.containsKey(k)) {
        shared.metrics().removePeers(all);
      }
    }, shared.staleAfter().toNanos(), TimeUnit.NANOSECONDS);
    forgetting.put(k, new Forget(all, task));
  }

  /** Every peer down now loses its series (the router leaves or resets its views). */
  private void forgetNow() {
    forgetting.values().forEach(f -> {
      f.task().cancel(false);
      shared.metrics().removePeers(f.names());
    });
    forgetting.clear();
  }

  private void down(MonitoredPeer p, String reason) {
    for (BmpView v : p.views.values()) {
      v.adj().down(reason);
      v.adj().cancelDeadlines();
      allViews.remove(v);
    }
    p.views.clear();
    statistics.remove(p.name);
  }

  /** A Route Monitoring message from {@code ch}, with its UPDATE as the frame decoder cut it. */
  void routeMonitoring(Channel ch, BmpMessage.RouteMonitoring rm, ReceivedUpdate wire) {
    if (ch != channel) {
      return;
    }
    shared.metrics().message(name(), rm.type().code());
    routeMonitoring(rm, wire);
  }

  private void routeMonitoring(BmpMessage.RouteMonitoring rm, ReceivedUpdate wire) {
    PerPeerHeader h = rm.peer();
    MonitoredPeer p = peers.get(key(h));
    if (p == null) {
      p = peer(h, null);
      once(p.name + "|no-peer-up", "BMP router {}: Route Monitoring for {} without a Peer Up: 4-octet AS from the"
          + " A flag, no ADD-PATH, every family", name(), p.name);
    }
    p.seen = true;
    if (h.locRib() && routerAsn < 0) {
      routerAsn = h.peerAs(); // RFC 9069 §4.1: the Loc-RIB peer AS is the router's own
    }
    Rib rib = h.rib();
    BmpView v = p.views.get(rib);
    if (v == null) {
      v = view(p, rib);
      p.views.put(rib, v);
      allViews.add(v);
    }
    ReceivedUpdate r = wire;
    boolean adjRibIn = rib == Rib.ADJ_RIB_IN_PRE || rib == Rib.ADJ_RIB_IN_POST;
    if (adjRibIn && routerAsn < 0) {
      learnRouterAsn(wire.result(), p.asn);
    }
    if (adjRibIn && routerAsn >= 0 && p.asn != routerAsn) {
      UpdateResult corrected = AsPathCorrection.strip(wire.result(), routerAsn);
      if (corrected != wire.result()) {
        shared.metrics().asPathCorrection(name());
        once("as-path-correction", "BMP router {}: AS_PATHs of eBGP routes start with the router's own AS{}"
            + " (a BMP exporter bug, FRR before 10.7): removed and counted in bgpsentry_bmp_as_path_corrections_total",
            name(), routerAsn);
        r = new ReceivedUpdate(corrected, null, null); // the sets cut from the wire carry the wrong path
      }
    }
    if (v.adj().apply(r) instanceof IngestOutcome.SessionReset reset) {
      // A BGP speaker would reset the session; the station cannot, and changes nothing.
      malformedLog.warn("BMP router {}: UPDATE for {} {} unusable ({}): ignored", name(), p.name, rib.id(),
          reset.cause().text());
    }
  }

  /**
   * The router's AS when no Peer Up told it (header-only OPENs): an eBGP neighbour's path starts
   * with the neighbour's AS (RFC 4271 §5.1.2), so an AS before it, on a path whose second AS is the
   * neighbour's, was put there by the router's BMP export (FRR before 10.7).
   */
  private void learnRouterAsn(UpdateResult r, long peerAs) {
    org.bgpsentry.codec.model.attr.PathAttribute.AsPath path = r.update().attributes().asPath();
    if (path == null || path.segments().isEmpty()) {
      return;
    }
    org.bgpsentry.codec.model.attr.AsPathSegment first = path.segments().get(0);
    if (first.type() == org.bgpsentry.codec.model.attr.SegmentType.AS_SEQUENCE && first.size() >= 2
        && first.asn(0) != peerAs && first.asn(1) == peerAs) {
      routerAsn = first.asn(0);
      log.info("BMP router {}: its own AS taken to be AS{}, which leads the AS_PATHs of its eBGP neighbour AS{}"
          + " (no OPEN in its Peer Up)", name(), routerAsn, peerAs);
    }
  }

  private BmpView view(MonitoredPeer p, Rib rib) {
    boolean detect = shared.detect().contains(rib);
    Set<Family> families = p.context().families() == null ? ALL : p.context().families();
    PeerId id = new PeerId(detectionName(p.name, rib), p.key.address(), p.asn, PeerId.Source.BMP);
    AdjRibIn adj = new AdjRibIn(id, shared.interner(), detect ? shared.detecting() : shared.counting(), loop, shared.clock());
    long receiving = p.context().routerAsn() >= 0 ? p.context().routerAsn() : routerAsn;
    adj.up(families, Set.of(), Duration.ZERO, receiving);
    log.info("BMP router {}: view {} {} ({})", name(), p.name, rib.id(), detect ? "detection" : "kept, not in detect");
    return new BmpView(p.name, rib, adj, detect, families);
  }

  /**
   * The name a view has in detection and alerts: the peer's name for its first RIB in {@code
   * detect} order (Adj-RIB-In pre-policy by default) and for a Loc-RIB, which is a peer of its
   * own; other views of the same peer get {@code #<rib>} so that detection counts them apart.
   */
  private String detectionName(String peerName, Rib rib) {
    if (rib == Rib.LOC_RIB) {
      return peerName;
    }
    for (Rib r : Rib.values()) {
      if (r != Rib.LOC_RIB && shared.detect().contains(r)) {
        return r == rib ? peerName : peerName + "#" + rib.id();
      }
    }
    return rib == Rib.ADJ_RIB_IN_PRE ? peerName : peerName + "#" + rib.id();
  }

  private void statistics(BmpMessage.StatisticsReport s) {
    MonitoredPeer p = peers.get(key(s.peer()));
    String peerName = p != null ? p.name : peerName(s.peer(), null);
    Map<Integer, Long> byType = statistics.computeIfAbsent(peerName, k -> new java.util.TreeMap<>());
    for (Statistic st : s.stats()) {
      if (st.numeric() && st.family() == null) {
        byType.put(st.type(), st.value());
        shared.metrics().statistic(name(), peerName, st.type(), st.value());
      }
    }
  }

  private MonitoredPeer peer(PerPeerHeader h, String tableName) {
    MonitoredPeer.Key k = key(h);
    MonitoredPeer p = peers.get(k);
    if (p == null) {
      p = new MonitoredPeer(k, peerName(h, tableName), h.peerAs());
      peers.put(k, p);
      Forget f = forgetting.remove(k); // back from a Peer Down: a flap, its series stay
      if (f != null) {
        f.task().cancel(false);
      }
    }
    return p;
  }

  private static MonitoredPeer.Key key(PerPeerHeader h) {
    return new MonitoredPeer.Key(h.peerType(), h.distinguisher(), h.locRib() ? IpAddress.ipv4(0) : h.address());
  }

  /**
   * docs/operators-guide.md "Monitoring routers with BMP": {@code <router>:<peer address>[:<peer distinguisher>]}, {@code
   * <router>:loc-rib[:<table name>]}.
   */
  String peerName(PerPeerHeader h, String tableName) {
    if (h.locRib()) {
      return name() + ":loc-rib" + (tableName == null || tableName.isEmpty() ? "" : ":" + tableName);
    }
    return name() + ":" + h.address() + (h.distinguisher() == 0 ? "" : ":" + distinguisher(h.distinguisher()));
  }

  /** A Peer Distinguisher as a route distinguisher (RFC 4364 §4.2 types 0-2), else hex. */
  static String distinguisher(long d) {
    int type = (int) (d >>> 48);
    return switch (type) {
      case 0 -> ((d >>> 32) & 0xffff) + ":" + (d & 0xffffffffL);
      case 1 -> IpAddress.ipv4((int) (d >>> 16)) + ":" + (d & 0xffff);
      case 2 -> ((d >>> 16) & 0xffffffffL) + ":" + (d & 0xffff);
      default -> String.format("%016x", d);
    };
  }

  private void once(String key, String format, Object... args) {
    if (saidOnce.add(key)) {
      log.info(format, args);
    }
  }

  /** Routes held by the views of {@code rib} in {@code afi}: for the gauge (a racy read is fine). */
  long routes(Rib rib, Afi afi) {
    long n = 0;
    for (BmpView v : allViews) {
      if (v.rib() == rib) {
        n += v.adj().rib().size(afi);
      }
    }
    return n;
  }

  /** Every view, for the API (on the event loop). */
  List<BmpView> views() {
    List<BmpView> out = new ArrayList<>();
    peers.values().forEach(p -> out.addAll(p.views.values()));
    return out;
  }

  /** The router's status for {@code /api/v1/routers} (on the event loop). */
  org.bgpsentry.daemon.http.RouterStatus status(Instant now) {
    long routes = 0;
    for (BmpView v : views()) {
      routes += v.adj().rib().size();
    }
    return new org.bgpsentry.daemon.http.RouterStatus(
        name(),
        config.address().toString(),
        channel != null ? "up" : "down",
        connectedAt == null ? 0 : Duration.between(connectedAt, now).toSeconds(),
        sysName,
        sysDescr,
        peers.size(),
        routes);
  }

  Instant connectedAt() {
    return connectedAt;
  }

  /** The station stops: deadlines cancelled, routes left as they are (no peer_down at shutdown). */
  /**
   * A reload's {@code detect} and {@code stale_after} (docs/operators-guide.md "Monitoring routers with BMP"). A new {@code detect}
   * changes which views feed detection and their names: every view goes down (its routes
   * withdrawn) and the connection is closed, so the router sends its tables again into views made
   * under the new {@code detect} (an active router is dialled again). A new {@code stale_after}
   * applies from the next lost connection. On the event loop.
   *
   * @return the views' peers gone (for detection to forget)
   */
  List<PeerId> reconfigure(Shared next, String why) {
    boolean reset = resetBy(next.detect());
    shared = next;
    return reset ? clear(why) : List.of();
  }

  /** Whether a reload's {@code detect} makes every view go ({@link #reconfigure}). */
  boolean resetBy(java.util.Set<Rib> detect) {
    return !detect.equals(shared.detect());
  }

  /** The router left the configuration: its views go down, its connection closes. On the event loop. */
  List<PeerId> remove(String why) {
    List<PeerId> gone = clear(why);
    stop();
    return gone;
  }

  private List<PeerId> clear(String why) {
    List<PeerId> gone = new ArrayList<>();
    for (MonitoredPeer p : peers.values()) {
      p.views.values().forEach(v -> gone.add(v.adj().peer()));
      down(p, why);
    }
    peers.clear();
    forgetNow();
    if (staleDeadline != null) {
      staleDeadline.cancel(false);
      staleDeadline = null;
    }
    if (channel != null) {
      log.info("BMP router {}: connection closed ({})", name(), why);
      channel.close();
    }
    return gone;
  }

  void stop() {
    if (staleDeadline != null) {
      staleDeadline.cancel(false);
    }
    forgetting.values().forEach(f -> f.task().cancel(false));
    peers.values().forEach(p -> p.views.values().forEach(v -> v.adj().cancelDeadlines()));
    if (channel != null) {
      channel.close();
    }
  }
}
