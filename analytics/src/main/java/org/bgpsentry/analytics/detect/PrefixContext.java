package org.bgpsentry.analytics.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.analytics.event.PeerLocations;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;

/**
 * A registered prefix P as {@link PrefixDetector}s see it: the routes for exactly P from the
 * operator's own peers (public vantage points judge no path, docs/operators-guide.md "Public vantage points: RIS Live"), the peers
 * carrying P or a covering legitimate route (computed on first use), the established peers and
 * where they stand, and the engine's state of P ({@code seen}, {@code loss}, tracked alerts).
 */
final class PrefixContext {
  /** One route for exactly P from {@code peer}. */
  record Route(PeerId peer, PathView path) {}

  /**
   * P's best legitimate path (docs/alerts.md): the shortest once prepends are collapsed, one
   * traversing {@code via_asns} preferred among equally short ones; {@code peers} receive it.
   */
  record BestPath(long[] collapsed, boolean via, List<PeerId> peers) {
    int length() {
      return collapsed.length;
    }

    List<Long> asList() {
      return Arrays.stream(collapsed).boxed().toList();
    }
  }

  private final RegisteredPrefix registered;
  private final List<Route> routes;
  private final Supplier<Set<PeerId>> carryingSource;
  private final Set<PeerId> established;
  private final PeerLocations locations;
  private final DetectionSettings settings;
  private final boolean seen;
  private final boolean loss;
  private final boolean anyShown;
  private final Predicate<String> tracked;
  private List<Route> legitimate;
  private BestPath best;
  private Set<PeerId> carrying;

  PrefixContext(
      RegisteredPrefix registered,
      List<Route> routes,
      Supplier<Set<PeerId>> carrying,
      Set<PeerId> established,
      PeerLocations locations,
      DetectionSettings settings,
      boolean seen,
      boolean loss,
      boolean anyShown,
      Predicate<String> tracked) {
    this.registered = registered;
    this.routes = routes;
    this.carryingSource = carrying;
    this.established = established;
    this.locations = locations;
    this.settings = settings;
    this.seen = seen;
    this.loss = loss;
    this.anyShown = anyShown;
    this.tracked = tracked;
  }

  RegisteredPrefix registered() {
    return registered;
  }

  /** Routes for exactly P whose origin is one of P's {@code origin_asns}. */
  List<Route> legitimate() {
    if (legitimate == null) {
      List<Route> out = new ArrayList<>(routes.size());
      for (Route r : routes) {
        if (registered.originAsns().contains(r.path().origin(r.peer().asn()))) {
          out.add(r);
        }
      }
      legitimate = out;
    }
    return legitimate;
  }

  /** The best legitimate path, or null when no legitimate route for P is held. */
  BestPath best() {
    if (best == null) {
      List<Long> viaAsns = registered.viaAsns();
      long[] path = null;
      boolean bestVia = false;
      List<PeerId> peers = new ArrayList<>();
      for (Route r : legitimate()) {
        long[] c = r.path().collapsed();
        boolean via = viaAsns.isEmpty() || viaAsns.stream().anyMatch(r.path()::traverses);
        if (path == null || c.length < path.length || (c.length == path.length && via && !bestVia)) {
          path = c;
          bestVia = via;
          peers.clear();
        }
        if (c.length == path.length && via == bestVia) {
          peers.add(r.peer());
        }
      }
      best = path == null ? null : new BestPath(path, bestVia, List.copyOf(peers));
    }
    return best;
  }

  /** Peers carrying P or a covering route whose origin is one of P's {@code origin_asns}. */
  Set<PeerId> carrying() {
    if (carrying == null) {
      carrying = carryingSource.get();
    }
    return carrying;
  }

  /** Peers counted as established, in the order they came up. */
  Set<PeerId> established() {
    return established;
  }

  /** Where {@code peer} stands, or null. */
  String locationOf(PeerId peer) {
    return locations.locationOf(peer);
  }

  DetectionSettings settings() {
    return settings;
  }

  /** P was carried by some peer since start (or restored state). */
  boolean seen() {
    return seen;
  }

  /** This evaluation follows a route going away or a peer going down. */
  boolean loss() {
    return loss;
  }

  /** True when some prefix-wide condition of P may be tracked by the lifecycle. */
  boolean anyShown() {
    return anyShown;
  }

  /** True while the lifecycle tracks a condition for {@code key}. */
  boolean tracked(String key) {
    return tracked.test(key);
  }
}
