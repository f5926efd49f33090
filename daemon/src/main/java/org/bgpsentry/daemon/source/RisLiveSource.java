package org.bgpsentry.daemon.source;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.bgpsentry.analytics.detect.PathView;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.analytics.prefix.PrefixRegistry;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.analytics.rib.AttributeInterner;
import org.bgpsentry.analytics.rib.MoreSpecificsScan;
import org.bgpsentry.analytics.rib.RibRoute;
import org.bgpsentry.codec.model.nlri.Afi;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.daemon.DaemonComponent;
import org.bgpsentry.daemon.DaemonContext;
import org.bgpsentry.daemon.RouteSink;
import org.bgpsentry.daemon.DetectionFeed;
import org.bgpsentry.daemon.config.BgpsentryConfig;
import org.bgpsentry.daemon.config.RisLiveConfig;
import org.bgpsentry.daemon.http.ApiViews;
import org.bgpsentry.daemon.http.ReceivedRoute;
import org.bgpsentry.daemon.ingest.AdjRibIn;
import org.bgpsentry.daemon.logging.RateLimitedLog;
import org.bgpsentry.daemon.metrics.BgpsentryMetrics;
import org.bgpsentry.daemon.session.PeerStatus;
import org.bgpsentry.daemon.session.SessionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RIPE RIS Live as a source of routes (docs/operators-guide.md "Public vantage points: RIS Live"): one WebSocket connection, the
 * registered prefixes subscribed to ({@link RisSubscriptions}, sent one every {@link
 * Timing#subscribeSpacing}, and again after every reconnect; registry changes subscribe and
 * unsubscribe), and every RIS peer an {@link AdjRibIn} named {@code ris:<host>:<peer address>}
 * feeding detection through the one ingest seam. A RIS peer's RIS_PEER_STATE down withdraws its
 * routes (no {@code peer_down}: detection ignores RIS peers' state).
 *
 * <p>Health: a {@code ping} every {@link Timing#ping}; nothing at all received for three pings
 * closes the connection. {@code bgpsentry_source_up{source="ris_live"}} is 1 while RIS messages
 * (the registry's or the beacons') arrive; none for {@code stale_after} sets it to 0, logs, and
 * reconnects. Reconnects back off from {@link Timing#backoffMin} doubling to {@link
 * Timing#backoffMax}; a RIS message resets the backoff. A quiet stream never raises an alert
 * (RIS peers never count for visibility_loss). Bad input (malformed JSON, unknown types, {@code
 * ris_error}, messages over 1 MiB, a close inside a frame) is counted in {@code
 * bgpsentry_source_errors_total{source,reason}}, logged (rate-limited) and survived.
 *
 * <p>Threads: everything runs on the source's one event loop; the API hops onto it.
 */
public final class RisLiveSource implements DaemonComponent {
  static final String SOURCE = "ris_live";
  static final List<String> REASONS = List.of(
      "malformed", "unknown_type", "ris_error", "too_large", "closed_mid_frame", "handshake", "tls",
      "connection", "stale");
  private static final Logger LOG = LoggerFactory.getLogger(RisLiveSource.class);
  /**
   * Name prefix of the RIS peers: {@code ris:<host>:<peer address>} (reserved: no configured peer
   * has it, docs/operators-guide.md "Public vantage points: RIS Live").
   */
  static final String PEER_PREFIX = "ris:";
  private static final Set<Family> FAMILIES = Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST);
  /** The AS of the RIPE NCC RIS route collectors, which receive the RIS peers' routes. */
  static final long RIS_ASN = 12654;

  /** Intervals; tests shorten them. */
  public record Timing(Duration ping, Duration backoffMin, Duration backoffMax, Duration subscribeSpacing) {
    public static final Timing DEFAULT =
        new Timing(Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMillis(50));
  }

  private final RouteSink detection;
  private final Timing timing;
  private final RateLimitedLog badInput = new RateLimitedLog(LOG, 10_000);
  private final AttributeInterner interner = new AttributeInterner();
  private final Map<String, AdjRibIn> ribs = new HashMap<>();
  /** When each RIS peer of {@link #ribs} sent its first message (its {@code uptime_s}). */
  private final Map<String, Instant> since = new HashMap<>();
  private final ArrayDeque<String> outbox = new ArrayDeque<>();
  private BgpsentryMetrics metrics;
  private Clock clock;
  private EventLoopGroup group;
  private EventLoop loop;
  private volatile RisLiveConfig config;
  private SslContext ssl;
  private Set<RisSubscriptions.Subscription> wanted = Set.of();
  private PrefixRegistry registry = PrefixRegistry.EMPTY;
  private RisLiveConnection connection;
  private boolean opened;
  private Instant openedAt;
  private Instant lastFrame;
  private Instant lastMessage;
  private Instant lastPing = Instant.EPOCH;
  private boolean up;
  private int failures;
  private ScheduledFuture<?> tick;
  private ScheduledFuture<?> reconnect;
  private ScheduledFuture<?> drain;
  private volatile boolean stopping;
  /** Every RIS peer's routes into detection (the listener every source shares). */
  private DetectionFeed feed;

  public RisLiveSource(RouteSink detection) {
    this(detection, Timing.DEFAULT);
  }

  public RisLiveSource(RouteSink detection, Timing timing) {
    this.detection = detection;
    this.timing = timing;
  }

  @Override
  public void start(DaemonContext ctx, BgpsentryConfig cfg, List<RegisteredPrefix> reg) throws SSLException {
    metrics = ctx.metrics();
    clock = ctx.clock();
    feed = new DetectionFeed(detection, metrics, true);
    java.util.concurrent.ThreadFactory threads = r -> Thread.ofPlatform().daemon().name("ris-live").unstarted(r);
    group = new MultiThreadIoEventLoopGroup(1, threads, NioIoHandler.newFactory());
    loop = group.next();
    registry = new PrefixRegistry(reg);
    wanted = RisSubscriptions.of(reg);
    if (cfg.risLive() != null) {
      metrics.source(SOURCE, REASONS);
      SslContext s = sslContext(cfg.risLive());
      loop.execute(() -> begin(cfg.risLive(), s));
    }
  }

  /** The trust for wss://: the JDK's CAs, or only those of {@code ca_file}. Verification is never off. */
  static SslContext sslContext(RisLiveConfig c) throws SSLException {
    SslContextBuilder b = SslContextBuilder.forClient();
    if (c.caFile() != null) {
      b.trustManager(c.caFile().toFile());
    }
    return b.build();
  }

  private void begin(RisLiveConfig c, SslContext s) {
    config = c;
    ssl = s;
    failures = 0;
    LOG.info("RIS Live: connecting to {} ({} subscriptions, hosts {}, min_peers {}, stale_after {}s)",
        c.url(), wanted.size(), c.hosts().isEmpty() ? "all" : c.hosts(), c.minPeers(), c.staleAfter().toSeconds());
    connect();
    tick = loop.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
  }

  private void end() {
    if (tick != null) {
      tick.cancel(false);
    }
    cancel(reconnect);
    cancel(drain);
    outbox.clear();
    config = null;
    if (connection != null) {
      connection.close();
      connection = null;
    }
    setUp(false, "RIS Live off");
  }

  private static void cancel(ScheduledFuture<?> f) {
    if (f != null) {
      f.cancel(false);
    }
  }

  // ------------------------------------------------------------------ connection

  private void connect() {
    reconnect = null;
    if (stopping || config == null) {
      return;
    }
    opened = false;
    connection = RisLiveConnection.connect(loop, config.url(), ssl, new Listener());
  }

  private final class Listener implements RisLiveConnection.Listener {
    @Override
    public void open(RisLiveConnection c) {
      if (c != connection) {
        return;
      }
      opened = true;
      openedAt = clock.instant();
      lastFrame = openedAt;
      holdAfterGap();
      LOG.info("RIS Live: connected to {}, subscribing to {} prefixes", config.url(), wanted.size());
      outbox.clear();
      for (RisSubscriptions.Subscription s : wanted) {
        outbox.add(RisSubscriptions.message(s, true, config.hosts()));
      }
      scheduleDrain();
    }

    @Override
    public void text(RisLiveConnection c, String text) {
      if (c == connection) {
        lastFrame = clock.instant();
        handle(text);
      }
    }

    @Override
    public void problem(RisLiveConnection c, String reason, String detail) {
      metrics.sourceError(SOURCE, reason);
      badInput.warn("RIS Live: {}: {}", reason, detail);
    }

    @Override
    public void closed(RisLiveConnection c) {
      if (c != connection) {
        return;
      }
      connection = null;
      cancel(drain);
      outbox.clear();
      setUp(false, "connection closed");
      if (stopping || config == null) {
        return;
      }
      failures++;
      long ms = Math.min(timing.backoffMax().toMillis(),
          timing.backoffMin().toMillis() << Math.min(20, Math.max(0, failures - 1)));
      LOG.info("RIS Live: disconnected from {}; reconnecting in {} ms", config.url(), ms);
      reconnect = loop.schedule(RisLiveSource.this::connect, ms, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * A connection after a lost one: RIS Live has no replay (https://ris-live.ripe.net/manual/: a
   * live stream and its filters only), so a withdrawal sent in the gap was missed. Every RIS route
   * held from before is marked stale; one RIS sends again (announce or withdraw) is current again,
   * the others go {@code gap_hold} after the reconnect (PEER_DOWN route events), so that a
   * condition only they showed clears and its alert resolves. {@code gap_hold: 0s} keeps them.
   */
  private void holdAfterGap() {
    Duration hold = config.gapHold();
    if (ribs.isEmpty() || !hold.isPositive()) {
      return;
    }
    int routes = 0;
    for (AdjRibIn rib : ribs.values()) {
      routes += rib.rib().size();
      rib.staleUntilEndOfRib(FAMILIES, hold);
    }
    LOG.info("RIS Live: reconnected after a gap: {} routes of {} RIS peers are stale until sent again,"
        + " at most {} s (RIS Live has no replay)", routes, ribs.size(), hold.toSeconds());
  }

  /** Sends the queued subscription messages one every {@code subscribeSpacing}. */
  private void scheduleDrain() {
    if (drain == null || drain.isDone()) {
      drain = loop.scheduleWithFixedDelay(() -> {
        String m = outbox.poll();
        if (m == null || connection == null) {
          cancel(drain);
          return;
        }
        connection.send(m);
      }, 0, Math.max(1, timing.subscribeSpacing().toMillis()), TimeUnit.MILLISECONDS);
    }
  }

  /** Once a second: ping, dead connection, stale data. */
  private void tick() {
    if (config == null || connection == null || !opened) {
      return;
    }
    Instant now = clock.instant();
    if (Duration.between(lastFrame, now).compareTo(timing.ping().multipliedBy(3)) > 0) {
      metrics.sourceError(SOURCE, "connection");
      LOG.warn("RIS Live: nothing received for {} s (not even a pong): reconnecting",
          Duration.between(lastFrame, now).toSeconds());
      connection.close();
      return;
    }
    if (Duration.between(lastPing, now).compareTo(timing.ping()) >= 0) {
      lastPing = now;
      connection.send("{\"type\":\"ping\"}");
    }
    Instant since = lastMessage == null || lastMessage.isBefore(openedAt) ? openedAt : lastMessage;
    boolean fresh = lastMessage != null && Duration.between(lastMessage, now).compareTo(config.staleAfter()) < 0;
    if (up && !fresh) {
      setUp(false, "no RIS message for " + config.staleAfter().toSeconds() + " s");
    }
    if (Duration.between(since, now).compareTo(config.staleAfter()) >= 0) {
      metrics.sourceError(SOURCE, "stale");
      LOG.warn("RIS Live: no RIS message for {} s (not even a beacon): reconnecting",
          Duration.between(since, now).toSeconds());
      connection.close();
    }
  }

  private void setUp(boolean now, String why) {
    if (metrics == null || config == null && now) {
      return;
    }
    if (now != up) {
      up = now;
      if (now) {
        LOG.info("RIS Live: source up ({})", why);
      } else {
        LOG.warn("RIS Live: source down ({})", why);
      }
    }
    metrics.sourceUp(SOURCE, now);
  }

  // ------------------------------------------------------------------ messages

  private void handle(String text) {
    RisMessage m;
    try {
      m = RisMessages.parse(text);
    } catch (RisMessages.Malformed e) {
      metrics.sourceError(SOURCE, e.reason);
      badInput.warn("RIS Live: {} message ignored: {}: {}", e.reason, e.getMessage(), abbreviate(text));
      return;
    }
    switch (m) {
      case RisMessage.Update u -> {
        data(u.host());
        if (takes(u.host())) {
          update(u);
        }
      }
      case RisMessage.PeerState s -> {
        data(s.host());
        if (takes(s.host()) && !s.up()) {
          peerDown(s);
        }
      }
      case RisMessage.Other o -> data(o.host());
      case RisMessage.Pong p -> {}
      case RisMessage.SubscribeOk ok -> LOG.debug("RIS Live: subscribed to {}", ok.prefix());
      case RisMessage.Error e -> {
        metrics.sourceError(SOURCE, "ris_error");
        badInput.warn("RIS Live: the server says: {}", e.message());
      }
    }
  }

  private void data(String host) {
    metrics.sourceMessage(SOURCE, 1);
    lastMessage = clock.instant();
    failures = 0;
    setUp(true, "RIS messages arriving");
  }

  private boolean takes(String host) {
    return config.hosts().isEmpty() || config.hosts().contains(host);
  }

  private void update(RisMessage.Update u) {
    AdjRibIn rib = rib(u.host(), u.peer(), u.peerAsn());
    for (Prefix p : u.withdrawals()) {
      rib.withdraw(family(p), List.of(Nlri.of(p)));
    }
    for (RisMessage.Route r : u.announcements()) {
      if (!detection.relevant(r.prefix())) {
        continue; // a beacon (the canary) or a prefix just unregistered: not kept
      }
      rib.announce(family(r.prefix()), List.of(Nlri.of(r.prefix())), r.attributes());
    }
  }

  private static Family family(Prefix p) {
    return p.ipv6() ? Family.IPV6_UNICAST : Family.IPV4_UNICAST;
  }

  /** The Adj-RIB-In of {@code ris:<host>:<peer>}, made (and up) on its first message. */
  private AdjRibIn rib(String host, IpAddress peer, long asn) {
    String name = PEER_PREFIX + host + ":" + peer;
    AdjRibIn rib = ribs.get(name);
    if (rib != null && rib.peer().asn() != asn) {
      rib.down("RIS peer " + name + " now AS" + asn);
      rib = null;
    }
    if (rib == null) {
      rib = new AdjRibIn(new PeerId(name, peer, asn, PeerId.Source.RIS), interner, feed, loop, clock);
      rib.up(FAMILIES, Set.of(), Duration.ZERO, RIS_ASN);
      ribs.put(name, rib);
      since.put(name, clock.instant());
    }
    return rib;
  }

  private void peerDown(RisMessage.PeerState s) {
    String name = PEER_PREFIX + s.host() + ":" + s.peer();
    since.remove(name);
    AdjRibIn rib = ribs.remove(name);
    if (rib != null) {
      LOG.info("RIS Live: RIS peer {} (AS{}) down at {}: its {} routes withdrawn", rib.peer(), s.peerAsn(), s.host(),
          rib.rib().size());
      rib.down("RIS_PEER_STATE down");
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "... (" + s.length() + " chars)";
  }

  // ------------------------------------------------------------------ registry, reload

  @Override
  public void registryChanged(List<RegisteredPrefix> reg) {
    if (loop != null) {
      loop.execute(() -> resubscribe(reg));
    }
  }

  private void resubscribe(List<RegisteredPrefix> reg) {
    registry = new PrefixRegistry(reg);
    Set<RisSubscriptions.Subscription> next = RisSubscriptions.of(reg);
    Set<RisSubscriptions.Subscription> removed = new LinkedHashSet<>(wanted);
    removed.removeAll(next);
    Set<RisSubscriptions.Subscription> added = new LinkedHashSet<>(next);
    added.removeAll(wanted);
    wanted = next;
    if (config != null && connection != null && opened) {
      removed.forEach(s -> outbox.add(RisSubscriptions.message(s, false, config.hosts())));
      added.forEach(s -> outbox.add(RisSubscriptions.message(s, true, config.hosts())));
      scheduleDrain();
    }
    if (!removed.isEmpty() || !added.isEmpty()) {
      LOG.info("RIS Live: registry changed: {} subscriptions added, {} removed", added.size(), removed.size());
    }
    for (AdjRibIn rib : ribs.values()) {
      List<Prefix> gone = new ArrayList<>();
      rib.rib().forEach(r -> {
        if (!registry.overlaps(r.prefix())) {
          gone.add(r.prefix());
        }
      });
      gone.forEach(p -> rib.withdraw(family(p), List.of(Nlri.of(p))));
    }
  }

  @Override
  public Reload prepareReload(BgpsentryConfig cfg, List<RegisteredPrefix> reg) throws SSLException {
    RisLiveConfig next = cfg.risLive();
    SslContext s = next == null ? null : sslContext(next);
    return () -> loop.execute(() -> {
      if (Objects.equals(next, config)) {
        return;
      }
      if (config != null) {
        LOG.info("RIS Live: configuration changed, reconnecting");
        end();
      }
      if (next != null) {
        metrics.source(SOURCE, REASONS);
        begin(next, s);
      }
    });
  }

  // ------------------------------------------------------------------ API

  @Override
  public ApiViews contribute(ApiViews views) {
    ApiViews.Routes others = views.routes();
    ApiViews.Peers otherPeers = views.peers();
    return views.withPeers(() -> {
      List<PeerStatus> all = new ArrayList<>(otherPeers.peers());
      all.addAll(peerStatuses());
      return all;
    }).withRoutes((prefix, more, peer, origin, limit) -> {
      ApiViews.RouteAnswer a = others.routes(prefix, more, peer, origin, limit);
      if (a.truncated() || a.routes().size() >= limit) {
        return a;
      }
      ApiViews.RouteAnswer mine = routes(prefix, more, peer, origin, limit - a.routes().size());
      List<ReceivedRoute> all = new ArrayList<>(a.routes());
      all.addAll(mine.routes());
      return new ApiViews.RouteAnswer(all, mine.truncated());
    });
  }

  /**
   * The RIS peers for {@code /api/v1/peers}: {@code "source": "ris"}, Established from their first
   * message until RIS_PEER_STATE down (docs/operators-guide.md "Public vantage points: RIS Live").
   */
  private List<PeerStatus> peerStatuses() {
    if (loop == null) {
      return List.of();
    }
    CompletableFuture<List<PeerStatus>> f = new CompletableFuture<>();
    loop.execute(() -> f.complete(ribs.values().stream()
        .sorted((x, y) -> x.peer().name().compareTo(y.peer().name()))
        .map(rib -> new PeerStatus(rib.peer(), SessionState.ESTABLISHED, since.get(rib.peer().name()),
            rib.rib().size(Afi.IPV4), rib.rib().size(Afi.IPV6), List.of(), null, "ris", null, null))
        .toList()));
    try {
      return f.get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("RIS Live peers not read: " + e, e);
    }
  }

  private ApiViews.RouteAnswer routes(Prefix prefix, boolean moreSpecifics, String peer, long origin, int limit) {
    if (loop == null) {
      return new ApiViews.RouteAnswer(List.of(), false);
    }
    CompletableFuture<List<RibRoute>> f = new CompletableFuture<>();
    boolean[] truncated = new boolean[1];
    loop.execute(() -> {
      List<RibRoute> out = new ArrayList<>();
      List<Prefix> roots = prefix != null ? List.of(prefix) : List.of(Prefix.ipv4(0, 0), Prefix.ipv6(0, 0, 0));
      for (AdjRibIn rib : ribs.values().stream().sorted((x, y) -> x.peer().name().compareTo(y.peer().name())).toList()) {
        if (peer != null && !peer.equals(rib.peer().name())) {
          continue;
        }
        for (Prefix root : roots) {
          MoreSpecificsScan scan = rib.rib().scanMoreSpecifics(root, limit - out.size(), r ->
              (moreSpecifics || prefix == null || r.prefix().equals(root))
                  && (origin < 0 || PathView.of(r.attributes().asPath()).origin(r.peer().asn()) == origin));
          scan.step(Integer.MAX_VALUE);
          out.addAll(scan.routes());
          if (scan.truncated()) {
            truncated[0] = true;
            f.complete(out);
            return;
          }
        }
      }
      f.complete(out);
    });
    try {
      List<RibRoute> held = f.get(5, TimeUnit.SECONDS);
      return new ApiViews.RouteAnswer(held.stream().map(r -> ReceivedRoute.of(r, detection::rpkiState).withSource("ris")).toList(),
          truncated[0]);
    } catch (Exception e) {
      throw new IllegalStateException("RIS Live routes not read: " + e, e);
    }
  }

  /** The RIS peers holding routes (tests, status). */
  public CompletableFuture<List<String>> peers() {
    CompletableFuture<List<String>> f = new CompletableFuture<>();
    loop.execute(() -> f.complete(ribs.keySet().stream().sorted().toList()));
    return f;
  }

  @Override
  public void close() {
    stopping = true;
    if (feed != null) {
      feed.stop();
    }
    if (loop != null) {
      loop.execute(() -> {
        if (config != null) {
          end();
        }
      });
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
  }
}
