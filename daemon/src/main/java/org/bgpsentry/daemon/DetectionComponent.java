package org.bgpsentry.daemon;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertSink;
import org.bgpsentry.analytics.alert.AlertStatus;
import org.bgpsentry.analytics.asrel.AsRelationships;
import org.bgpsentry.analytics.detect.BestPathListener;
import org.bgpsentry.analytics.detect.DetectionEngine;
import org.bgpsentry.analytics.detect.DetectionSettings;
import org.bgpsentry.analytics.event.PeerEvent;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.analytics.event.PeerLocations;
import org.bgpsentry.analytics.event.PeerRole;
import org.bgpsentry.analytics.event.RouteEvent;
import org.bgpsentry.analytics.latency.LatencyCondition;
import org.bgpsentry.analytics.prefix.PrefixRegistry;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.analytics.rpki.AspaSet;
import org.bgpsentry.analytics.rpki.VrpSources;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.daemon.config.BgpsentryConfig;
import org.bgpsentry.daemon.config.BmpConfig;
import org.bgpsentry.daemon.config.PeerConfig;
import org.bgpsentry.daemon.http.ApiViews;
import org.bgpsentry.daemon.http.PrefixStatus;
import org.bgpsentry.daemon.ingest.AnalyticsLoop;
import org.bgpsentry.daemon.ingest.DetectionData;
import org.bgpsentry.daemon.ingest.RpkiData;
import org.bgpsentry.daemon.ingest.RtrClient;
import org.bgpsentry.daemon.ingest.VrpFile;
import org.bgpsentry.daemon.metrics.BgpsentryMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detection in the running daemon (docs/configuration.md {@code detection}, {@code rpki}, {@code data};
 * §5): the {@link DetectionEngine} on its one {@link AnalyticsLoop} thread, fed by the sessions;
 * VRP/ASPA and AS-relationship files loaded on start and reload, VRPs and ASPAs from an
 * RPKI-to-Router cache as they change (merged with the file's, each part replaced on its own); alert transitions to the durable
 * dispatcher first, then into the per-prefix status the API shows; the per-prefix metrics of
 * registered prefixes ({@code bgpsentry_prefix_*}) and {@code bgpsentry_update_to_alert_seconds}.
 *
 * <p>Alerts restored from {@code state_dir} go back into the engine with their ids before the
 * first event, so they stay firing and are never re-fired (docs/alerts.md).
 */
public final class DetectionComponent implements DaemonComponent, RouteSink {
  private static final Logger LOG = LoggerFactory.getLogger(DetectionComponent.class);
  /** The name of the RTR cache's part in {@link VrpSources}. */
  static final String RTR_SOURCE = "rtr";
  private volatile BestPathListener latencyPaths;
  private BgpsentryMetrics metrics;
  private Clock clock;
  private AnalyticsLoop loop;
  private DetectionEngine engine;
  private DetectionSettings settings;
  /** The registry the BGP event loops filter with: only routes overlapping it are queued. */
  private volatile PrefixRegistry filter = PrefixRegistry.EMPTY;
  /** The union of the VRP sources, for the API (the engine has its own copy on its thread). */
  private volatile VrpSources vrps = VrpSources.NONE;
  /** Guards the RPKI sources below; held while queueing, so the loop gets them in order. */
  private final Object rpkiLock = new Object();
  private VrpSources vrpSources = VrpSources.NONE;
  private AspaSet fileAspas = AspaSet.EMPTY;
  private AspaSet rtrAspas = AspaSet.EMPTY;
  private RtrClient rtr;
  private java.net.InetSocketAddress rtrAddress;
  private final Map<Prefix, PrefixStatus> statuses = new ConcurrentHashMap<>();
  /** The newest registry change the engine has not taken yet; null when none is queued. */
  private final java.util.concurrent.atomic.AtomicReference<NextRegistry> nextRegistry =
      new java.util.concurrent.atomic.AtomicReference<>();
  /** Peer locations reported by collectors (Kafka), by peer name. */
  private final Map<String, String> reportedLocations = new ConcurrentHashMap<>();
  /** Peer roles reported by collectors (Kafka), by peer name. */
  private final Map<String, PeerRole> reportedRoles = new ConcurrentHashMap<>();
  /** The roles of this daemon's own config (analytics thread after start). */
  private Map<String, PeerRole> configuredRoles = Map.of();
  /** The locations the engine has (the analytics thread sets it after start). */
  private volatile PeerLocations engineLocations = PeerLocations.NONE;

  // analytics thread only
  private Instant routeReadAt;

  /** Tells {@code listener} (on the analytics thread) of every best-path change. */
  public void setBestPathListener(BestPathListener listener) {
    this.latencyPaths = listener;
  }

  /** The present {@code latency_degraded} conditions (from the prober's monitor), queued in order. */
  public void onLatency(List<LatencyCondition> present) {
    loop.submit(en -> en.onLatency(present));
  }

  @Override
  public void start(DaemonContext ctx, BgpsentryConfig config, List<RegisteredPrefix> registry) throws IOException {
    this.metrics = ctx.metrics();
    this.clock = ctx.clock();
    this.settings = DetectionData.settings(config);
    PrefixRegistry reg = new PrefixRegistry(registry);
    AlertSink sink = statusThenDurable(ctx.alertSink());
    engine = new DetectionEngine(settings, reg, sink, clock, new Random());
    configuredRoles = roles(config);
    engine.setPeerRoles(withReported(configuredRoles));
    engineLocations = withReported(locations(config));
    engine.setPeerLocations(engineLocations);
    engine.setBestPathListener(this::bestPathChanged);
    engine.setPrefixListener(this::publish);
    RpkiData file = readVrpFile(config);
    synchronized (rpkiLock) {
      setFileRpki(file);
      applyRpki(engine, vrpSources, fileAspas.union(rtrAspas));
    }
    loadRelationships(config, engine);
    engine.restore(ctx.restoredAlerts());
    resetPrefixState(registry);
    filter = reg;
    loop = new AnalyticsLoop(engine, clock, new AnalyticsLoop.RouteObserver() {
      @Override
      public void beforeRoute(RouteEvent e) {
        routeReadAt = e.at();
        RegisteredPrefix owner = engine.registry().longestMatch(e.prefix());
        if (owner != null) {
          metrics.prefixChange(owner.prefix());
        }
      }

      @Override
      public void afterRoute(RouteEvent e) {
        routeReadAt = null;
      }
    });
    metrics.bounds().analyticsQueue(loop::pending, loop::paused, loop::pauses);
    loop.start();
    startRtr(config.rpki().rtr());
    LOG.info("detection: {} registered prefixes, {} restored firing alerts", reg.size(), ctx.restoredAlerts().size());
  }

  /** The RFC 9234 roles of the configured BGP peers (docs/configuration.md {@code role}), by name. */
  public static Map<String, PeerRole> roles(BgpsentryConfig c) {
    Map<String, PeerRole> out = new HashMap<>();
    for (PeerConfig p : c.peers()) {
      if (p.role() != null) {
        out.put(p.name(), p.role());
      }
    }
    return out;
  }

  /**
   * Where each peer stands (docs/configuration.md {@code location}): a configured BGP peer by its name; a
   * BMP view (named {@code <router>:...}, docs/operators-guide.md "Monitoring routers with BMP") where its router stands.
   */
  public static PeerLocations locations(BgpsentryConfig c) {
    Map<String, String> byName = new HashMap<>();
    for (PeerConfig p : c.peers()) {
      if (p.location() != null) {
        byName.put(p.name(), p.location());
      }
    }
    Map<String, String> byRouter = new HashMap<>();
    if (c.bmp() != null) {
      for (BmpConfig.Router r : c.bmp().routers()) {
        if (r.location() != null) {
          byRouter.put(r.name(), r.location());
        }
      }
    }
    return peer -> {
      String own = byName.get(peer.name());
      int colon = peer.name().indexOf(':');
      return own != null || colon < 0 ? own : byRouter.get(peer.name().substring(0, colon));
    };
  }

  /**
   * {@code configured}, and for peers it does not place, where the peer's collector says it stands
   * ({@link #peerConfigured}): a Kafka detector knows no peers of its own (docs/scaling.md).
   */
  private PeerLocations withReported(PeerLocations configured) {
    return peer -> {
      String own = configured.locationOf(peer);
      return own != null ? own : reportedLocations.get(peer.name());
    };
  }

  /**
   * {@code configured}, and for peers it gives no role, the role their collector reports ({@link
   * #peerConfigured}).
   */
  private Map<String, PeerRole> withReported(Map<String, PeerRole> configured) {
    Map<String, PeerRole> out = new HashMap<>(reportedRoles);
    out.putAll(configured);
    return out;
  }

  /**
   * A peer as its collector's config knows it (docs/scaling.md): where it stands (null: nowhere),
   * for the {@code ingress_location} rule, and its RFC 9234 role (null: none), for route_leak's
   * {@code otc}, {@code aspa} and {@code valley_free}; this daemon's own config wins. A change is
   * queued before the caller's next event; the prefixes with ingress locations are evaluated again,
   * and the peer's routes from then on are judged with the role.
   */
  public void peerConfigured(PeerId peer, String location, PeerRole role) {
    String before = location == null ? reportedLocations.remove(peer.name()) : reportedLocations.put(peer.name(), location);
    if (!java.util.Objects.equals(before, location)) {
      loop.submit(en -> en.setPeerLocations(engineLocations));
    }
    PeerRole roleBefore = role == null ? reportedRoles.remove(peer.name()) : reportedRoles.put(peer.name(), role);
    if (roleBefore != role) {
      loop.submit(en -> en.setPeerRoles(withReported(configuredRoles)));
    }
  }

  /** Reads {@code rpki.vrp_file}, or null when none is configured. */
  private static RpkiData readVrpFile(BgpsentryConfig config) throws IOException {
    Path f = config.rpki().vrpFile();
    if (f == null) {
      return null;
    }
    RpkiData c = VrpFile.load(f);
    LOG.info("RPKI: {} VRPs ({} IPv4, {} IPv6), {} ASPAs from {}", c.vrps().size(), c.vrps().ipv4Count(),
        c.vrps().ipv6Count(), c.aspas().size(), f);
    return c;
  }

  /**
   * RPKI-to-Router (docs/configuration.md {@code rpki.rtr}): each complete set from the cache replaces
   * the RTR part of the RPKI data (VRPs and, over RTR version 2, ASPAs); the VRP file's part stays
   * (see {@link #queueRpki}).
   */
  private synchronized void startRtr(java.net.InetSocketAddress address) {
    if (java.util.Objects.equals(address, rtrAddress)) {
      return;
    }
    if (rtr != null) {
      rtr.close();
      rtr = null;
      synchronized (rpkiLock) {
        vrpSources = vrpSources.with(RTR_SOURCE, null);
        rtrAspas = AspaSet.EMPTY;
        queueRpki();
      }
    }
    rtrAddress = address;
    if (address != null) {
      rtr = new RtrClient(address, clock, Duration.ofSeconds(5), d -> {
        synchronized (rpkiLock) {
          vrpSources = vrpSources.with(RTR_SOURCE, d.vrps());
          rtrAspas = d.aspas();
          queueRpki();
        }
      });
      rtr.start();
    }
  }

  /** The VRP file's part of the RPKI data (null: no file configured). Holds {@link #rpkiLock}. */
  private void setFileRpki(RpkiData file) {
    vrpSources = vrpSources.with(DetectionData.FILE_SOURCE, file == null ? null : file.vrps());
    fileAspas = file == null ? AspaSet.EMPTY : file.aspas();
  }

  /**
   * Hands the RPKI data to the engine: origin validation over the union of the VRP file's and the
   * RTR cache's VRPs, each part replaced on its own and judged stale on its own ({@link
   * VrpSources}); ASPA verification over the union of both parts' records. Holds {@link #rpkiLock}.
   */
  private void queueRpki() {
    VrpSources v = vrpSources;
    AspaSet a = fileAspas.union(rtrAspas);
    loop.submit(en -> applyRpki(en, v, a));
  }

  private void applyRpki(DetectionEngine target, VrpSources v, AspaSet a) {
    target.updateVrps(v);
    target.updateAspas(a);
    vrps = v;
    metrics.rpkiVrps("ipv4", v.ipv4Count());
    metrics.rpkiVrps("ipv6", v.ipv6Count());
  }

  private static void loadRelationships(BgpsentryConfig config, DetectionEngine target) throws IOException {
    AsRelationships r = readRelationships(config);
    if (r != null) {
      target.updateRelationships(r);
    }
  }

  private static AsRelationships readRelationships(BgpsentryConfig config) throws IOException {
    if (config.asRelationships() == null) {
      return null;
    }
    AsRelationships r = DetectionData.relationships(config);
    LOG.info("AS relationships: {} pairs from {}", r.size(), config.asRelationships());
    return r;
  }

  @Override
  public Reload prepareReload(BgpsentryConfig config, List<RegisteredPrefix> registry) throws IOException {
    DetectionSettings next = DetectionData.settings(config);
    RpkiData file = readVrpFile(config);
    AsRelationships rel = readRelationships(config);
    Map<String, PeerRole> roles = roles(config);
    PeerLocations locations = withReported(locations(config));
    return () -> {
      if (!next.equals(settings)) {
        DetectionSettings before = settings;
        settings = next;
        loop.submit(en -> en.updateSettings(next));
        LOG.info("detection settings applied, alerts kept: {} (were {})", describe(next), describe(before));
      }
      loop.submit(en -> {
        configuredRoles = roles;
        en.setPeerRoles(withReported(roles));
        engineLocations = locations;
        en.setPeerLocations(locations);
        en.updateRelationships(rel == null ? AsRelationships.EMPTY : rel);
      });
      synchronized (rpkiLock) {
        setFileRpki(file);
        queueRpki();
      }
      startRtr(config.rpki().rtr());
    };
  }

  private static String describe(DetectionSettings s) {
    return "min_peers " + s.minPeers() + ", max_path_length " + s.maxPathLength() + ", resolve_after "
        + s.resolveAfter() + ", repeat_interval " + s.repeatInterval() + ", rpki.stale_after " + s.staleAfter();
  }

  /**
   * The engine re-evaluates every route and prefix on a registry change, so changes that queue up
   * behind each other (a registry shared through Kafka, partitions gained and lost, API edits) are
   * coalesced: one queued update, which takes the newest registry when it runs. Route events are
   * filtered by the newest registry from the call on ({@link #relevant}), so the engine taking it
   * at the first queued update judges them the same way.
   */
  @Override
  public void registryChanged(List<RegisteredPrefix> registry) {
    NextRegistry next = new NextRegistry(new PrefixRegistry(registry), registry);
    filter = next.reg();
    if (nextRegistry.getAndSet(next) == null) {
      loop.submit(en -> {
        NextRegistry n = nextRegistry.getAndSet(null);
        en.updateRegistry(n.reg());
        resetPrefixState(n.list());
      });
    }
  }

  /** A registry not yet given to the engine. */
  private record NextRegistry(PrefixRegistry reg, List<RegisteredPrefix> list) {}

  /** Per-prefix state follows the registry: removed prefixes lose theirs, new ones start at zero. */
  private void resetPrefixState(List<RegisteredPrefix> registry) {
    Set<Prefix> now = new HashSet<>();
    registry.forEach(p -> now.add(p.prefix()));
    statuses.keySet().retainAll(now);
    for (Prefix p : now) {
      publish(p);
    }
  }

  /** True when the route for {@code q} matters to the registry (called on the BGP event loops). */
  @Override
  public boolean relevant(Prefix q) {
    return filter.overlaps(q);
  }

  /** Queues a route change; never blocks. */
  @Override
  public void offer(RouteEvent e) {
    loop.offer(e);
  }

  /** A peer left the configuration: its peer_down alert resolves (queued after its last events). */
  @Override
  public void peerRemoved(PeerId peer) {
    Instant at = clock.instant();
    loop.submit(en -> en.peerRemoved(peer, at));
  }

  /** Queues a session event; never blocks. */
  @Override
  public void offer(PeerEvent e) {
    loop.offer(e);
  }

  /** The analytics queue's watermarks pause and resume the sources. */
  @Override
  public void backpressure(java.util.function.Consumer<Boolean> reading) {
    loop.backpressure(reading);
  }

  /** The analytics loop (for backpressure and tests). */
  public AnalyticsLoop analytics() {
    return loop;
  }

  /**
   * RFC 6811 state of a route by the current VRPs (the union of file and RTR): valid, invalid,
   * not_found; unknown without VRPs.
   */
  @Override
  public String rpkiState(Prefix prefix, long origin) {
    VrpSources v = vrps;
    return v.isEmpty() || origin < 0 ? "unknown" : v.validate(prefix, origin).wireName();
  }

  // ---------------------------------------------------------------- analytics thread

  private void bestPathChanged(Prefix registered, List<Long> oldPath, List<Long> newPath, Instant at) {
    BestPathListener l = latencyPaths;
    if (l != null) {
      l.onBestPathChange(registered, oldPath, newPath, at);
    }
  }

  private AlertSink statusThenDurable(AlertSink durable) {
    return alert -> {
      // The prefix status and the latency metric first, then the commit queue: a receiver that
      // got the webhook (posted after the commit) always finds both up to date.
      Instant read = routeReadAt;
      if (read != null && alert.status() == AlertStatus.FIRING) {
        metrics.updateToAlert(Duration.between(read, clock.instant()));
      }
      if (!alert.registeredPrefix().isEmpty()) {
        Prefix p = Prefix.parse(alert.registeredPrefix());
        if (statuses.containsKey(p)) {
          publish(p); // the lifecycle has indexed the transition before telling the sink
        }
      }
      durable.accept(alert); // on disk before it is listed, counted or posted (docs/operators-guide.md "Webhooks")
    };
  }

  /**
   * The status of a registered prefix as the engine holds it now (visible peers, best path,
   * ingress), with its open alerts; the API map and the per-prefix gauges change only when it did.
   */
  private void publish(Prefix p) {
    if (engine.registry().get(p) == null) {
      return;
    }
    List<String> names = engine.visiblePeers(p).stream().map(PeerId::name).sorted().toList();
    List<Long> best = engine.bestPath(p);
    PrefixStatus next =
        new PrefixStatus(names, best, engine.openAlerts(p), engine.ingressStatus(p));
    PrefixStatus before = statuses.put(p, next);
    if (before == null || before.visiblePeers().size() != names.size()) {
      metrics.prefixVisiblePeers(p, names.size());
    }
    if (before == null || !before.bestPath().equals(best)) {
      metrics.prefixBestPathLength(p, best.size()); // the engine's best path has prepends collapsed
    }
  }

  @Override
  public ApiViews contribute(ApiViews views) {
    ApiViews.Health others = views.health();
    return views
        .withPrefixStatus(p -> Objects.requireNonNullElse(statuses.get(p), PrefixStatus.UNKNOWN))
        .withHealth(() -> loop.failure() != null ? loop.failure() : others.failure());
  }

  @Override
  public void close() {
    startRtr(null);
    if (loop != null) {
      loop.close();
    }
  }

  /** Alerts the engine holds firing (for tests). */
  List<Alert> firing() {
    return loop.query(DetectionEngine::firing).join();
  }

  /**
   * A Kafka detector has rebuilt the state of prefixes it took over (docs/scaling.md), with their
   * alerts held back meanwhile: alerts of {@code owned} the engine shows now keep the id stored
   * in Kafka ({@code stored}); stored ones it does not show are held as after a restart (resolved
   * once the grace passes, unless shown again). The transitions the previous owner committed but
   * did not deliver ({@code undelivered}, in commit order) go to {@code deliver} as they are, with
   * their ids; a firing one whose alert has neither a stored firing nor an undelivered resolution
   * with that id is left out (its resolution was delivered: posting it now would leave receivers
   * with a firing alert that is over). Then alerts only the engine shows, never delivered by the
   * detector before, go to {@code deliver}. Queued after every event given so far.
   */
  public void takeOver(java.util.function.Predicate<Alert> owned, List<Alert> stored, List<Alert> undelivered,
      AlertSink deliver) {
    loop.submit(en -> {
      Set<String> storedKeys = new HashSet<>();
      Set<String> storedIds = new HashSet<>();
      stored.forEach(a -> {
        storedKeys.add(a.key());
        storedIds.add(a.id());
      });
      Set<String> resolvedIds = new HashSet<>();
      undelivered.stream().filter(a -> a.status() == AlertStatus.RESOLVED).forEach(a -> resolvedIds.add(a.id()));
      List<Alert> unsent = en.firing().stream().filter(owned).filter(a -> !storedKeys.contains(a.key())).toList();
      en.restore(stored);
      for (Alert a : undelivered) {
        if (a.status() == AlertStatus.FIRING && !storedIds.contains(a.id()) && !resolvedIds.contains(a.id())) {
          LOG.info("not delivering {} firing ({}): its resolution was delivered already", a.key(), a.id());
          continue;
        }
        deliver.accept(a);
      }
      unsent.forEach(deliver::accept);
    });
  }
}
