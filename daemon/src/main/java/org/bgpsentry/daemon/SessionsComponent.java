package org.bgpsentry.daemon;

import java.net.InetAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bgpsentry.analytics.event.PeerEvent;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.analytics.event.RouteEvent;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.analytics.rib.AttributeInterner;
import org.bgpsentry.analytics.rib.RibRoute;
import org.bgpsentry.codec.error.DecodeIssue;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.model.MessageType;
import org.bgpsentry.codec.model.attr.AsPathSegment;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.nlri.Afi;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.daemon.config.BgpConfig;
import org.bgpsentry.daemon.config.BgpsentryConfig;
import org.bgpsentry.daemon.config.PeerConfig;
import org.bgpsentry.daemon.http.ApiViews;
import org.bgpsentry.daemon.http.ReceivedRoute;
import org.bgpsentry.daemon.metrics.BgpsentryMetrics;
import org.bgpsentry.daemon.session.PeerConnections;
import org.bgpsentry.daemon.session.PeerMode;
import org.bgpsentry.daemon.session.PeerRole;
import org.bgpsentry.daemon.session.PeerSettings;
import org.bgpsentry.daemon.session.PeerStatus;
import org.bgpsentry.daemon.session.SessionListener;
import org.bgpsentry.daemon.session.SessionState;
import org.bgpsentry.daemon.session.SpeakerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BGP sessions in the running daemon: {@link PeerConnections} from {@code bgp} and {@code
 * peers}, their events into the metrics of CONTRACT.md §8 and into {@link DetectionComponent},
 * the peers and routes API views. On SIGTERM every session gets a Cease/Administrative Shutdown
 * (RFC 9003 message). A reload that changes {@code bgp} or {@code peers} is logged and takes
 * effect at the next restart: {@link PeerConnections} takes its peers once, and a reload must not
 * drop the sessions it does not touch.
 */
public final class SessionsComponent implements DaemonComponent {
  private static final Logger LOG = LoggerFactory.getLogger(SessionsComponent.class);
  static final Duration CONNECT_RETRY = Duration.ofSeconds(30);
  static final Duration IDLE_HOLD = Duration.ofSeconds(1);

  private final DetectionComponent detection;
  private final ScheduledExecutorService gauges =
      Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("rib-gauges").unstarted(r));
  private PeerConnections connections;
  private BgpConfig bgp;
  private List<PeerConfig> peers;

  /** @param detection where route and peer events go */
  public SessionsComponent(DetectionComponent detection) {
    this.detection = detection;
  }

  @Override
  public void start(DaemonContext ctx, BgpsentryConfig config, List<RegisteredPrefix> registry) throws Exception {
    bgp = config.bgp();
    peers = config.peers();
    SpeakerSettings speaker =
        new SpeakerSettings(bgp.listen(), bgp.localAsn(), bgp.routerId(), bgp.holdTime(), CONNECT_RETRY, IDLE_HOLD);
    List<PeerSettings> settings = new ArrayList<>();
    for (PeerConfig p : peers) {
      settings.add(settings(p));
    }
    BgpsentryMetrics metrics = ctx.metrics();
    for (PeerConfig p : peers) {
      metrics.sessionState(p.name(), "idle");
    }
    connections = new PeerConnections(speaker, settings, new AttributeInterner(), new Listener(metrics), Clock.systemUTC());
    connections.start();
    gauges.scheduleAtFixedRate(() -> {
      for (String peer : connections.peerNames()) {
        metrics.routes(peer, "ipv4", connections.routes(peer, Afi.IPV4));
        metrics.routes(peer, "ipv6", connections.routes(peer, Afi.IPV6));
      }
    }, 0, 1, TimeUnit.SECONDS);
  }

  static PeerSettings settings(PeerConfig p) throws UnknownHostException {
    return new PeerSettings(
        p.name(), InetAddress.getByAddress(p.address().bytes()), p.port(), p.remoteAsn(),
        p.mode() == PeerConfig.Mode.ACTIVE ? PeerMode.ACTIVE : PeerMode.PASSIVE, p.md5Password(),
        p.role() == null ? null : PeerRole.parse(p.role().configName()), p.families(), p.holdTime());
  }

  /** Session events into metrics and detection; runs on the sessions' loop, so it only queues. */
  private final class Listener implements SessionListener {
    private final BgpsentryMetrics metrics;

    Listener(BgpsentryMetrics metrics) {
      this.metrics = metrics;
    }

    @Override
    public void onStateChange(PeerId peer, SessionState old, SessionState next, String reason) {
      metrics.sessionState(peer.name(), next.name().replace("_", "").toLowerCase(Locale.ROOT));
      if (old == SessionState.ESTABLISHED && next != SessionState.ESTABLISHED) {
        metrics.sessionFlap(peer.name());
      }
    }

    @Override
    public void onRouteEvent(RouteEvent event) {
      detection.onRoute(event);
    }

    @Override
    public void onPeerEvent(PeerEvent event) {
      detection.onPeer(event);
    }

    @Override
    public void onUpdateError(PeerId peer, ErrorAction action, DecodeIssue issue) {
      metrics.updateError(peer.name(), action.name().toLowerCase(Locale.ROOT));
    }

    @Override
    public void onMessage(PeerId peer, MessageType type) {
      metrics.messageReceived(peer.name(), type.name().toLowerCase(Locale.ROOT));
    }

    @Override
    public void onRefusedConnection(SocketAddress remote) {
      metrics.refusedConnection();
    }
  }

  @Override
  public void reload(BgpsentryConfig config, List<RegisteredPrefix> registry) {
    if (!config.bgp().equals(bgp) || !config.peers().equals(peers)) {
      LOG.warn("bgp/peers changed: the sessions keep the running settings until the next restart");
    }
  }

  @Override
  public void registryChanged(List<RegisteredPrefix> registry) {}

  @Override
  public ApiViews contribute(ApiViews views) {
    return views.withPeers(this::peers).withRoutes(this::routes);
  }

  private List<org.bgpsentry.daemon.http.PeerStatus> peers() {
    Instant now = Instant.now();
    List<org.bgpsentry.daemon.http.PeerStatus> out = new ArrayList<>();
    for (PeerStatus s : connections.status().join()) {
      out.add(new org.bgpsentry.daemon.http.PeerStatus(
          s.peer().name(), s.peer().address().toString(), s.peer().asn(),
          s.state().name().replace("_", "").toLowerCase(Locale.ROOT),
          s.establishedAt() == null ? 0 : Duration.between(s.establishedAt(), now).toSeconds(),
          s.routesIpv4(), s.routesIpv6(), s.capabilities().stream().map(Object::toString).toList(), s.lastError()));
    }
    return out;
  }

  private List<ReceivedRoute> routes(Prefix prefix, boolean moreSpecifics, String peer) {
    List<ReceivedRoute> out = new ArrayList<>();
    for (String name : connections.peerNames()) {
      if (peer != null && !peer.equals(name)) {
        continue;
      }
      List<RibRoute> rs = connections.withRib(name, rib -> moreSpecifics ? rib.moreSpecifics(prefix) : rib.lookup(prefix)).join();
      for (RibRoute r : rs) {
        out.add(route(r));
      }
    }
    return out;
  }

  /** One RIB entry as CONTRACT.md §7 lists it; RPKI state is {@code unknown} until VRPs are wired. */
  static ReceivedRoute route(RibRoute r) {
    PathAttributes a = r.attributes();
    List<Long> path = new ArrayList<>();
    for (AsPathSegment s : a.asPath().segments()) {
      for (long asn : s.asns()) {
        path.add(asn);
      }
    }
    String nextHop = null;
    if (a.nextHop() != null) {
      nextHop = a.nextHop().address().toString();
    } else if (a.find(PathAttribute.MpReachNlri.class) instanceof PathAttribute.MpReachNlri mp && !mp.nextHops().isEmpty()) {
      nextHop = mp.nextHops().getFirst().toString();
    }
    return new ReceivedRoute(
        r.prefix().toString(), r.peer().name(), nextHop, path, path.isEmpty() ? null : path.getLast(),
        a.origin() == null ? null : a.origin().name().toLowerCase(Locale.ROOT),
        a.localPref() < 0 ? null : a.localPref(), a.med() < 0 ? null : a.med(),
        a.communities().stream().map(c -> (c >>> 16) + ":" + (c & 0xffff)).toList(),
        a.largeCommunities().stream().map(Object::toString).toList(),
        a.otc() < 0 ? null : a.otc(), "unknown", r.receivedAt());
  }

  /** Cease/Administrative Shutdown to every peer (RFC 9003), then the event loops stop. */
  @Override
  public void close() {
    gauges.shutdownNow();
    if (connections != null) {
      connections.stop("bgpsentry shutting down");
    }
  }
}
