package org.bgpsentry.daemon;

import java.net.InetAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;
import org.bgpsentry.analytics.detect.PathView;
import org.bgpsentry.analytics.event.EventKind;
import org.bgpsentry.analytics.event.PeerEvent;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.analytics.event.RouteEvent;
import org.bgpsentry.analytics.prefix.PrefixRegistry;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.analytics.rib.AttributeInterner;
import org.bgpsentry.analytics.rib.MoreSpecificsScan;
import org.bgpsentry.analytics.rib.PeerRib;
import org.bgpsentry.analytics.rib.RibRoute;
import org.bgpsentry.codec.error.DecodeIssue;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.model.MessageType;
import org.bgpsentry.codec.model.nlri.Afi;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.daemon.config.BgpConfig;
import org.bgpsentry.daemon.config.BgpsentryConfig;
import org.bgpsentry.daemon.config.PeerConfig;
import org.bgpsentry.daemon.http.ApiViews;
import org.bgpsentry.daemon.http.PeerJson;
import org.bgpsentry.daemon.http.ReceivedRoute;
import org.bgpsentry.daemon.ingest.BmpRawFeed;
import org.bgpsentry.daemon.ingest.ReadGate;
import org.bgpsentry.daemon.metrics.BgpsentryMetrics;
import org.bgpsentry.daemon.session.PeerConnections;
import org.bgpsentry.daemon.session.PeerSettings;
import org.bgpsentry.daemon.session.PeerStatus;
import org.bgpsentry.daemon.session.SessionListener;
import org.bgpsentry.daemon.session.SessionState;
import org.bgpsentry.daemon.session.SpeakerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BGP sessions in the running daemon (docs/configuration.md {@code bgp}/{@code peers}, §8, §9): the
 * config mapped onto {@link PeerConnections}, session callbacks into the §8 metrics and into
 * detection, peers added, removed and reset one by one on reload (untouched sessions stay up),
 * and the peers and routes API views.
 *
 * <p>Threads: every callback here runs on the sessions' event loop and only counts, filters
 * (one registry trie lookup per route change) and queues; detection runs elsewhere. API reads of
 * the Adj-RIBs-In hop onto the event loop and convert the routes on the HTTP worker.
 */
public final class SessionsComponent implements DaemonComponent {
  private static final Logger LOG = LoggerFactory.getLogger(SessionsComponent.class);
  private static final long API_TIMEOUT_MS = 5_000;
  /** Table slots one slice of an API more-specifics scan reads on the event loop (under 1 ms on a full table). */
  static final int SCAN_SLOTS = 1 << 16;
  /** {@code type} label of each message type, indexed by ordinal (one lookup per message). */

  private final RouteSink detection;
  private BgpsentryMetrics metrics;
  private Clock clock;
  private PeerConnections connections;
  /**
   * Set while the daemon stops: the sessions' last events (Down, PEER_DOWN flushes) are not
   * analytics' business then. Alerts must stay as they are, so the restart restores them firing
   * (docs/alerts.md) instead of the stop resolving them and raising peer_down for every peer.
   */
  private volatile boolean stopping;
  private DetectionFeed feed;
  private BgpConfig bgp;
  private final Map<String, PeerSettings> peers = new LinkedHashMap<>();
  /** Peers whose Established session predates a hold_time change: renewed once it goes down. */
  private final Set<String> renewWhenDown = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private List<RegisteredPrefix> registry = List.of();

  /** {@code publish_bmp_raw}: where the sessions' raw messages go, or null. */
  private final BmpRawFeed raw;

  public SessionsComponent(RouteSink detection) {
    this(detection, null);
  }

  /** With {@code raw} set, every session's OPENs, UPDATEs and NOTIFICATIONs also go there as BMP. */
  public SessionsComponent(RouteSink detection, BmpRawFeed raw) {
    this.detection = detection;
    this.raw = raw;
  }

  @Override
  public synchronized void start(DaemonContext ctx, BgpsentryConfig config, List<RegisteredPrefix> reg)
      throws InterruptedException {
    this.metrics = ctx.metrics();
    this.clock = ctx.clock();
    if (config.bgp() == null) {
      return; // docs/cli.md: a BMP-only (or other-source) daemon has no BGP speaker
    }
    this.bgp = config.bgp();
    this.registry = reg;
    this.feed = new DetectionFeed(detection, metrics, true);
    for (PeerConfig p : config.peers()) {
      peers.put(p.name(), settings(p));
    }
    SpeakerSettings speaker = speaker(bgp);
    connections = new PeerConnections(speaker, List.copyOf(peers.values()), new AttributeInterner(),
        new Listener(feed), clock);
    if (raw == null) {
      detection.backpressure(connections::setReading);
    } else {
      ReadGate gate = new ReadGate(connections::setReading);
      detection.backpressure(gate.input(0));
      raw.backpressure(gate.input(1));
    }
    peers.keySet().forEach(this::peerMetrics);
    connections.start();
  }

  static SpeakerSettings speaker(BgpConfig bgp) {
    SpeakerSettings d = SpeakerSettings.of(bgp.listen(), bgp.localAsn(), bgp.routerId());
    return new SpeakerSettings(bgp.listen(), bgp.localAsn(), bgp.routerId(), bgp.holdTime(), d.connectRetry(),
        d.idleHold());
  }

  static PeerSettings settings(PeerConfig p) {
    InetAddress address;
    try {
      address = InetAddress.getByAddress(p.address().bytes());
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("peer " + p.name() + ": bad address " + p.address(), e);
    }
    return new PeerSettings(p.name(), address, p.port(), p.remoteAsn(), p.mode(), p.md5Password(), p.role(),
        p.families(), p.holdTime(), p.maxPrefixes(), p.delayOpen());
  }

  private void peerMetrics(String name) {
    metrics.sessionState(name, "idle");
    metrics.peerConfigured(name);
    IntSupplier v4 = connections.routeCounter(name, Afi.IPV4);
    IntSupplier v6 = connections.routeCounter(name, Afi.IPV6);
    metrics.routes(name, "ipv4", v4::getAsInt);
    metrics.routes(name, "ipv6", v6::getAsInt);
  }

  /**
   * Session callbacks, on the event loop: count, filter, queue; never block. The routes go through
   * the {@link DetectionFeed} every source shares; the rest is the sessions' own.
   */
  private final class Listener implements SessionListener {
    /** Its own final copy: one load per route, as when these callbacks read the component. */
    private final DetectionFeed feed;

    Listener(DetectionFeed feed) {
      this.feed = feed;
    }

    @Override
    public BmpRawFeed bmpRaw() {
      return raw;
    }

    @Override
    public void onStateChange(PeerId peer, SessionState old, SessionState next, String reason) {
      metrics.sessionState(peer.name(), PeerJson.stateName(next));
      if (old == SessionState.ESTABLISHED && next != SessionState.ESTABLISHED) {
        metrics.sessionFlap(peer.name());
        if (!stopping && renewWhenDown.remove(peer.name())) {
          // runs after this callback: the session's next OPEN carries the new hold time
          connections.renew(peer.name(), "hold time changed").whenComplete((renewed, e) -> {
            if (e != null) {
              LOG.warn("peer {}: not renewed for the new hold time: {}", peer.name(), e.toString());
            }
          });
        }
      }
    }

    @Override
    public boolean wantsRoute(Prefix prefix) {
      return feed.wantsRoute(prefix);
    }

    @Override
    public void onRouteEvent(RouteEvent event) {
      feed.onRouteEvent(event);
    }

    @Override
    public void onPeerEvent(PeerEvent event) {
      feed.onPeerEvent(event);
    }

    @Override
    public void onUpdateError(PeerId peer, ErrorAction action, DecodeIssue issue) {
      feed.onUpdateError(peer, action, issue);
    }

    @Override
    public void onMessage(PeerId peer, MessageType type) {
      metrics.messageReceived(peer.name(), BgpsentryMetrics.MESSAGE_TYPES.get(type.ordinal()));
    }

    @Override
    public void onRefusedConnection(SocketAddress remote) {
      metrics.refusedConnection();
    }
  }

  /**
   * Prepares a reloaded config by binding the new {@code bgp.listen} addresses (one that cannot be
   * bound refuses the reload, leaving the listeners as they were; {@link Reload#abort} rebinds the
   * old ones), and applies the rest when every component could prepare. {@code bgp}: new listen
   * addresses rebind the listeners (sessions stay up); a new {@code hold_time} goes into the OPEN of every session made from now on: added
   * or changed peers, sessions not Established (renewed at once) and Established ones once they
   * next go down; a new {@code local_asn} or {@code router_id} resets every session, since both
   * are in the OPEN (RFC 4271 §4.2). {@code peers}: added ones start, removed ones stop, the rest
   * stay up; a changed one is reset when the change is in our OPEN or the transport, else the
   * running session takes it over in place (soft reconfiguration, {@link PeerSettings#sameSession},
   * {@link #reconfigure}).
   */
  @Override
  public synchronized Reload prepareReload(BgpsentryConfig config, List<RegisteredPrefix> reg) throws Exception {
    if (connections == null || config.bgp() == null) {
      if ((connections == null) != (config.bgp() == null)) {
        throw new IllegalStateException("adding or removing bgp: needs a restart");
      }
      return () -> {};
    }
    BgpConfig before = bgp;
    if (config.bgp() == null) {
      throw new IllegalArgumentException("bgp removed from the config (expected: bgp stays; restart to run without it)");
    }
    if (!config.bgp().equals(before)) {
      connections.setSpeaker(speaker(config.bgp())); // binds new listen addresses or throws, changing nothing
    }
    return new Reload() {
      @Override
      public void apply() throws Exception {
        applyReload(config);
      }

      @Override
      public void abort() {
        if (!config.bgp().equals(before)) {
          try {
            connections.setSpeaker(speaker(before));
          } catch (Exception e) {
            LOG.error("reload refused, but the listeners of bgp.listen {} could not be restored: {}", before.listen(), e.toString());
          }
        }
      }
    };
  }

  private synchronized void applyReload(BgpsentryConfig config) throws Exception {
    BgpConfig next = config.bgp();
    boolean identity = next.localAsn() != bgp.localAsn() || !next.routerId().equals(bgp.routerId());
    boolean hold = !next.holdTime().equals(bgp.holdTime());
    if (!next.equals(bgp)) {
      BgpConfig before = bgp;
      bgp = next;
      if (!next.listen().equals(before.listen())) {
        LOG.info("bgp.listen now {} (was {}): listeners rebound, sessions untouched", next.listen(), before.listen());
      }
      if (identity) {
        LOG.warn("bgp.local_asn/router_id changed (AS{} {} -> AS{} {}): resetting every session, both are in the OPEN",
            before.localAsn(), before.routerId(), next.localAsn(), next.routerId());
      } else if (hold) {
        LOG.info("bgp.hold_time now {} (was {}): applies to new sessions; established ones keep theirs until they next go down",
            next.holdTime(), before.holdTime());
      }
    }
    Map<String, PeerSettings> wanted = new LinkedHashMap<>();
    for (PeerConfig p : config.peers()) {
      wanted.put(p.name(), settings(p));
    }
    for (String name : new ArrayList<>(peers.keySet())) {
      PeerSettings now = wanted.get(name);
      PeerSettings was = peers.get(name);
      if (!identity && now != null && !was.equals(now) && was.sameSession(now)) {
        reconfigure(was, now);
        peers.put(name, now);
        continue;
      }
      if (identity || !was.equals(now)) {
        String why = now == null ? "peer removed from the configuration"
            : identity ? "local AS or BGP identifier changed" : "peer configuration changed";
        // detection first: the Down of the session stopped here is no peer_down
        detection.peerRemoved(new PeerId(name,
            org.bgpsentry.codec.model.nlri.IpAddress.of(was.address().getAddress()), was.remoteAsn()));
        await(connections.removePeer(name, why));
        renewWhenDown.remove(name);
        peers.remove(name);
        metrics.removePeer(name);
        LOG.info("peer {}: stopped ({})", name, why);
      }
    }
    if (hold && !identity) {
      for (String name : peers.keySet()) {
        if (!await(connections.renew(name, "hold time changed"))) {
          renewWhenDown.add(name); // Established: keeps its hold time until it next goes down
        }
      }
    }
    for (PeerSettings p : wanted.values()) {
      if (!peers.containsKey(p.name())) {
        await(connections.addPeer(p));
        peers.put(p.name(), p);
        peerMetrics(p.name());
        LOG.info("peer {}: started ({} {} AS{})", p.name(), p.mode().name().toLowerCase(Locale.ROOT),
            p.address().getHostAddress(), p.remoteAsn());
      }
    }
  }

  /**
   * Soft reconfiguration of one peer: the running session takes over the settings in place
   * (a family beyond a tightened {@code max_prefixes} closes it with Cease 6/1, RFC 4486 §4). When
   * {@code max_prefixes} changed and the session is still Established, the peer is asked to send
   * its routes again with a ROUTE-REFRESH per configured family ({@link
   * PeerConnections#requestRefresh}, RFC 2918 §3; sent only where the peer advertised the
   * capability, §4), so what it holds is checked anew; with enhanced route refresh, routes it does
   * not send again before its EoRR are removed (RFC 7313 §4). Logged at INFO.
   */
  private void reconfigure(PeerSettings was, PeerSettings now) throws Exception {
    String name = now.name();
    List<String> changed = new ArrayList<>();
    boolean limits = !was.maxPrefixes().equals(now.maxPrefixes());
    if (limits) {
      changed.add("max_prefixes " + limitsText(was) + " -> " + limitsText(now));
    }
    if (!was.delayOpen().equals(now.delayOpen())) {
      changed.add("delay_open " + was.delayOpen().toSeconds() + "s -> " + now.delayOpen().toSeconds()
          + "s (from the next connection)");
    }
    String what = "peer " + name + ": " + String.join(", ", changed) + " changed, applied in place";
    if (!await(connections.reconfigure(now))) {
      LOG.info("{}; session not Established (now)", what);
      return;
    }
    if (!limits) {
      LOG.info("{}; session untouched", what);
      return;
    }
    List<String> refreshed = new ArrayList<>();
    for (org.bgpsentry.codec.model.nlri.Family f : now.families().stream()
        .sorted(java.util.Comparator.comparing(Object::toString)).toList()) {
      if (await(connections.requestRefresh(name, f))) {
        refreshed.add(f.toString());
      }
    }
    if (refreshed.isEmpty()) {
      LOG.info("{}; no ROUTE-REFRESH sent: the peer did not advertise the route refresh capability (RFC 2918 §4)",
          what);
    } else {
      LOG.info("{}, ROUTE-REFRESH sent for {}", what, String.join(" ", refreshed));
    }
  }

  private static String limitsText(PeerSettings p) {
    return p.maxPrefixes().isEmpty() ? "none" : new java.util.TreeMap<>(p.maxPrefixes().entrySet().stream()
        .collect(java.util.stream.Collectors.toMap(e -> e.getKey().toString(), Map.Entry::getValue))).toString();
  }

  private static <T> T await(java.util.concurrent.CompletableFuture<T> f) throws Exception {
    try {
      return f.get(API_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception c ? c : e;
    }
  }

  /**
   * Registry entries added or changed: the routes the Adj-RIBs-In already hold for them go to
   * detection again (it kept only routes that mattered to the old registry).
   */
  @Override
  public synchronized void registryChanged(List<RegisteredPrefix> reg) {
    Set<RegisteredPrefix> before = new HashSet<>(registry);
    List<RegisteredPrefix> fresh = reg.stream().filter(p -> !before.contains(p)).toList();
    registry = reg;
    if (fresh.isEmpty() || connections == null) {
      return;
    }
    PrefixRegistry changed = new PrefixRegistry(fresh);
    for (String name : peers.keySet()) {
      connections.withRib(name, rib -> {
        Instant now = clock.instant();
        int[] sent = {0};
        rib.forEach(r -> {
          if (changed.overlaps(r.prefix()) && detection.relevant(r.prefix())) {
            detection.offer(new RouteEvent(r.peer(), r.prefix(), r.pathId(), r.attributes(), null,
                EventKind.ANNOUNCE, now));
            sent[0]++;
          }
        });
        return sent[0];
      }).thenAccept(n -> LOG.debug("peer {}: {} routes re-sent to detection for the new registry entries", name, n));
    }
  }

  @Override
  public ApiViews contribute(ApiViews views) {
    return views.withPeers(this::peerStatuses).withRoutes(this::routes);
  }

  private List<PeerStatus> peerStatuses() {
    if (connections == null) {
      return List.of();
    }
    try {
      return await(connections.status());
    } catch (Exception e) {
      throw new IllegalStateException("peer status unavailable: " + e, e);
    }
  }

  /**
   * {@code GET /api/v1/routes}: at most {@code limit} routes over the peers in configuration order.
   * A more-specifics query scans each peer's table in slices of {@link #SCAN_SLOTS} slots, each
   * its own task on the sessions' event loop, so UPDATEs are processed between slices however
   * large the table; the scan stops once it holds {@code limit} routes and knows of one more.
   * Without a prefix (an {@code origin_asn} query) both whole tables are scanned that way.
   */
  private ApiViews.RouteAnswer routes(Prefix prefix, boolean moreSpecifics, String peer, long originAsn, int limit) {
    List<String> names;
    synchronized (this) { // peers changes on reload, under this lock
      names = peer == null ? List.copyOf(peers.keySet())
          : peers.containsKey(peer) ? List.of(peer) : List.of();
    }
    List<Prefix> roots = prefix != null ? List.of(prefix) : List.of(Prefix.ipv4(0, 0), Prefix.ipv6(0, 0, 0));
    boolean more = moreSpecifics || prefix == null;
    java.util.function.Predicate<RibRoute> filter = originAsn < 0 ? r -> true
        : r -> PathView.of(r.attributes().asPath()).origin(r.peer().asn()) == originAsn;
    List<RibRoute> held = new ArrayList<>();
    boolean truncated = false;
    for (String name : names) {
      for (Prefix root : roots) {
        int room = limit - held.size();
        if (more) {
          MoreSpecificsScan scan = onRib(name, rib -> rib.scanMoreSpecifics(root, room, filter));
          while (!onRib(name, rib -> scan.step(SCAN_SLOTS))) {
            // next slice: other tasks on the event loop ran in between
          }
          held.addAll(scan.routes());
          truncated = scan.truncated();
        } else {
          List<RibRoute> exact = onRib(name, rib -> rib.lookup(root)).stream().filter(filter).toList();
          truncated = exact.size() > room;
          held.addAll(truncated ? exact.subList(0, room) : exact);
        }
        if (truncated) {
          return new ApiViews.RouteAnswer(held.stream().map(this::received).toList(), true);
        }
      }
    }
    return new ApiViews.RouteAnswer(held.stream().map(this::received).toList(), false);
  }

  private <T> T onRib(String name, java.util.function.Function<PeerRib, T> query) {
    try {
      return await(connections.withRib(name, query));
    } catch (TimeoutException e) {
      throw new IllegalStateException("routes of peer " + name + " not read within " + API_TIMEOUT_MS + " ms", e);
    } catch (Exception e) {
      throw new IllegalStateException("routes of peer " + name + ": " + e, e);
    }
  }

  private ReceivedRoute received(RibRoute r) {
    return ReceivedRoute.of(r, detection::rpkiState);
  }

  @Override
  public synchronized void close() {
    stopping = true;
    if (feed != null) {
      feed.stop();
    }
    if (connections != null) {
      connections.stop("bgpsentry shutting down");
    }
  }
}
