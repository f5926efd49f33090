package org.bgpsentry.daemon.bmp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.bgpsentry.analytics.event.EventKind;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.analytics.event.RouteEvent;
import org.bgpsentry.analytics.prefix.PrefixRegistry;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.analytics.rib.AttributeInterner;
import org.bgpsentry.analytics.rib.MoreSpecificsScan;
import org.bgpsentry.analytics.rib.RibRoute;
import org.bgpsentry.codec.bmp.Rib;
import org.bgpsentry.codec.model.nlri.Afi;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.daemon.DaemonComponent;
import org.bgpsentry.daemon.DaemonContext;
import org.bgpsentry.daemon.RouteSink;
import org.bgpsentry.daemon.DetectionFeed;
import org.bgpsentry.daemon.config.BgpsentryConfig;
import org.bgpsentry.daemon.config.BmpConfig;
import org.bgpsentry.daemon.http.ApiViews;
import org.bgpsentry.daemon.http.ReceivedRoute;
import org.bgpsentry.daemon.http.RouterStatus;
import org.bgpsentry.daemon.ingest.BmpRawFeed;
import org.bgpsentry.daemon.metrics.BgpsentryMetrics;
import org.bgpsentry.daemon.metrics.BmpMetrics;
import org.bgpsentry.daemon.session.PeerStatus;
import org.bgpsentry.daemon.session.SessionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BMP station in the running daemon (docs/operators-guide.md "Monitoring routers with BMP"): {@code bmp:} mapped onto a {@link
 * BmpStation}, its views' events into detection (only the views of {@code bmp.detect}; the others
 * are kept and shown), the §10 metrics, and the API: {@code /api/v1/routers}, the BMP peers in
 * {@code /api/v1/peers} and their routes in {@code /api/v1/routes}. Off without {@code bmp:}.
 *
 * <p>A reload applies {@code bmp:} live ({@link #prepareReload}): routers added and removed one
 * by one, the others stay connected.
 */
public final class BmpComponent implements DaemonComponent {
  private static final Logger LOG = LoggerFactory.getLogger(BmpComponent.class);
  private static final long API_TIMEOUT_MS = 5_000;
  /** Table slots one slice of a more-specifics scan reads on the event loop. */
  private static final int SCAN_SLOTS = 1 << 16;

  private final RouteSink detection;
  private BgpsentryMetrics metrics;
  private BmpConfig config;
  private BmpStation station;
  private java.time.Clock clock;
  /** The views of {@code bmp.detect} feed detection; the others only count their errors. */
  private DetectionFeed detecting;
  private DetectionFeed counting;
  private BmpMetrics bmpMetrics;
  private BmpRouter.Shared shared;
  /** The configured routers by name, for the routes gauges (read at scrape time). */
  private final java.util.Map<String, BmpRouter> routers = new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.Set<String> metered = new java.util.HashSet<>();
  private List<RegisteredPrefix> registry = List.of();

  /** {@code publish_bmp_raw}: where the routers' messages also go, as they arrived; or null. */
  private final BmpRawFeed raw;

  public BmpComponent(RouteSink detection) {
    this(detection, null);
  }

  /** With {@code raw} set, every message of every router also goes there (docs/scaling.md). */
  public BmpComponent(RouteSink detection, BmpRawFeed raw) {
    this.detection = detection;
    this.raw = raw;
  }

  @Override
  public synchronized void start(DaemonContext ctx, BgpsentryConfig cfg, List<RegisteredPrefix> registry)
      throws InterruptedException {
    config = cfg.bmp();
    this.registry = registry;
    if (config == null) {
      return;
    }
    metrics = ctx.metrics();
    clock = ctx.clock();
    detecting = new DetectionFeed(detection, metrics, true);
    counting = new DetectionFeed(detection, metrics, false);
    bmpMetrics = new BmpMetrics(metrics);
    shared =
        new BmpRouter.Shared(
            new AttributeInterner(), clock, bmpMetrics, config.detect(), config.staleAfter(), detecting, counting);
    station = new BmpStation(config, shared);
    if (raw != null) {
      station.rawFeed(raw);
      raw.backpressure(station::setReading);
    }
    routersChanged(station.routers());
    station.start();
  }

  /**
   * The routers now configured: their metrics (registered once per name, from the start at 0);
   * those of routers no longer configured are removed.
   */
  private void routersChanged(List<BmpRouter> now) {
    routers.clear();
    for (String name : List.copyOf(metered)) {
      if (now.stream().noneMatch(r -> r.name().equals(name))) {
        metered.remove(name);
        bmpMetrics.removeRouter(name);
      }
    }
    for (BmpRouter r : now) {
      routers.put(r.name(), r);
      if (metered.add(r.name())) {
        String name = r.name();
        bmpMetrics.router(name, (rib, afi) -> {
          BmpRouter current = routers.get(name);
          return current == null ? 0 : current.routes(Rib.fromId(rib), "ipv4".equals(afi) ? Afi.IPV4 : Afi.IPV6);
        });
      }
    }
  }

  /** The station's bound listen addresses (tests with port 0). */
  public List<java.net.InetSocketAddress> localAddresses() {
    return station == null ? List.of() : station.localAddresses();
  }

  /**
   * A reloaded {@code bmp:} applies live (docs/operators-guide.md "Monitoring routers with BMP"): routers added are accepted (dialled
   * when active), routers removed or changed lose their views (detection forgets them) and their
   * connection, the others stay connected; a new {@code detect} makes every router send its tables
   * again ({@link BmpRouter#reconfigure}); a new {@code stale_after} applies from the next lost
   * connection. Adding or removing {@code bmp:} itself, or a new {@code listen}, needs a restart
   * (refused).
   */
  @Override
  public synchronized Reload prepareReload(BgpsentryConfig cfg, List<RegisteredPrefix> registry) {
    BmpConfig next = cfg.bmp();
    if ((config == null) != (next == null)) {
      throw new IllegalStateException("adding or removing bmp: needs a restart");
    }
    if (next == null || next.equals(config)) {
      return () -> {};
    }
    if (!next.listen().equals(config.listen())) {
      throw new IllegalStateException("bmp.listen changed from " + config.listen() + " to " + next.listen()
          + ": needs a restart");
    }
    return () -> applyReload(next);
  }

  private synchronized void applyReload(BmpConfig next) {
    shared = new BmpRouter.Shared(shared.interner(), clock, bmpMetrics, next.detect(), next.staleAfter(),
        detecting, counting);
    BmpRouter.Shared s = shared;
    // detection first: the Downs of the views taken down here are no peer_down
    List<PeerId> leaving = await(station.onLoop(st -> st.leaving(next)));
    leaving.forEach(detection::peerRemoved);
    List<PeerId> gone = await(station.onLoop(st -> st.reconfigure(next, s)));
    gone.stream().filter(p -> !leaving.contains(p)).forEach(detection::peerRemoved);
    // the views gone lose their series (update errors); the routers gone, theirs just below
    bmpMetrics.removePeers(java.util.stream.Stream.concat(leaving.stream(), gone.stream())
        .map(PeerId::name).distinct().toList());
    routersChanged(await(station.onLoop(BmpStation::routers)));
    LOG.info("bmp: reloaded: {} routers, detect {}, stale_after {}; {} views gone", next.routers().size(),
        next.detect(), next.staleAfter(), gone.size());
    config = next;
  }

  /**
   * Registry entries added or changed: the detection views' routes for them go to detection again
   * (it kept only the routes that mattered to the old registry).
   */
  @Override
  public synchronized void registryChanged(List<RegisteredPrefix> registry) {
    java.util.Set<RegisteredPrefix> before = new java.util.HashSet<>(this.registry);
    List<RegisteredPrefix> fresh = registry.stream().filter(p -> !before.contains(p)).toList();
    this.registry = registry;
    if (station == null || fresh.isEmpty()) {
      return;
    }
    PrefixRegistry changed = new PrefixRegistry(fresh);
    station.onLoop(s -> {
      Instant now = clock.instant();
      for (BmpRouter r : s.routers()) {
        for (BmpView v : r.views()) {
          if (v.detect()) {
            v.adj().rib().forEach(rt -> {
              if (changed.overlaps(rt.prefix()) && detection.relevant(rt.prefix())) {
                detection.offer(new RouteEvent(rt.peer(), rt.prefix(), rt.pathId(), rt.attributes(), null,
                    EventKind.ANNOUNCE, now));
              }
            });
          }
        }
      }
      return null;
    });
  }

  @Override
  public ApiViews contribute(ApiViews views) {
    if (station == null) {
      return views;
    }
    ApiViews.Peers bgpPeers = views.peers();
    ApiViews.Routes bgpRoutes = views.routes();
    return views
        .withPeers(() -> {
          List<PeerStatus> all = new ArrayList<>(bgpPeers.peers());
          all.addAll(peers());
          return all;
        })
        .withRoutes((prefix, more, peer, originAsn, limit) -> {
          ApiViews.RouteAnswer bgp = bgpRoutes.routes(prefix, more, peer, originAsn, limit);
          if (bgp.truncated()) {
            return bgp;
          }
          ApiViews.RouteAnswer bmp = routes(prefix, more, peer, originAsn, limit - bgp.routes().size());
          List<ReceivedRoute> all = new ArrayList<>(bgp.routes());
          all.addAll(bmp.routes());
          return new ApiViews.RouteAnswer(all, bmp.truncated());
        })
        .withRouters(this::routers);
  }

  private List<RouterStatus> routers() {
    return await(station.onLoop(s -> s.statuses(clock.instant())));
  }

  private List<PeerStatus> peers() {
    return await(station.onLoop(s -> {
      List<PeerStatus> out = new ArrayList<>();
      for (BmpRouter r : s.routers()) {
        for (BmpView v : r.views()) {
          // The view's peer under its API name (detection may know it as <name>#<rib>).
          PeerId id = new PeerId(v.peerName(), v.adj().peer().address(), v.adj().peer().asn(), PeerId.Source.BMP);
          out.add(new PeerStatus(
              id,
              r.connected() ? SessionState.ESTABLISHED : SessionState.IDLE,
              r.connectedAt(),
              v.adj().rib().size(Afi.IPV4),
              v.adj().rib().size(Afi.IPV6),
              List.of(),
              r.connected() ? null : "BMP connection lost: routes kept stale for stale_after",
              "bmp",
              r.name(),
              v.rib().id()));
        }
      }
      return out;
    }));
  }

  /**
   * BMP routes for the API, as the sessions' ({@code SessionsComponent}): exact, or more specifics
   * (every prefix when {@code prefix} is null) scanned in slices between the routers' messages,
   * of one origin AS when {@code originAsn} is not -1.
   */
  private ApiViews.RouteAnswer routes(Prefix prefix, boolean moreSpecifics, String peer, long originAsn, int limit) {
    List<ReceivedRoute> out = new ArrayList<>();
    List<String[]> views = await(station.onLoop(s -> {
      List<String[]> v = new ArrayList<>();
      for (BmpRouter r : s.routers()) {
        for (BmpView view : r.views()) {
          if (peer == null || peer.equals(view.peerName())) {
            v.add(new String[] {r.name(), view.peerName(), view.rib().id()});
          }
        }
      }
      return v;
    }));
    List<Prefix> roots = prefix != null ? List.of(prefix) : List.of(Prefix.ipv4(0, 0), Prefix.ipv6(0, 0, 0));
    boolean more = moreSpecifics || prefix == null;
    java.util.function.Predicate<RibRoute> filter = originAsn < 0 ? r -> true
        : r -> org.bgpsentry.analytics.detect.PathView.of(r.attributes().asPath()).origin(r.peer().asn()) == originAsn;
    for (String[] v : views) {
      for (Prefix root : roots) {
        int room = limit - out.size();
        List<RibRoute> held;
        boolean truncated;
        if (more) {
          MoreSpecificsScan scan = onView(v, rib -> rib.scanMoreSpecifics(root, room, filter));
          if (scan == null) {
            continue;
          }
          Boolean done = false;
          while (done != null && !done) { // null: the view went meanwhile
            done = onView(v, rib -> scan.step(SCAN_SLOTS)); // the routers' messages run between slices
          }
          held = scan.routes();
          truncated = scan.truncated();
        } else {
          List<RibRoute> exact = onView(v, rib -> rib.lookup(root));
          held = exact == null ? List.of() : exact.stream().filter(filter).toList();
          truncated = held.size() > room;
          held = truncated ? held.subList(0, room) : held;
        }
        for (RibRoute rt : held) {
          out.add(ReceivedRoute.of(rt, detection::rpkiState).viaBmp(v[1], v[0], v[2]));
        }
        if (truncated) {
          return new ApiViews.RouteAnswer(out, true);
        }
      }
    }
    return new ApiViews.RouteAnswer(out, false);
  }

  /** Runs {@code query} on the Adj-RIB-In of view {router, peer, rib} on the loop; null when gone. */
  private <T> T onView(String[] v, java.util.function.Function<org.bgpsentry.analytics.rib.PeerRib, T> query) {
    return await(station.onLoop(s -> {
      for (BmpRouter r : s.routers()) {
        if (r.name().equals(v[0])) {
          for (BmpView view : r.views()) {
            if (view.peerName().equals(v[1]) && view.rib().id().equals(v[2])) {
              return query.apply(view.adj().rib());
            }
          }
        }
      }
      return null;
    }));
  }

  private static <T> T await(CompletableFuture<T> f) {
    try {
      return f.get(API_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("BMP station: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("BMP station did not answer within " + API_TIMEOUT_MS + " ms", e);
    }
  }

  @Override
  public synchronized void close() {
    if (station != null) {
      detecting.stop();
      counting.stop();
      station.close();
    }
  }
}
